"""Pelican plugin: read Markdown with strict YAML front matter and fail loudly.

Pelican logs a reader exception and skips the file with exit code 0; here every
problem is recorded, and after all files are read the build stops with one line
per problem (``ContentError``) before anything is written.

What reading a file produced is kept between builds (``bantin.core.readcache``),
and a build first converts the files the cache has not seen in one process per
core (``prewarm``): Pelican itself reads one file after another.

Settings: ``CATEGORIES`` (declared categories: display name, slug, description,
in menu order), Pelican's ``PAGE_PATHS`` and ``BANTIN_CONTENT`` (dict, defaults
in ``DEFAULTS``).
"""
import functools
import html
import logging
import os
import multiprocessing
import re
import sys
import threading
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.readers import BaseReader
from pelican.urlwrappers import Category, Tag

from bantin.core import frontmatter, partial_hooks, processes, readcache, safety
from bantin.core.errors import UserError
from bantin.core.i18n import _
from bantin.core.settings import page_dirs, plugin_settings
from bantin.core.text import slugify
from bantin import pelican_seam
from bantin.pelican_seam import also_rewrite, fast_membership, resolves_links

logger = logging.getLogger(__name__)
LOG_PREFIX = "[bantin.plugins.content]"

PROBLEMS_KEY = "BANTIN_PROBLEMS"
# cache: the SQLite file of read results (None: no cache). workers 0: one per core;
# fewer files than min_files to convert are converted in the build's own process.
DEFAULTS = {"cache": "cache/content.sqlite3", "workers": 0, "min_files": 64}
# What reading depends on besides the file: our code that parses, converts and checks.
_READING_CODE = [Path(__file__)] + [Path(frontmatter.__file__).with_name(f"{name}.py") for name in (
    "frontmatter", "plainyaml", "safety", "text", "dates", "errors", "settings", "readcache", "i18n")]
_READING_PACKAGES = ("markdown", "nh3", "pyyaml", "pelican")
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class ContentError(UserError):
    """The content has problems; ``str()`` is one line per problem."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def category_table(settings):
    """{display name: (slug, description)} of the declared categories, in menu order."""
    return {name: (slug, desc) for name, slug, desc in settings.get("CATEGORIES", ())}


def plain_text(fragment):
    """HTML fragment to one line of plain text (for descriptions and feeds)."""
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _relative(path, start):
    """os.path.relpath, without its two abspath calls for the usual case (a file under
    ``start``, both absolute): 80,000 calls in a 10,000-article build."""
    prefix = start.rstrip(os.sep) + os.sep
    rest = path[len(prefix):]
    if os.path.isabs(start) and path.startswith(prefix) and rest and \
            os.sep + "." not in os.sep + rest and os.sep * 2 not in os.sep + rest:
        return rest
    return os.path.relpath(path, start)


def config(settings):
    """The ``BANTIN_CONTENT`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_CONTENT", DEFAULTS)


_STORES = {}  # cache file -> the ReadCache open in this process


def _store(settings):
    path = config(settings)["cache"]
    if not path:
        return None
    path = os.path.abspath(path)
    if path not in _STORES:
        _STORES[path] = readcache.ReadCache(path)
    return _STORES[path]


def close_stores(*_args):
    """Write and close the read caches: reading is over (and no connection may cross a fork)."""
    while _STORES:
        _STORES.popitem()[1].close()


class BantinReader(BaseReader):
    """Markdown with YAML front matter validated by ``bantin.core.frontmatter``."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self._md = safety.markdown_converter(settings)
        self._categories = category_table(settings)
        self._reserved = frontmatter.reserved_slugs(settings)
        self._embed_hosts = safety.embed_hosts(settings)
        self._salt = readcache.code_salt(_READING_CODE, _READING_PACKAGES, {
            # NFC, slugs and the HTML parser follow Python's own Unicode tables.
            "python": list(sys.version_info[:2]), "unicode": unicodedata.unidata_version,
            "markdown": settings.get("MARKDOWN"), "categories": settings.get("CATEGORIES"),
            "reserved": sorted(self._reserved), "hosts": sorted(self._embed_hosts),
            "pages": page_dirs(settings)})

    def _relpath(self, source_path):
        return _relative(source_path, os.path.dirname(self.settings["PATH"]))

    def _is_page(self, source_path):
        rel = _relative(source_path, self.settings["PATH"]).replace(os.sep, "/")
        return any(rel.startswith(d + "/") for d in page_dirs(self.settings))

    def cache_key(self, source_path, raw):
        return readcache.key(self._salt, self._relpath(source_path),
                             str(self._is_page(source_path)), raw)

    def read(self, source_path):
        with open(source_path, "rb") as fh:
            raw = fh.read()
        store = _store(self.settings)
        entry_key = self.cache_key(source_path, raw) if store else None
        cached = readcache.unpack(store.get(entry_key)) if store else None
        content, meta, problems = self.convert(source_path, raw, cached_body=cached)
        for problem in problems:
            if problem.severity == "warning":
                logger.warning("%s", problem, extra={"problem": problem})
        if any(p.severity == "error" for p in problems):
            self.settings.setdefault(PROBLEMS_KEY, []).extend(
                p for p in problems if p.severity == "error")
            raise ContentError(problems)
        if cached is None and store:
            store.put_text(entry_key, readcache.pack(content))
        return content, self._metadata(meta, content)

    def convert(self, source_path, raw, cached_body=None):
        """(sanitised HTML, front-matter values, problems) of one file's bytes.

        The front matter is always parsed from the file; ``cached_body`` (from the read
        cache) stands for the costly part, the body's conversion and check, and is
        sanitised again: the cache folder may come from outside this build (CI)."""
        shown = self._relpath(source_path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return "", {}, [frontmatter.Problem(
                shown, _("is not UTF-8 text (byte {byte}); save it as UTF-8", byte=exc.start))]
        doc = frontmatter.parse(text, shown, self._categories, page=self._is_page(source_path),
                                reserved=self._reserved)
        content = ""
        if doc.ok and cached_body is not None:
            content = safety.sanitizer(frozenset(self._embed_hosts)).clean(cached_body)
        elif doc.ok:
            # Only the sanitised body is ever HTML; active content stops the build.
            content, body_problems = safety.render_body(doc, self._md, self._embed_hosts)
            doc.problems += body_problems
        return content, doc.meta, doc.problems

    def _metadata(self, values, content):
        meta = dict(values)
        if "category" in meta:
            category = Category(meta["category"], self.settings)
            category.slug = self._categories[meta["category"]][0]
            meta["category"] = category
        tags = []
        for name in meta.get("tags", []):
            tag = Tag(name, self.settings)
            tag.slug = slugify(name)
            tags.append(tag)
        meta["tags"] = tags
        if "summary" in meta:
            meta["lead"] = meta["description"] = meta["summary"]
            meta["summary"] = f"<p>{html.escape(meta['summary'])}</p>"
        else:
            first = _FIRST_P.search(content)
            meta["summary"] = first.group(0) if first else ""
            meta["description"] = plain_text(meta["summary"])
        return meta


_PREWARM = {}  # the reader the forked converters use


def _content_files(root, extensions):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.rsplit(".", 1)[-1] in extensions and not name.startswith((".", "#")):
                yield os.path.join(folder, name)


def _convert_one(path):
    """In a converter process: (cache key, entry) of one file, or None (problems or none
    kept: the build reads it again and reports)."""
    reader = _PREWARM["reader"]
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        content, meta, problems = reader.convert(path, raw)
    except Exception:  # noqa: BLE001 - the build's own read reports it properly
        return None
    if any(p.severity == "error" for p in problems):
        return None
    return reader.cache_key(path, raw), readcache.pack(content)


def prewarm(pelican):
    """Convert the files the read cache has not seen, in one process per core.

    Pelican then reads every file in its one process, finding each in the cache.
    Only from a build with one thread (forking a threaded process is unsafe: the
    livereload preview reads in its own process, one file after another)."""
    settings = pelican.settings
    cfg = config(settings)
    workers = cfg["workers"] or os.cpu_count() or 1
    if not cfg["cache"] or workers < 2 or threading.active_count() > 1:
        return
    reader = BantinReader(settings)
    store = _store(settings)
    store.prune()
    todo = []
    for path in _content_files(settings["PATH"], reader.file_extensions):
        with open(path, "rb") as fh:
            if not store.has(reader.cache_key(path, fh.read())):
                todo.append(path)
    if len(todo) < cfg["min_files"]:
        return
    close_stores()
    _PREWARM["reader"] = reader
    try:
        with ProcessPoolExecutor(min(workers, len(todo)),
                                 mp_context=multiprocessing.get_context("fork"),
                                 initializer=processes.pool_initializer,
                                 initargs=(os.getpid(),)) as pool:
            results = list(pool.map(_convert_one, todo, chunksize=16))
    finally:
        _PREWARM.clear()
    store = _store(settings)
    for result in results:
        if result:
            store.put_text(*result)
    store.flush()
    logger.info("%s %d files converted in %d processes", LOG_PREFIX, len(todo), workers)


class BulletinArticle(Article):
    """Pelican's Article, with its URL worked out once.

    Pelican formats ``url`` from the settings on every access (~11 µs); the archives,
    the search page and the sitemap of a 10,000-article site ask for every one of
    them, on every rebuild.
    """

    url = functools.cached_property(Article.url.fget)
    save_as = functools.cached_property(Article.save_as.fget)


def _cache_url(instance):
    if type(instance) is Article:
        instance.__class__ = BulletinArticle


def _check_rewritten(instance):
    """Check the body again after Pelican rewrote its {filename}/{static}/{index} links.

    Pelican resolves those placeholders after the reader, per page, with a regex over
    the HTML: a crafted placeholder can turn into a ``javascript:`` address or move a
    quote. What comes out is checked and sanitised once more; active content stops
    the build naming the file. A body without such links comes out as it went in
    (already checked by the reader): nothing to do on every page that shows it."""
    if not resolves_links(instance):
        return
    settings = instance.settings
    hosts = safety.embed_hosts(settings)
    shown = os.path.relpath(instance.source_path, os.path.dirname(settings["PATH"]))

    def refuse(message):
        raise ContentError([frontmatter.Problem(
            shown, _("{problem} (after its links were resolved)", problem=message))])

    def final(html, _siteurl):
        try:
            with safety.time_limit(safety.MARKDOWN_SECONDS):
                findings = safety.find_active(html, hosts)
        except safety.ConversionTimeout:
            refuse("the text takes too long to check")
        if findings:
            refuse(findings[0].message)
        clean = safety.sanitizer(hosts).clean(html)
        # Once more on the cleaned text: Python's HTML parser and the sanitiser's (a
        # browser's) may read a crafted comment differently.
        findings = safety.find_active(clean, hosts)
        if findings:
            refuse(findings[0].message)
        return clean
    also_rewrite(instance, final, last=True)


def add_reader(readers):
    for ext in BantinReader.file_extensions:
        readers.reader_classes[ext] = BantinReader


def reset_problems(pelican):
    reset_settings_problems(pelican.settings)


def reset_settings_problems(settings):
    settings[PROBLEMS_KEY] = []


def _all_documents(generators):
    for gen in generators:
        for attr in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages",
                     "draft_pages"):
            yield from getattr(gen, attr, [])


# Files copied as they are (content/extra/…) are served from the site's origin: no scripts.
ACTIVE_FILE_TYPES = (".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs",
                     ".xml", ".xsl", ".swf", ".wasm")


def _static_problems(generators, settings):
    problems = []
    for gen in generators:
        for static in getattr(gen, "staticfiles", []):
            if static.source_path.lower().endswith(ACTIVE_FILE_TYPES):
                shown = os.path.relpath(static.source_path, os.path.dirname(settings["PATH"]))
                problems.append(frontmatter.Problem(
                    shown, _("files copied as they are may not be pages, scripts or SVG "
                             "drawings ({types}): they would run on the site's own address; "
                             "publish the content as an article or a PDF",
                             types=", ".join(ACTIVE_FILE_TYPES))))
    return problems


def check_site(generators):
    """Cross-file rules, then stop the build if any file had a problem."""
    if not generators:
        return
    settings = generators[0].settings
    problems = list(settings.get(PROBLEMS_KEY, [])) + _static_problems(generators, settings)
    by_output = defaultdict(list)
    for doc in _all_documents(generators):
        shown = os.path.relpath(doc.source_path, os.path.dirname(settings["PATH"]))
        by_output[doc.save_as].append((shown, doc.slug))
    for save_as, docs in sorted(by_output.items()):
        if not save_as:  # not written at all (drafts when publishing)
            continue
        first, *others = sorted(docs)
        for other, slug in others:
            problems.append(frontmatter.Problem(
                other, _("{slug!r} is already used by {path}; set a different 'slug'",
                         slug=slug, path=first[0]), field="slug"))
    # Anything else Pelican failed on (it logs and skips) must not vanish silently either.
    reported = {p.path for p in problems}
    for source, obj in generators[0].context.get("generated_content", {}).items():
        shown = os.path.join(os.path.basename(settings["PATH"]), source)
        if obj is None and shown not in reported:
            problems.append(frontmatter.Problem(shown, _(
                "Pelican could not read this file; run the build with --verbose to see why")))
    if problems:  # printed once, by the command that ran the build, in file order
        raise ContentError(sorted(problems, key=lambda p: (p.path, p.line or 0)))


def register():
    pelican_seam.linear_grouping()
    signals.article_generator_finalized.connect(fast_membership)
    partial_hooks.register("regrouped", fast_membership)
    signals.initialized.connect(reset_problems)
    signals.initialized.connect(prewarm)
    partial_hooks.register("reading", reset_settings_problems)
    signals.readers_init.connect(add_reader)
    signals.content_object_init.connect(_cache_url)
    signals.content_object_init.connect(_check_rewritten)
    signals.all_generators_finalized.connect(close_stores)
    signals.finalized.connect(close_stores)
    signals.all_generators_finalized.connect(check_site)
