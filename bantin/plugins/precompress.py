"""``.gz`` and ``.br`` copies of every text file, for the CDN: each page as it is
written (plugin), then the rest once the site is complete (post-build step).

We tried pelican-precompress: it always uses brotli quality 11, which costs
~23 ms per page (over 4 CPU-minutes for 10,000 pages) for files only ~8 %
smaller than quality 7 at ~0.5 ms. Here the quality is a setting and the work
is spread over all cores.

Setting ``BANTIN_PRECOMPRESS`` (dict), defaults in ``DEFAULTS``.
"""
import gzip
import os

import brotli
from pelican import signals

from bantin.core.processes import process_pool
from bantin.core.settings import plugin_settings

DEFAULTS = {
    "enabled": False,
    "extensions": (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".mjs"),
    "brotli_quality": 5,
    "gzip_level": 9,
    "min_size": 256,  # smaller files gain nothing (and a CDN compresses on the fly anyway)
    "workers": None,
}


def config(settings):
    """The ``BANTIN_PRECOMPRESS`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_PRECOMPRESS", DEFAULTS)


def _compress(args):
    path, brotli_quality, gzip_level = args
    with open(path, "rb") as fh:
        data = fh.read()
    with open(path + ".br", "wb") as fh:
        fh.write(brotli.compress(data, mode=brotli.MODE_TEXT, quality=brotli_quality))
    # mtime=0: the same page gives the same bytes on every build (a clean diff, a stable ETag)
    with open(path + ".gz", "wb") as fh:
        fh.write(gzip.compress(data, compresslevel=gzip_level, mtime=0))
    return 1


def _fresh(path):
    """Whether ``path`` already has compressed copies at least as new as itself."""
    try:
        mtime = os.path.getmtime(path)
        return all(os.path.getmtime(path + ext) >= mtime for ext in (".br", ".gz"))
    except OSError:
        return False


def _wanted(path, extensions, min_size):
    return path.endswith(extensions) and os.path.getsize(path) >= min_size


def text_files(site, extensions, min_size):
    for root, _dirs, files in os.walk(site):
        for name in files:
            path = os.path.join(root, name)
            if _wanted(path, extensions, min_size) and not _fresh(path):
                yield path


def precompress(site, cfg=None):
    """Write ``.br`` and ``.gz`` beside every text file under ``site``; returns the count."""
    cfg = {**DEFAULTS, **(cfg or {})}
    jobs = [(p, cfg["brotli_quality"], cfg["gzip_level"])
            for p in text_files(site, tuple(cfg["extensions"]), cfg["min_size"])]
    workers = cfg["workers"] or os.cpu_count() or 1
    if len(jobs) < 50 or workers == 1:
        return sum(map(_compress, jobs))
    with process_pool(workers) as pool:  # its workers end with the build, even a killed one
        return sum(pool.map(_compress, jobs, chunksize=64))


def run(settings, site):
    """Post-build step: whatever the page writers did not compress yet (sitemap, assets,
    search index…)."""
    cfg = config(settings)
    if cfg["enabled"]:
        precompress(site, cfg)


def compress_written(path, context=None, **_feed):
    """Compress each page as soon as Pelican has written it, in the process that wrote it
    (with bantin.plugins.parallel, every core compresses its own pages)."""
    settings = context or {}
    cfg = config(settings) if "BANTIN_PRECOMPRESS" in settings else None
    if cfg and cfg["enabled"] and _wanted(str(path), tuple(cfg["extensions"]), cfg["min_size"]):
        _compress((str(path), cfg["brotli_quality"], cfg["gzip_level"]))


def register():
    signals.content_written.connect(compress_written)
    signals.feed_written.connect(compress_written)
