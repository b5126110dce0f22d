"""Pelican plugin: a ``_headers`` file for CDN hosts (Netlify / Cloudflare Pages format).

Hashed assets (their name changes with their content) are cached for a year;
HTML, feeds and the sitemap for a few minutes. Every response carries a strict
Content-Security-Policy: scripts and styles only from the site itself. Hosts that
ignore ``_headers`` (GitHub Pages) still get the policy: every page carries it in
a ``<meta http-equiv>`` (the global ``CSP_META``), less what a meta cannot say.

Setting ``BANTIN_CDN`` (dict), defaults in ``DEFAULTS``.
"""
import os
from urllib.parse import urlsplit

from pelican import signals

from bantin.core.errors import SettingsError
from bantin.core.i18n import _
from bantin.core.safety import embed_hosts
from bantin.core.settings import plugin_settings
from bantin.plugins import cms

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


# The monitoring code state websites must install (EMC, the national system that measures
# the use of online services): its script's address as the agency gives it, and any other
# origin it reports to. Unset: nothing is added.
EMC_DEFAULTS = {"script": "", "origins": ()}


def emc(settings):
    """The ``BANTIN_EMC`` setting: (script URL or "", [origins]); SettingsError if the
    address is not https."""
    cfg = plugin_settings(settings, "BANTIN_EMC", EMC_DEFAULTS)
    if not isinstance(cfg["script"], str) or not isinstance(cfg["origins"], (list, tuple)):
        raise SettingsError(_("BANTIN_EMC: script is one address and origins a list of "
                              "addresses, e.g. (\"https://…\",)"))
    script, origins = cfg["script"].strip(), list(cfg["origins"])
    for url in filter(None, [script, *origins]):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname or any(c in url for c in "'\" ;"):
            raise SettingsError(_("BANTIN_EMC: {url!r} must be an https:// address", url=url))
    return script, [f"https://{urlsplit(u).netloc}" for u in filter(None, [script, *origins])]


# Directives a <meta> policy cannot carry (browsers ignore them there, with a warning).
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def policy(settings):
    """The site's Content-Security-Policy as {directive: value}."""
    csp = dict(config(settings)["csp"])
    media = (settings.get("BANTIN_GALLERY") or {}).get("media_url", "")
    if media and csp.get("img-src"):  # photos from the media store's own origin
        origin = "/".join(media.split("/")[:3])
        csp["img-src"] = f"{csp['img-src']} {origin}"
    _script, emc_origins = emc(settings)
    for origin in dict.fromkeys(emc_origins):
        for directive in ("script-src", "connect-src", "img-src"):
            csp[directive] = f"{csp[directive]} {origin}"
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
    if cfg.get("editor"):  # /quan-tri/: the web editor's own policy instead of the site's
        folder, editor_policy = cfg["editor"]
        blocks.append(f"/{folder}/*\n  ! Content-Security-Policy\n"
                      f"  Content-Security-Policy: {editor_policy}")
    blocks += [f"{path}\n  Cache-Control: public, max-age=31536000, immutable"
               for path in cfg["immutable"]]
    blocks += [f"{path}\n  Cache-Control: public, max-age={cfg['html_max_age']}, must-revalidate"
               for path in cfg["short"]]
    return "\n".join(blocks) + "\n"


def add_meta(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update({
        "CSP_META": meta_policy(pelican.settings), "EMC_SCRIPT": emc(pelican.settings)[0]})


def _editor(settings):
    """(folder, policy) of the web editor's page, or None when the site has none."""
    editor = cms.config(settings)
    return (editor["folder"], cms.policy(settings, header=True)) if editor["enabled"] else None


def write(pelican):
    cfg = {**config(pelican.settings), "csp": policy(pelican.settings),
           "editor": _editor(pelican.settings)}
    with open(os.path.join(pelican.output_path, "_headers"), "w", encoding="utf-8") as fh:
        fh.write(headers_file(cfg))


def register():
    signals.initialized.connect(add_meta)
    signals.finalized.connect(write)


def _quoted(value):
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_server(settings, root, redirects=(), listen="80"):
    """An nginx ``server`` block serving the built site in ``root`` as the CDN would:
    the same headers as ``_headers``, precompressed ``.gz`` files, 404.html, and a
    301 for each (old path, new address) of ``redirects``.

    Example: "gzip_static on;" in nginx_server(settings, "/srv/bantin/output")
    """
    cfg = {**config(settings), "csp": policy(settings)}
    host = settings.get("SITEURL", "").split("://", 1)[-1].split("/", 1)[0] or "_"
    # nginx drops the server's add_header lines in a location that has its own: each
    # location repeats them all.
    common = [("Content-Security-Policy", csp_header(cfg["csp"]))] + list(cfg["extra"].items())

    def headers(cache_control):
        return "".join(f"        add_header {name} {_quoted(value)} always;\n"
                       for name, value in common + [("Cache-Control", cache_control)])
    immutable = "|".join(p.strip("/").rstrip("*").rstrip("/").replace(".", r"\.")
                         for p in cfg["immutable"])
    lines = [
        f"# Written by bantin for BANTIN_HOST=nginx: the site in {root}.",
        "# Include it in nginx's http block; set listen and server_name to yours.",
        "server {",
        f"    listen {listen};",
        f"    server_name {host};",
        f"    root {root};",
        "    charset utf-8;",
        "    absolute_redirect off;",
        "    gzip_static on;  # the .gz copies the build wrote beside each text file",
        "    # brotli_static on;  # with the ngx_brotli module: the .br copies",
        "    error_page 404 /404.html;",
        f"    location ~ ^/({immutable})/ {{",
        headers("public, max-age=31536000, immutable").rstrip("\n"),
        "        try_files $uri =404;",
        "    }",
    ]
    editor = _editor(settings)
    if editor:  # the web editor's page: its own policy (Decap needs more than the site)
        policy_line = [("Content-Security-Policy", editor[1])] + list(cfg["extra"].items())
        lines += [f"    location /{editor[0]}/ {{"] + [
            f"        add_header {name} {_quoted(value)} always;"
            for name, value in policy_line + [("Cache-Control", "no-cache")]] + [
            "        try_files $uri $uri/ =404;", "    }"]
    lines += [
        "    location / {",
        headers(f"public, max-age={cfg['html_max_age']}, must-revalidate").rstrip("\n"),
        "        try_files $uri $uri.html $uri/ =404;",
        "    }",
    ]
    for old, new in redirects:
        lines.append(f"    location = /{old} {{ return 301 /{new}; }}")
    return "\n".join(lines + ["}"]) + "\n"
