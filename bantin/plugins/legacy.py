"""Pelican plugin: the old portals' addresses lead to the imported articles.

Every article with ``legacy`` front matter (written by ``invoke import-legacy``)
brings the addresses it had on its old portals. The build writes, for each:

- a small redirect page at the old path where a static host can serve one
  (NukeViet's ``/tin-tuc/…-402.html``): ``meta refresh``, ``rel=canonical`` and
  ``noindex``, a plain link — no JavaScript needed;
- a line of ``_redirects`` (Netlify / Cloudflare Pages syntax) for hosts that read
  one (``bantin.core.hosts``);
- for every address, the lookup table the site's 404 page reads: addresses with a
  query string (Liferay's ``…?_101_assetEntryId=…``, NukeViet's ``index.php?nv=…``)
  reach no file, so the host answers with 404.html, whose script looks the address
  up and moves on with ``location.replace``. The table is split by a hash of the
  address into files of about ``per_file`` entries: a lost reader fetches one.

An address two portals both used for different articles (two ``index.php?…=402``)
is looked up with the old host first; no redirect page is written for it.
The article page says where it came from when ``notice`` is on.

Setting ``BANTIN_LEGACY`` (dict), defaults in ``DEFAULTS``.
"""
import html
import json
import logging
import math
import os

from pelican import signals

from bantin.core.hosts import DEFAULT_HOST, host
from bantin.core.i18n import _
from bantin.core.settings import plugin_settings
from bantin.core import partial_hooks
from bantin.core.addresses import address_key, split, static_path

logger = logging.getLogger(__name__)
DEFAULTS = {
    "notice": True,  # "Bài viết chuyển từ cổng thông tin … cũ" under the article
    "portals": {},  # portal name -> how readers know it, e.g. "phường Đức Giang"
    "redirect_pages": True,
    "lookup": "lien-ket-cu",  # folder of the 404 page's lookup table
    "per_file": 400,
}


def config(settings):
    """The ``BANTIN_LEGACY`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_LEGACY", DEFAULTS)


def fnv1a(text):
    """FNV-1a over UTF-16 code units, as theme/js/old-address.js computes it.

    Example: fnv1a("") == 0x811c9dc5
    """
    value = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value


def origins(article, cfg):
    """[{portal, name, url}] of the portals the article came from; ``url`` is its old
    address (http(s) only), "" when none is known (a text dump)."""
    legacy = article.metadata.get("legacy")
    entries = legacy if isinstance(legacy, list) else [legacy] if legacy else []
    found = []
    for entry in entries:
        url = str(entry.get("url") or "")
        if split(url)[0] not in ("http", "https"):
            url = ""
        portal = str(entry.get("portal") or "")
        if not url and not portal:
            continue
        found.append({"portal": portal, "name": cfg["portals"].get(portal, portal),
                      "url": url})
    return found


def collect(generator):
    """Give each article its old addresses (``legacy_origins``) and remember them."""
    cfg = config(generator.settings)
    moves = []
    for article in generator.articles:
        article.legacy_origins = origins(article, cfg)
        moves += [(o["url"], article.url, article.title) for o in article.legacy_origins
                  if o["url"]]
    generator.settings["_BANTIN_LEGACY_MOVES"] = moves
    # The 404 page (written after this) needs the table's number of files; the same dict
    # object is in the templates' globals.
    generator.settings.setdefault("JINJA_GLOBALS", {}).setdefault("LEGACY", {})["files"] = \
        table_files(moves, cfg["per_file"]) if moves else 0


def prepare(pelican):
    cfg = config(pelican.settings)
    # The 404 page is served at any address, also on the old portals' domains once they
    # point at the site: its script and table are named from the site's root, on the
    # domain the reader is on (an absolute SITEURL would be another origin, which the CSP
    # and the script's same-origin check refuse).
    root = split(pelican.settings.get("SITEURL", ""))[2].rstrip("/") + "/"
    pelican.settings.setdefault("JINJA_GLOBALS", {})["LEGACY"] = {
        "notice": cfg["notice"], "lookup": cfg["lookup"], "files": 0, "root": root}


def table_files(moves, per_file):
    """How many files the 404 page's lookup table is split into."""
    return max(1, math.ceil(len({address_key(old) for old, _new, _title in moves}) / per_file))


def lookup_tables(moves, per_file):
    """(files, {file number: {key: new address}}) for the 404 page; keys with the old
    host first, without it when only one article had that address."""
    by_key = {}
    for old, new, _title in moves:
        key = address_key(old)
        by_key.setdefault(key, {})[split(old)[1] + key] = new
    files = table_files(moves, per_file)
    tables = {}
    for key, hosts in by_key.items():
        table = tables.setdefault(fnv1a(key) % files, {})
        table.update(hosts)
        if len(set(hosts.values())) == 1:
            table[key] = next(iter(hosts.values()))
    return files, tables


def redirect_page(new_url, title, canonical):
    """The HTML of a redirect page; every value escaped.

    Example: 'content="0; url=/a.html"' in redirect_page("/a.html", "Tin", "/a.html")
    """
    url, name, canon = (html.escape(v, quote=True) for v in (new_url, title, canonical))
    return ('<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<title>Đã chuyển: {name}</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{canon}">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
            f'<p>Bài viết đã chuyển đến địa chỉ mới: <a href="{url}">{name}</a>.</p>\n'
            '</body>\n</html>\n')


def _blocked(output, path):
    """Whether a folder on the way to ``path`` is a file (or a link) of the site."""
    folder = output
    for part in path.split("/")[:-1]:
        folder = os.path.join(folder, part)
        if os.path.lexists(folder) and (os.path.islink(folder) or not os.path.isdir(folder)):
            return True
    return False


def path_redirects(moves):
    """[(old path, new address, title)] for the old addresses a static host can serve a
    file at, each used by one article only (two portals' articles at one path: the 404
    lookup asks the host)."""
    paths = {}
    for old, new, title in moves:
        path = static_path(old)
        if path:
            paths.setdefault(path, set()).add((new, title))
    return [(path, *next(iter(targets))) for path, targets in sorted(paths.items())
            if len(targets) == 1]


def write(settings, output):
    """Post-build step (once every page is written): redirect pages, ``_redirects``, the
    404 page's lookup table."""
    moves = settings.get("_BANTIN_LEGACY_MOVES") or []
    settings["_BANTIN_LEGACY_REDIRECTS"] = []
    if not moves:
        return
    cfg = config(settings)
    siteurl = settings.get("SITEURL", "").rstrip("/")
    _files, tables = lookup_tables(moves, cfg["per_file"])
    folder = os.path.join(output, cfg["lookup"])
    os.makedirs(folder, exist_ok=True)
    for number, table in tables.items():
        with open(os.path.join(folder, f"{number}.json"), "w", encoding="utf-8") as fh:
            json.dump(table, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    lines, redirects = [], []
    for path, new, title in path_redirects(moves):
        target = os.path.join(output, *path.split("/"))
        # A page or folder of the new site at that path stays what is served (nginx's
        # try_files and the hosts' pretty URLs would serve x.html for the folder x/).
        if os.path.lexists(target) or os.path.lexists(target[:-len(".html")]) or \
                _blocked(output, path):
            continue
        lines.append(f"/{path} /{new} 301")
        redirects.append((path, new))
        if cfg["redirect_pages"]:
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
            except OSError:  # another redirect's page is where this one needs a folder
                continue
            depth = path.count("/")
            href = f"{siteurl}/{new}" if siteurl else "../" * depth + new
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(redirect_page(href, title, href))
    served_by = host(settings.get("HOST", DEFAULT_HOST))
    if lines and served_by["redirects_file"]:
        if len(lines) > served_by.get("max_redirects", len(lines)):
            # More than the host applies: the redirect pages and the 404 lookup serve them.
            logger.warning("%s", _("{count} old addresses: more than the {limit} redirects "
                                   "{host} reads; they are served by redirect pages instead",
                                   count=len(lines), limit=served_by["max_redirects"],
                                   host=settings.get("HOST")))
        else:
            with open(os.path.join(output, "_redirects"), "a", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")
    settings["_BANTIN_LEGACY_REDIRECTS"] = redirects  # for the nginx server block


def register():
    signals.initialized.connect(prepare)
    signals.article_generator_finalized.connect(collect)
    partial_hooks.register("regrouped", collect)
