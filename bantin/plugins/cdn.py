"""Pelican plugin: a ``_headers`` file for CDN hosts (Netlify / Cloudflare Pages format).

Hashed assets (their name changes with their content) are cached for a year;
HTML, feeds and the sitemap for a few minutes. Every response carries a strict
Content-Security-Policy: scripts and styles only from the site itself. Hosts that
ignore ``_headers`` (GitHub Pages) still get the policy: every page carries it in
a ``<meta http-equiv>`` (the global ``CSP_META``), less what a meta cannot say.

Setting ``BANTIN_CDN`` (dict), defaults in ``DEFAULTS``.
"""
import os

from pelican import signals

from bantin.core.safety import embed_hosts
from bantin.core.settings import plugin_settings

DEFAULTS = {
    # The search index lives in a folder named by its content hash: never changes.
    "immutable": ["/theme/css/*", "/theme/js/*", "/anh/*", "/tim-kiem/chi-muc/*"],
    "short": ["/", "/*.html", "/*.xml", "/robots.txt"],
    "html_max_age": 300,
    "csp": {
        "default-src": "'self'",
        "script-src": "'self'",  # no WebAssembly: the search script is plain JS
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'none'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        # frame-src: the embed allow-list (bantin.core.safety.embed_hosts), added by policy().
    },
    "extra": {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    },
}


def config(settings):
    """The ``BANTIN_CDN`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_CDN", DEFAULTS)


# Directives a <meta> policy cannot carry (browsers ignore them there, with a warning).
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def policy(settings):
    """The site's Content-Security-Policy as {directive: value}."""
    csp = dict(config(settings)["csp"])
    hosts = sorted(embed_hosts(settings))
    csp.setdefault("frame-src", " ".join(f"https://{h}" for h in hosts) or "'none'")
    return csp


def meta_policy(settings):
    """Example: "frame-ancestors" not in meta_policy(settings)"""
    return csp_header({k: v for k, v in policy(settings).items() if k not in HEADER_ONLY})


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


def add_meta(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["CSP_META"] = meta_policy(pelican.settings)


def write(pelican):
    cfg = {**config(pelican.settings), "csp": policy(pelican.settings)}
    with open(os.path.join(pelican.output_path, "_headers"), "w", encoding="utf-8") as fh:
        fh.write(headers_file(cfg))


def register():
    signals.initialized.connect(add_meta)
    signals.finalized.connect(write)
