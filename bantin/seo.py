"""Pelican plugin: robots.txt and the default Open Graph image.

The sitemap itself comes from pelican-sitemap (it does the job on our URLs);
robots.txt names it only when SITEURL is absolute, because a relative Sitemap
line is invalid.

Setting ``BANTIN_SEO`` (dict), defaults in ``DEFAULTS``.
"""
import os

from pelican import signals

DEFAULTS = {"og_image": "", "disallow": []}


def config(settings):
    return {**DEFAULTS, **settings.get("BANTIN_SEO", {})}


def robots_txt(siteurl, disallow=()):
    """Example: robots_txt("https://x.vn") ends with "Sitemap: https://x.vn/sitemap.xml\\n" """
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{path.lstrip('/')}" for path in disallow] or ["Disallow:"]
    if siteurl.startswith("http"):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def prepare(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["OG_DEFAULT_IMAGE"] = \
        config(pelican.settings)["og_image"]


def write(pelican):
    cfg = config(pelican.settings)
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8") as fh:
        fh.write(robots_txt(pelican.settings["SITEURL"], cfg["disallow"]))


def register():
    signals.initialized.connect(prepare)
    signals.finalized.connect(write)
