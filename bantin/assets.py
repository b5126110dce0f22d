"""Pelican plugin: bundle the theme's component CSS into one content-hashed file.

Each component has its own small CSS file in ``theme/css/``; readers get one
file (one request, no @import chain) whose name changes when its content does,
so a CDN may cache it forever. Templates link ``ASSETS.css``.

Setting ``BANTIN_ASSETS`` (dict), defaults in ``DEFAULTS``.
"""
import hashlib
import os

from pelican import signals

DEFAULTS = {"css": ["base"], "css_dir": "css", "output_dir": "theme/css"}


def config(settings):
    return {**DEFAULTS, **settings.get("BANTIN_ASSETS", {})}


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


def prepare(pelican):
    path, text = bundle_css(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["ASSETS"] = {"css": path}
    pelican.settings["_BANTIN_CSS"] = (path, text)


def write(pelican):
    path, text = pelican.settings["_BANTIN_CSS"]
    target = os.path.join(pelican.output_path, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)


def register():
    signals.initialized.connect(prepare)
    signals.finalized.connect(write)
