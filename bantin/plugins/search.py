"""Static search with Pagefind: the theme settings (plugin) and the index (after the build).

Pagefind (from PyPI, runs offline) indexes only what the theme marks with
``data-pagefind-body`` — the article — and ships the index as small files
fetched on demand. Vietnamese matching lives in the theme's search.js:
Pagefind already folds tone marks, and the script adds the "đ"/"d" spellings.

Pagefind holds ~270 KB per page in memory while indexing, so a large site is
indexed in shards of ``shard_size`` articles, one after the other; the first
shard is ``pagefind/``, the others ``pagefind-2/``… listed in
``pagefind/shards.json``, and the search script merges them (``mergeIndex``).

Setting ``BANTIN_SEARCH`` (dict), defaults in ``DEFAULTS``.
"""
import functools
import json
import logging
import os
import subprocess
import sys
import tempfile

from pelican import signals

from bantin.core import processes
from bantin.plugins.content import LOG_PREFIX
from bantin.core.errors import UserError
from bantin.core.settings import plugin_settings

logger = logging.getLogger(__name__)
DEFAULTS = {"enabled": True, "bundle": "pagefind", "shard_size": 800}
MARKER = b"data-pagefind-body"
# Pagefind's ready-made UIs: we ship our own small script instead.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(UserError):
    """Pagefind failed; the message carries its output."""


def config(settings):
    """The ``BANTIN_SEARCH`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_SEARCH", DEFAULTS)


def _run_pagefind(site, output):
    # Pagefind ends with the build, however the build ends (python -m pagefind execs the
    # binary in the same process, which keeps the parent-death signal).
    processes.prepare_die_with_parent()
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", site, "--output-path", output, "--quiet"],
        capture_output=True, text=True, timeout=3600,
        preexec_fn=functools.partial(processes.die_with_parent, os.getpid()))
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        path = os.path.join(output, name)
        if os.path.exists(path):
            os.remove(path)


def searchable_pages(site):
    """Site-relative paths of the published article pages (those marked for Pagefind)."""
    pages = []
    for name in sorted(os.listdir(site)):  # articles live at the top level; drafts do not count
        path = os.path.join(site, name)
        if name.endswith(".html") and os.path.isfile(path):
            with open(path, "rb") as fh:
                if MARKER in fh.read():
                    pages.append(name)
    return pages


def build_index(site, bundle="pagefind", shard_size=1000):
    """Index ``site`` in shards; returns the bundle folders (relative to the site)."""
    pages = searchable_pages(site)
    shards = [pages[i:i + shard_size] for i in range(0, len(pages), shard_size)] or [[]]
    bundles = []
    for number, shard in enumerate(shards, 1):
        name = bundle if number == 1 else f"{bundle}-{number}"
        with tempfile.TemporaryDirectory(dir=site, prefix=".shard-") as tmp:
            for page in shard:
                os.link(os.path.join(site, page), os.path.join(tmp, page))
            _run_pagefind(tmp, os.path.join(site, name))
        bundles.append(f"{name}/")
    with open(os.path.join(site, bundle, "shards.json"), "w", encoding="utf-8") as fh:
        json.dump(bundles[1:], fh)
    return bundles


def prepare(pelican):
    cfg = config(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["SEARCH"] = {
        "enabled": cfg["enabled"], "bundle": cfg["bundle"]}


def run(settings, site):
    """Post-build step (called by bantin.build once the site is written)."""
    cfg = config(settings)
    if cfg["enabled"]:
        bundles = build_index(site, cfg["bundle"], cfg["shard_size"])
        logger.info("%s search index: %d shard(s)", LOG_PREFIX, len(bundles))


def register():
    signals.initialized.connect(prepare)
