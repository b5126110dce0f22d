"""Pelican plugin: build the static search index with Pagefind after the site is written.

Pagefind (from PyPI, runs offline) indexes only what the theme marks with
``data-pagefind-body`` — the article — and ships the index as small files
fetched on demand. Vietnamese matching lives in the theme's search.js:
Pagefind already folds tone marks, and the script adds the "đ"/"d" spellings.

Setting ``BANTIN_SEARCH`` (dict), defaults in ``DEFAULTS``.
"""
import logging
import os
import subprocess
import sys

from pelican import signals

from bantin.content import LOG_PREFIX

logger = logging.getLogger(__name__)
DEFAULTS = {"enabled": True, "bundle": "pagefind"}
# Pagefind's ready-made UIs: we ship our own small script instead.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


def config(settings):
    return {**DEFAULTS, **settings.get("BANTIN_SEARCH", {})}


def build_index(site, bundle="pagefind"):
    """Run Pagefind over the built ``site``; returns its summary output."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", site, "--output-subdir", bundle,
         "--quiet"], capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        path = os.path.join(site, bundle, name)
        if os.path.exists(path):
            os.remove(path)
    return result.stdout


def prepare(pelican):
    cfg = config(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["SEARCH"] = {
        "enabled": cfg["enabled"], "bundle": cfg["bundle"]}


def index(pelican):
    cfg = config(pelican.settings)
    if cfg["enabled"]:
        build_index(pelican.output_path, cfg["bundle"])
        logger.info("%s search index written to %s/", LOG_PREFIX, cfg["bundle"])


def register():
    signals.initialized.connect(prepare)
    signals.finalized.connect(index)
