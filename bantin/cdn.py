"""Pelican plugin: a ``_headers`` file for CDN hosts (Netlify / Cloudflare Pages format).

Hashed assets (their name changes with their content) are cached for a year;
HTML, feeds and the sitemap for a few minutes. Every response carries a strict
Content-Security-Policy: scripts and styles only from the site itself.

Setting ``BANTIN_CDN`` (dict), defaults in ``DEFAULTS``.
"""
import os

from pelican import signals

DEFAULTS = {
    "immutable": ["/theme/css/*", "/theme/js/*", "/anh/*"],
    "short": ["/", "/*.html", "/*.xml", "/robots.txt"],
    "html_max_age": 300,
    "csp": {
        "default-src": "'self'",
        "script-src": "'self' 'wasm-unsafe-eval'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'none'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "frame-src": "https://www.youtube-nocookie.com https://www.youtube.com",
    },
    "extra": {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    },
}


def config(settings):
    return {**DEFAULTS, **settings.get("BANTIN_CDN", {})}


def csp_header(policy):
    """Example: csp_header({"default-src": "'self'"}) == "default-src 'self'" """
    return "; ".join(f"{key} {value}" for key, value in policy.items())


def headers_file(cfg):
    """The text of ``_headers``: one path rule per block, indented headers."""
    blocks = ["/*\n  Content-Security-Policy: " + csp_header(cfg["csp"]) + "".join(
        f"\n  {name}: {value}" for name, value in cfg["extra"].items())]
    blocks += [f"{path}\n  Cache-Control: public, max-age=31536000, immutable"
               for path in cfg["immutable"]]
    blocks += [f"{path}\n  Cache-Control: public, max-age={cfg['html_max_age']}, must-revalidate"
               for path in cfg["short"]]
    return "\n".join(blocks) + "\n"


def write(pelican):
    with open(os.path.join(pelican.output_path, "_headers"), "w", encoding="utf-8") as fh:
        fh.write(headers_file(config(pelican.settings)))


def register():
    signals.finalized.connect(write)
