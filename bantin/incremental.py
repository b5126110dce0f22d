"""Incremental rebuilds for ``invoke livereload``: a long-lived process that keeps
the parsed site in memory, re-reads only changed files and re-renders only the
pages whose inputs changed.

Each rebuild runs Pelican as usual, with two differences (active only inside a
``Preview``):

- the readers share an in-memory cache keyed by the file's modification time,
  so an unchanged article is not parsed again;
- the writer computes, for every page, a signature of what its template shows
  (the article, its neighbours, the listed articles, menus, counts…). A page
  whose signature did not change is neither rendered nor written; pages that
  no longer exist are deleted.

The result is the same bytes as a full build (tests compare them).
"""
import hashlib
import os
import threading
import time

from pelican import Pelican, signals
from pelican.contents import Article, Content
from pelican.writers import Writer

from bantin import parallel, search
from bantin.build import BuildError, load_settings
from bantin.content import ContentError
from bantin.dates import now_vn

SESSION = {"active": None}
# Templates that show every article (all dates) rather than one page of them.
ALL_DATES_TEMPLATES = {"archives.html", "search.html"}
# Templates that show the number of articles per category and the most-viewed list.
COUNTS_TEMPLATES = {"index.html", "categories.html", "404.html"}


def _digest(*parts):
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _text_key(text):
    # Python caches a string's hash on the object and the reader cache hands back the same
    # string objects between rebuilds; signatures only live inside this process.
    return (len(text), hash(text))


def listed(article):
    """What a listing shows of an article (title, date, category, summary…)."""
    cached = getattr(article, "_bantin_listed", None)
    if cached is None:
        cached = (article.url, article.title, article.date.isoformat(), article.category.name,
                  article.category.url, getattr(article, "views", 0),
                  article.metadata.get("summary"), getattr(article, "description", ""))
        article._bantin_listed = cached
    return cached


def full(obj, now):
    """What an article or static page shows on its own page."""
    neighbours = [getattr(obj, k, None) for k in ("newer_in_category", "older_in_category")]
    return (listed(obj) if isinstance(obj, Article) else (obj.url, obj.title),
            _text_key(obj._content), sorted((k, repr(v)) for k, v in obj.metadata.items()
                                            if k not in ("summary", "description")),
            repr(getattr(obj, "cover_image", None)), repr(getattr(obj, "gallery_items", None)),
            getattr(obj, "og_image", None), getattr(obj, "has_body_images", False),
            [listed(n) if n else None for n in neighbours],
            [listed(r) for r in getattr(obj, "related_in_category", [])],
            getattr(obj, "status", None), getattr(obj, "date", now) > now)


def _photos(article):
    return (article.metadata.get("cover"), repr(article.metadata.get("gallery")),
            "<img" in article._content)


def _forget(obj):
    obj.__dict__.pop("_bantin_listed", None)


class _OneArticle:
    """What bantin.gallery needs of a generator, limited to a few articles."""

    def __init__(self, gen, articles):
        self.settings, self.output_path, self.env = gen.settings, gen.output_path, gen.env
        self.articles, self.drafts, self.hidden_articles = articles, [], []


class Session:
    """State kept between rebuilds of one Preview."""

    def __init__(self):
        self.reader_cache = {}
        self.signatures = {}  # output file -> signature
        self.written = set()  # output files produced by the current rebuild
        self.rendered = 0
        self.skip_next = False
        self.global_sig = None
        self.now = None
        self.generators = None  # of the last full rebuild, for the fast path

    def begin(self, context_now):
        self.written, self.rendered, self.global_sig, self.now = set(), 0, None, context_now

    def page_signature(self, name, template, ctx):
        if self.global_sig is None:  # the menu and footer of every page
            self.global_sig = _digest([(c.name, c.url) for c, _a in ctx["categories"]],
                                      [(p.title, p.url) for p in ctx.get("pages", [])])
        parts = [name, template.name, ctx.get("SITEURL"), self.global_sig]
        if template.name in COUNTS_TEMPLATES:
            parts.append(([(c.name, len(a), getattr(c, "description", ""))
                           for c, a in ctx["categories"]],
                          [listed(a) for a in ctx.get("most_viewed", [])]))
        for key in ("article", "page"):
            if key in ctx and ctx[key] is not None:
                parts.append(full(ctx[key], self.now))
        for key in ("category", "tag"):
            if ctx.get(key) is not None:
                obj = ctx[key]
                parts.append((obj.name, obj.url, getattr(obj, "description", "")))
        page = ctx.get("articles_page")
        if page is not None:
            parts.append((page.number, ctx["articles_paginator"].num_pages,
                          [listed(a) for a in page.object_list]))
        if template.name in ALL_DATES_TEMPLATES or "period" in ctx:
            parts.append((ctx.get("period"), [listed(a) for a in ctx.get("dates", [])]))
        if template.name == "tags.html":
            parts.append([(t.name, t.url, len(a)) for t, a in ctx.get("tags", [])])
        return _digest(*parts)


class _Memo:
    """A template stand-in that renders only when the page's signature changed."""

    def __init__(self, template, session, output_path):
        self.template, self.session, self.output_path = template, session, output_path
        self.name = template.name

    def render(self, ctx):
        name = ctx["output_file"]
        session = self.session
        session.written.add(name)
        signature = session.page_signature(name, self.template, ctx)
        if session.signatures.get(name) == signature and \
                os.path.exists(os.path.join(self.output_path, name)):
            session.skip_next = True
            return ""
        session.signatures[name] = signature
        session.rendered += 1
        return self.template.render(ctx)


class IncrementalWriter(Writer):
    def write_file(self, name, template, *args, **kwargs):
        return super().write_file(name, _Memo(template, SESSION["active"], self.output_path),
                                  *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        session = SESSION["active"]
        session.written.add(path)
        signature = _digest(path, args, sorted(kwargs.items()), [
            (listed(e), _text_key(e._content), [t.name for t in getattr(e, "tags", [])])
            for e in elements])
        if session.signatures.get(path) == signature and \
                os.path.exists(os.path.join(self.output_path, path)):
            return None
        session.signatures[path] = signature
        session.rendered += 1
        return super().write_feed(elements, context, path, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        session = SESSION["active"]
        if session.skip_next:
            session.skip_next = False
            self._written_files.add(filename)
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


def _share_reader_cache(generator):
    # After the generator made its Readers (Pelican sets up their cache after readers_init).
    session = SESSION["active"]
    if session is not None:
        readers = generator.readers
        readers._cache = session.reader_cache
        readers._cache_data_policy = True
        readers.save_cache = lambda: None


def _writer(pelican):
    return IncrementalWriter if SESSION["active"] is not None else None


def _keep_generators(generators):
    if SESSION["active"] is not None:
        SESSION["active"].generators = generators


def register():
    signals.all_generators_finalized.connect(_keep_generators)
    signals.article_generator_init.connect(_share_reader_cache)
    signals.page_generator_init.connect(_share_reader_cache)
    signals.get_writer.connect(_writer)


class Preview:
    """Build once, then rebuild incrementally into the same output folder.

    Example:
        preview = Preview("pelicanconf.py", "output")
        preview.build()            # full
        ...                        # an editor saves a file
        preview.build()            # only what changed
    """

    def __init__(self, settings_file, output, search_index=True, **overrides):
        self.settings_file, self.output, self.overrides = settings_file, output, overrides
        self.search_index = search_index
        self.session = Session()
        self.last = {}
        self._search_thread = None
        self._stat_files = {}

    def _settings(self):
        settings = load_settings(self.settings_file, **self.overrides)
        settings["OUTPUT_PATH"] = os.path.abspath(self.output)
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        settings["BANTIN_PARALLEL"] = {"workers": 1}
        settings["PLUGINS"] = list(settings["PLUGINS"]) + ["bantin.incremental"]
        settings["CACHE_CONTENT"] = True
        settings["CONTENT_CACHING_LAYER"] = "reader"
        settings["LOAD_CONTENT_CACHE"] = False
        settings["CHECK_MODIFIED_METHOD"] = "mtime"
        return settings

    def _code_stamp(self, settings):
        """Settings and theme files: when they change, nothing cached can be trusted."""
        paths = [self.settings_file]
        for root, _dirs, files in os.walk(settings["THEME"]):
            paths += [os.path.join(root, f) for f in files]
        return _digest(sorted((p, os.stat(p).st_mtime_ns) for p in paths),
                       open(self.settings_file, "rb").read())

    def build(self, wait_for_search=False):
        """Rebuild; returns {"seconds", "rendered", "deleted"}. Raises BuildError."""
        started = time.perf_counter()
        settings = self._settings()
        stamp = self._code_stamp(settings)
        if stamp != getattr(self, "_stamp", stamp):
            self.session = Session()  # categories, templates… may all have changed
        self._stamp = stamp
        if self._fast_path(settings):
            self.last = {"seconds": time.perf_counter() - started,
                         "rendered": self.session.rendered, "deleted": 0, "fast": True}
            if self.search_index and search.config(settings)["enabled"]:
                self._index_in_background(settings, wait_for_search)
            return self.last
        os.makedirs(self.output, exist_ok=True)
        self.session.begin(now_vn())
        previous = set(self.session.signatures) | getattr(self, "_outputs", set())
        SESSION["active"] = self.session
        parallel.reset()
        try:
            Pelican(settings).run()
        except ContentError as exc:
            raise BuildError(str(exc)) from None
        finally:
            SESSION["active"] = None
            for method in ("get_content", "get_summary"):  # memoized per object: would leak
                Content.__dict__[method].cache.clear()
        self._outputs = set(self.session.written)
        self._stat_files = self._changed_files(settings)[1]
        deleted = sorted(previous - self.session.written)
        for name in deleted:
            self.session.signatures.pop(name, None)
            try:
                os.remove(os.path.join(self.output, name))
            except FileNotFoundError:
                pass
        self.last = {"seconds": time.perf_counter() - started,
                     "rendered": self.session.rendered, "deleted": len(deleted)}
        if self.search_index and search.config(settings)["enabled"]:
            self._index_in_background(settings, wait_for_search)
        return self.last

    def _fast_path(self, settings):
        """Only the text of published articles changed: re-render those pages and the feeds.

        Everything a listing shows (title, date, category, tags, summary, photos…) must be
        unchanged; anything else — a new, deleted or renamed file, a photo — takes the
        general path. Returns False when it did not apply.
        """
        session = self.session
        if not session.generators or not self._stat_files:
            return False
        changed, files = self._changed_files(settings)
        if changed is None:
            return False
        if not changed:  # nothing was saved: nothing to do
            session.rendered = 0
            return True
        gen = next((g for g in session.generators if hasattr(g, "generate_feeds")), None)
        by_path = {a.source_path: a for a in gen.articles} if gen else {}
        if gen is None or any(path not in by_path for path in changed):
            return False
        session.begin(session.now)
        SESSION["active"] = session
        try:
            fresh = []
            for path in changed:
                old = by_path[path]
                new = gen.readers.read_file(base_path=gen.path, path=os.path.relpath(path, gen.path),
                                            content_class=Article, context=gen.context)
                if listed(new) != listed(old) or _photos(new) != _photos(old) or \
                        new.metadata.get("tags") != old.metadata.get("tags") or \
                        new.status != old.status:
                    return False
                fresh.append((old, new))
            for old, new in fresh:  # same place in every list: change the object in place
                old.__dict__.pop("_update_content", None)
                old.__dict__.update({k: v for k, v in new.__dict__.items() if k != "_context"})
                _forget(old)
            from bantin import gallery
            gallery.process_articles(_OneArticle(gen, [old for old, _new in fresh]))
            writer = IncrementalWriter(gen.output_path, settings=gen.settings)
            for old, _new in fresh:
                writer.write_file(old.save_as, gen.get_template(old.template), gen.context,
                                  relative_urls=gen.settings["RELATIVE_URLS"],
                                  article=old, category=old.category,
                                  override_output=hasattr(old, "override_save_as"),
                                  url=old.url, blog=True)
            gen.generate_feeds(writer)
        except Exception:
            session.generators = None  # a bad edit: let the general path report it
            return False
        finally:
            SESSION["active"] = None
            for method in ("get_content", "get_summary"):
                Content.__dict__[method].cache.clear()
        self._stat_files = files
        return True

    def _changed_files(self, settings):
        files = {}
        for root, _dirs, names in os.walk(settings["PATH"]):
            for name in names:
                if name.endswith((".md", ".markdown")) or "/images/" in root + "/":
                    path = os.path.join(root, name)
                    files[path] = os.stat(path).st_mtime_ns
        if set(files) != set(self._stat_files):
            return None, files
        changed = [p for p, m in files.items() if self._stat_files[p] != m]
        if any(not p.endswith((".md", ".markdown")) for p in changed):
            return None, files  # a photo changed: the general path redoes derivatives
        return changed, files

    def _index_in_background(self, settings, wait):
        # Pagefind re-reads every page; readers see the new pages at once, search a bit later.
        if self._search_thread is not None:
            self._search_thread.join()
        self._search_thread = threading.Thread(target=search.run,
                                               args=(settings, os.path.abspath(self.output)))
        self._search_thread.start()
        if wait:
            self._search_thread.join()
