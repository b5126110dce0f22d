"""Pelican plugin: the site's search index, built from the articles as they were read.

Once every file is read (``all_generators_finalized``) and before any page is written,
the published articles' titles and text go to ``bantin.core.searchindex``, whose files
are written into ``<bundle>/<version>/``; the search page carries the manifest (what
the browser needs before its first request) in a data attribute. Nothing re-reads the
written pages, and a reader's phone fetches one small file per query word and one per
few results, whatever the size of the archive.

Why our own index and not Pagefind (used before): see README, "Search".

Setting ``BANTIN_SEARCH`` (dict), defaults in ``DEFAULTS``.
"""
import json
import logging
import os
import shutil

from pelican import signals

from bantin.core import dates, searchindex
from bantin.core.settings import plugin_settings
from bantin.plugins.content import LOG_PREFIX, plain_text

logger = logging.getLogger(__name__)
# chunk: results per file of the result list (title, address, date, snippet).
DEFAULTS = {"enabled": True, "bundle": "tim-kiem/chi-muc", "chunk": 40}


def config(settings):
    """The ``BANTIN_SEARCH`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_SEARCH", DEFAULTS)


def prepare(pelican):
    cfg = config(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["SEARCH"] = {
        "enabled": cfg["enabled"], "bundle": cfg["bundle"], "manifest": ""}


def documents(articles):
    """The published articles as the index sees them, newest first."""
    docs = []
    for article in sorted(articles, key=lambda a: (a.date, a.url), reverse=True):
        lead = getattr(article, "lead", "") or ""
        body = plain_text(article.content)
        docs.append(searchindex.Doc(
            url=article.url, title=article.title, year=article.date.year,
            date_shown=dates.weekday_datetime(article.date), category=article.category.name,
            text=f"{lead} {body}", snippet=searchindex.snippet(lead or body)))
    return docs


def write_index(settings, articles, output):
    """Build the index of ``articles`` into ``output``; returns its manifest."""
    cfg = config(settings)
    names = [name for name, _slug, _desc in settings.get("CATEGORIES", ())]
    plan = searchindex.Plan(documents(articles), names, chunk=cfg["chunk"])
    files, version = searchindex.build(plan)
    bundle = os.path.join(output, *cfg["bundle"].split("/"))
    folder = os.path.join(bundle, version)
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    # A rebuilt preview keeps only the index its search page names.
    for old in os.listdir(bundle):
        if old != version and os.path.isdir(os.path.join(bundle, old)):
            shutil.rmtree(os.path.join(bundle, old), ignore_errors=True)
    logger.info("%s search index: %d articles, %d files", LOG_PREFIX, len(plan.docs), len(files))
    return plan.manifest(version)


def index_site(generators):
    """Before the pages are written: the index, and its manifest for the search page."""
    if not generators:
        return
    settings = generators[0].settings
    if not config(settings)["enabled"]:
        return
    articles = [a for g in generators for a in getattr(g, "articles", [])]
    manifest = write_index(settings, articles, settings["OUTPUT_PATH"])
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("SEARCH", {})["manifest"] = \
        json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))


def register():
    signals.initialized.connect(prepare)
    signals.all_generators_finalized.connect(index_site)
