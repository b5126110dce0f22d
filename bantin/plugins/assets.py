"""Pelican plugin: bundle the theme's component CSS into one content-hashed file,
and give each theme script a content-hashed name.

Each component has its own small CSS file in ``theme/css/``; readers get one
file (one request, no @import chain) whose name changes when its content does,
so a CDN may cache it forever. Templates link ``ASSETS.css``.

Setting ``BANTIN_ASSETS`` (dict), defaults in ``DEFAULTS``.
"""
import hashlib
import os

from pelican import signals
from bantin.core.settings import plugin_settings

DEFAULTS = {"css": ["base"], "css_dir": "css", "output_dir": "theme/css",
            "js": {}, "js_dir": "js", "js_output_dir": "theme/js"}


def config(settings):
    """The ``BANTIN_ASSETS`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_ASSETS", DEFAULTS)


def bundle_css(settings):
    """Return (hashed relative path, CSS text) of the theme's component files.

    Example: bundle_css(settings)[0] == "theme/css/site.3f2a9c1b.css"
    """
    cfg = config(settings)
    parts = []
    for name in cfg["css"]:
        path = os.path.join(settings["THEME"], cfg["css_dir"], f"{name}.css")
        with open(path, encoding="utf-8") as fh:
            parts.append(f"/* {name} */\n{fh.read().strip()}\n")
    text = "".join(parts)
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return f"{cfg['output_dir']}/site.{digest}.css", text


def hashed_scripts(settings):
    """{name: (hashed relative path, JS text)} of the theme's scripts, each loaded
    only by the pages that need it."""
    cfg = config(settings)
    scripts = {}
    for name, filename in cfg["js"].items():
        with open(os.path.join(settings["THEME"], cfg["js_dir"], filename), encoding="utf-8") as fh:
            text = fh.read()
        digest = hashlib.sha256(text.encode()).hexdigest()[:10]
        stem = filename.rsplit(".", 1)[0]
        scripts[name] = (f"{cfg['js_output_dir']}/{stem}.{digest}.js", text)
    return scripts


def prepare(pelican):
    css_path, css = bundle_css(pelican.settings)
    scripts = hashed_scripts(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["ASSETS"] = {
        "css": css_path, "js": {name: path for name, (path, _text) in scripts.items()}}
    pelican.settings["_BANTIN_ASSETS"] = [(css_path, css)] + list(scripts.values())


def write(pelican):
    for path, text in pelican.settings["_BANTIN_ASSETS"]:
        target = os.path.join(pelican.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)


def register():
    signals.initialized.connect(prepare)
    signals.finalized.connect(write)
