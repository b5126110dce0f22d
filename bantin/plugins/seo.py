"""Pelican plugin: sitemap.xml, robots.txt and the default Open Graph image.

We tried pelican-sitemap: it remembers the first Pelican object of the
process, so after one failed build (a bad article during ``invoke
livereload``) it silently stops writing the sitemap. This one keeps its state
in the build's own settings. robots.txt names the sitemap only when SITEURL is
absolute, because a relative Sitemap line is invalid.

Setting ``BANTIN_SEO`` (dict), defaults in ``DEFAULTS``.
"""
import os
from types import SimpleNamespace
from xml.sax.saxutils import escape

from pelican import signals

from bantin.core import partial_hooks
from bantin.core.settings import plugin_settings

DEFAULTS = {"og_image": "", "disallow": []}


def config(settings):
    """The ``BANTIN_SEO`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_SEO", DEFAULTS)


def robots_txt(siteurl, disallow=()):
    """Example: robots_txt("https://x.vn") ends with "Sitemap: https://x.vn/sitemap.xml\\n" """
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{path.lstrip('/')}" for path in disallow] or ["Disallow:"]
    if siteurl.startswith("http"):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap_xml(siteurl, entries):
    """Sitemap for (relative URL, lastmod datetime or None) entries.

    Example: "<loc>https://x.vn/a.html</loc>" in sitemap_xml("https://x.vn", [("a.html", None)])
    """
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        loc = f"{siteurl.rstrip('/')}/{url}" if siteurl else url
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{mod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def collect(generators):
    """Remember the published pages of this build for the sitemap."""
    settings = generators[0].settings
    entries = [("index.html", None)]
    for gen in generators:
        for article in getattr(gen, "articles", []):
            entries.append((article.url, getattr(article, "modified", None) or article.date))
        for page in getattr(gen, "pages", []):
            entries.append((page.url, None))
        for category, _articles in getattr(gen, "categories", []):
            entries.append((category.url, None))
    settings["_BANTIN_SITEMAP"] = entries


def prepare(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["OG_DEFAULT_IMAGE"] = \
        config(pelican.settings)["og_image"]


def rewrite(generators, settings, output_path):
    """The sitemap again, after a partial rebuild changed the list of articles."""
    collect(generators)
    write(SimpleNamespace(settings=settings, output_path=output_path))


def write(pelican):
    cfg = config(pelican.settings)
    siteurl = pelican.settings["SITEURL"] if pelican.settings["SITEURL"].startswith("http") else ""
    with open(os.path.join(pelican.output_path, "sitemap.xml"), "w", encoding="utf-8") as fh:
        fh.write(sitemap_xml(siteurl, pelican.settings.get("_BANTIN_SITEMAP", [])))
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8") as fh:
        fh.write(robots_txt(pelican.settings["SITEURL"], cfg["disallow"]))


def register():
    signals.initialized.connect(prepare)
    signals.all_generators_finalized.connect(collect)
    partial_hooks.register("written", rewrite)
    signals.finalized.connect(write)
