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
import hashlib
import json
import logging
import os
import shutil
import threading
import unicodedata
from importlib import metadata
from pathlib import Path

from pelican import signals

from bantin.core import dates, processes, searchindex
from bantin.core.errors import UserError
from bantin.core.i18n import _
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


def _newest_first(articles):
    return sorted(articles, key=lambda a: (a.date, a.url), reverse=True)


def documents(articles, with_text=True):
    """The published articles as the index sees them, newest first (``with_text=False``:
    without their text, enough to plan the files)."""
    docs = []
    for article in _newest_first(articles):
        lead = getattr(article, "lead", "") or ""
        body = plain_text(article.content) if with_text else ""
        docs.append(searchindex.Doc(
            url=article.url, title=article.title, year=article.date.year,
            date_shown=dates.weekday_datetime(article.date), category=article.category.name,
            text=f"{lead} {body}", snippet=searchindex.snippet(lead or body)))
    return docs


# The code that makes the index's files from the articles.
_INDEX_CODE = [Path(__file__), Path(searchindex.__file__), Path(dates.__file__),
               Path(plain_text.__code__.co_filename)]


def _version(articles, cfg, manifest):
    """A hash of what the index is made of: its name changes when (and only when) it does.
    The files are served as immutable, so everything that shapes them is in it."""
    digest = hashlib.sha256()
    for path in _INDEX_CODE:
        digest.update(path.read_bytes())
    digest.update(json.dumps([cfg, manifest, unicodedata.unidata_version,
                              metadata.version("babel")], sort_keys=True).encode())
    for article in _newest_first(articles):
        for part in (article.url, article.title, article.date.isoformat(),
                     article.category.name, getattr(article, "lead", "") or "", article.content):
            data = str(part).encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:10]


def _plan(settings, docs):
    names = [name for name, _slug, _desc in settings.get("CATEGORIES", ())]
    return searchindex.Plan(docs, names, chunk=config(settings)["chunk"])


def write_index(settings, articles, output, version):
    """Build the index of ``articles`` into ``output``/<bundle>/``version``/."""
    plan = _plan(settings, documents(articles))
    files = searchindex.build(plan)
    bundle = os.path.join(output, *config(settings)["bundle"].split("/"))
    folder = os.path.join(bundle, version)
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    # A rebuilt preview keeps only the index its search page names.
    for old in os.listdir(bundle):
        if old != version and os.path.isdir(os.path.join(bundle, old)):
            shutil.rmtree(os.path.join(bundle, old), ignore_errors=True)
    logger.info("%s %s", LOG_PREFIX, _("search index: {articles} articles, {files} files",
                                       articles=len(plan.docs), files=len(files)))


JOB = {}  # the forked index builder of this build, if any


def index_site(generators):
    """Once everything is read: the manifest for the search page, and the index itself,
    built in a forked process while the pages are written (in this one when threads run,
    e.g. in the livereload preview: forking a threaded process is unsafe)."""
    if not generators:
        return
    settings = generators[0].settings
    cfg = config(settings)
    if not cfg["enabled"]:
        return
    # Articles, and whatever else a plugin offers to search (bantin.plugins.documents).
    articles = [a for g in generators for a in (*getattr(g, "articles", ()),
                                                *getattr(g, "search_documents", ()))]
    plan = _plan(settings, documents(articles, with_text=False))
    version = _version(articles, cfg, plan.manifest(""))
    manifest = plan.manifest(version)
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("SEARCH", {})["manifest"] = \
        json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    output = settings["OUTPUT_PATH"]
    if threading.active_count() > 1:
        try:
            write_index(settings, articles, output, version)
        except Exception as exc:  # noqa: BLE001 - reported as the forked builder's are
            raise SearchIndexError(_("The search index could not be built: {kind}: {error}",
                                     kind=type(exc).__name__, error=exc)) from exc
    else:
        try:
            JOB["job"] = processes.ForkedJob(
                lambda: write_index(settings, articles, output, version))
        except OSError:  # no memory or process left to fork: build it here
            write_index(settings, articles, output, version)


def wait(*_args):
    """Wait for the forked index builder; SearchIndexError if it failed."""
    job = JOB.pop("job", None)
    problem = job.wait() if job else None
    if problem:
        raise SearchIndexError(_("The search index could not be built: {problem}",
                                 problem=problem))


def cancel():
    """The build failed: stop the forked index builder, if any."""
    job = JOB.pop("job", None)
    if job:
        job.cancel()


class SearchIndexError(UserError):
    """The index could not be built; the message says why."""


def register():
    signals.initialized.connect(prepare)
    signals.all_generators_finalized.connect(index_site)
    signals.finalized.connect(wait)
