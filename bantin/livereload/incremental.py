"""Incremental rebuilds for ``invoke livereload``: a long-lived process that keeps
the parsed site in memory, re-reads only changed files and re-renders only the
pages whose inputs changed.

When only article files (or an article's photos) changed, ``bantin.livereload.partial``
updates the kept site and writes the groups of pages that show them. Otherwise
(the first build, a static page, the menu, settings, theme) the general path
runs Pelican as usual, with two differences (active only inside a ``Preview``):

- the readers share an in-memory cache keyed by the file's modification time,
  so an unchanged article is not parsed again;
- the writer computes, for every page, a signature of what its template shows
  (the article, its neighbours, the listed articles, menus, counts…). A page
  whose signature did not change is neither rendered nor written; pages that
  no longer exist are deleted.

The result is the same bytes as a full build (tests compare them).
"""
import logging
import os
import threading
import time

from pelican import Pelican, signals

from bantin.build import BuildError, load_settings
from bantin.core.dates import now_vn
from bantin.core.i18n import _
from bantin.livereload import partial
from bantin.livereload.partial import listed
from bantin.livereload.session import Session, MemoTemplate, digest, text_key
from bantin.pelican_seam import (SkippingWriter, body_html, forget_memoized_content,
                                 share_reader_cache)
from bantin.plugins import parallel
from bantin.plugins.content import ContentError

logger = logging.getLogger(__name__)
LOG_PREFIX = "[bantin.livereload]"

SESSION = {"active": None}
class IncrementalWriter(SkippingWriter):
    def write_file(self, name, template, *args, **kwargs):
        session = SESSION["active"]
        session.group = partial.group_of(name, kwargs)
        session.written_in[session.group] = set()
        return super().write_file(name, MemoTemplate(template, session, self.output_path, self),
                                  *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        session = SESSION["active"]
        session.written.add(path)
        shown = elements[:self.settings["FEED_MAX_ITEMS"]]  # as Pelican's write_feed cuts it
        signature = digest(path, args, sorted(kwargs.items()), [
            (listed(e), text_key(body_html(e)), [t.name for t in getattr(e, "tags", [])])
            for e in shown])
        if session.unchanged(path, signature, self.output_path):
            return None
        session.rendered += 1
        return super().write_feed(elements, context, path, *args, **kwargs)


def _share_reader_cache(generator):
    # After the generator made its Readers (Pelican sets up their cache after readers_init).
    session = SESSION["active"]
    if session is not None:
        share_reader_cache(generator.readers, session.reader_cache)


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
        self._shifted = None
        self._shifted_failed = False
        self._stat_files = {}

    def _settings(self):
        settings = load_settings(self.settings_file, **self.overrides)
        settings["OUTPUT_PATH"] = os.path.abspath(self.output)
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        settings["BANTIN_PARALLEL"] = {"workers": 1}
        settings["PLUGINS"] = list(settings["PLUGINS"]) + ["bantin.livereload.incremental"]
        settings["CACHE_CONTENT"] = True
        settings["CONTENT_CACHING_LAYER"] = "reader"
        settings["LOAD_CONTENT_CACHE"] = False
        settings["CHECK_MODIFIED_METHOD"] = "mtime"
        if not self.search_index:
            settings["BANTIN_SEARCH"] = {**settings.get("BANTIN_SEARCH", {}), "enabled": False}
        return settings

    def _code_stamp(self, settings):
        """Settings and theme files: when they change, nothing cached can be trusted."""
        paths = [self.settings_file]
        for root, _dirs, files in os.walk(settings["THEME"]):
            paths += [os.path.join(root, f) for f in files]
        return digest(sorted((p, os.stat(p).st_mtime_ns) for p in paths),
                       open(self.settings_file, "rb").read())

    def build(self, changed=None):
        """Rebuild; returns {"seconds", "rendered", "deleted"}. Raises BuildError.

        ``changed``: the paths a file watcher saw change since the last build, so that
        finding them needs no walk of the content tree (None: walk it)."""
        started = time.perf_counter()
        self._watched = changed
        if self._shifted is not None:
            self._shifted.join()
            self._shifted = None
        settings = self._settings()
        stamp = self._code_stamp(settings)
        if stamp != getattr(self, "_stamp", stamp) or self._shifted_failed:
            self.session = Session()  # categories, templates… may all have changed
            self._shifted_failed = False
        self._stamp = stamp
        self._content = settings["PATH"]
        if self._partial():
            self.last = {"seconds": time.perf_counter() - started, "partial": True,
                         "rendered": self.session.rendered, "deleted": self.last_deleted,
                         "shifted": self.last_deferred}
            # The search index follows at the next full rebuild (it is built while reading).
            return self.last
        os.makedirs(self.output, exist_ok=True)
        self.session.begin(now_vn())
        previous = set(self.session.signatures) | getattr(self, "_outputs", set())
        SESSION["active"] = self.session
        parallel.reset()
        self.session.generators = self.session.keys = None
        try:
            Pelican(settings).run()
        except BaseException as exc:
            self.session.generators = None  # kept before the check that failed
            if isinstance(exc, ContentError):
                raise BuildError(str(exc)) from None
            raise
        finally:
            SESSION["active"] = None
            forget_memoized_content()
        self._outputs = set(self.session.written)
        self._stat_files = self._changed_files()[2]
        session = self.session
        gen = next((g for g in session.generators or [] if hasattr(g, "generate_feeds")), None)
        session.group_names = session.written_in
        session.keys = partial.group_keys(gen) if gen is not None else None
        photos = partial.photo_files(gen) if gen is not None else set()
        deleted = sorted(previous - self.session.written) + sorted(session.photo_files - photos)
        session.photo_files = photos
        self._remove(deleted)
        self.last = {"seconds": time.perf_counter() - started,
                     "rendered": self.session.rendered, "deleted": len(deleted)}
        return self.last

    def _partial(self):
        """Only article files (or an article's photos) changed: rebuild just what shows them.

        Returns False when it did not apply or failed; the general path then runs (and
        reports a bad file).
        """
        session = self.session
        if not session.generators or not self._stat_files:
            return False
        changed, photos, files = self._changed_files()
        if changed is None:
            return False
        if not changed and not photos:  # nothing was saved: nothing to do
            session.rendered, self.last_deleted, self.last_deferred = 0, 0, 0
            return True
        session.begin(session.now)
        SESSION["active"] = session
        session.deferred = []
        try:
            deleted = partial.apply(session, changed, photos, IncrementalWriter)
        except partial.NotApplicable as exc:
            logger.info("%s %s; rebuilding with Pelican", LOG_PREFIX, exc)
            deleted = None
        except ContentError:  # the editor's mistake: the full rebuild reports it, once
            deleted = None
        except Exception:  # a bug, or a Pelican we were not written for: say so, then go on
            logger.warning("%s %s", LOG_PREFIX,
                           _("the partial rebuild failed; rebuilding with Pelican instead"),
                           exc_info=True)
            deleted = None
        finally:
            SESSION["active"] = None
            deferred, session.deferred = session.deferred, None
            forget_memoized_content()
        if deleted is None:
            session.generators = None  # partly updated: only a full pass can be trusted
            return False
        self._remove(deleted)
        self._outputs = (self._outputs - set(deleted)) | session.written
        self._stat_files = files
        self.last_deleted, self.last_deferred = len(deleted), len(deferred)
        if deferred:
            self._shifted = threading.Thread(target=self._write_shifted, args=(deferred,))
            self._shifted.start()
        return True

    def _write_shifted(self, pages):
        try:
            for name, template, ctx in pages:
                path = os.path.join(self.output, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                output = template.render(ctx)
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(output)
        except BaseException:
            self._shifted_failed = True
            raise

    def wait(self):
        """Wait for the pages still being written in the background (shifted pages)."""
        if self._shifted is not None:
            self._shifted.join()

    def _remove(self, names):
        for name in names:
            self.session.signatures.pop(name, None)
            try:
                os.remove(os.path.join(self.output, name))
            except FileNotFoundError:
                pass

    def _content_files(self):
        """{path: mtime} of the articles and photos, from the watcher's paths when it gave
        them, else from a walk of the content tree."""
        def wanted(root, name):
            return name.endswith((".md", ".markdown")) or "/images/" in root + "/"
        watched, old = getattr(self, "_watched", None), self._stat_files
        if watched is None or not old:
            return {os.path.join(root, name): os.stat(os.path.join(root, name)).st_mtime_ns
                    for root, _dirs, names in os.walk(self._content)
                    for name in names if wanted(root, name)}
        files = dict(old)
        content = os.path.abspath(self._content)
        for path in watched:
            rel = os.path.relpath(path, content)
            if rel.startswith(".."):
                continue
            path = os.path.join(self._content, rel)
            gone = [p for p in files if p == path or p.startswith(path + os.sep)]
            for p in gone:
                del files[p]
            if os.path.isdir(path):  # a folder added or moved in: what it holds
                for root, _dirs, names in os.walk(path):
                    files.update({os.path.join(root, n): os.stat(os.path.join(root, n))
                                  .st_mtime_ns for n in names if wanted(root, n)})
            elif os.path.isfile(path) and wanted(os.path.dirname(path), os.path.basename(path)):
                files[path] = os.stat(path).st_mtime_ns
        return files

    def _changed_files(self):
        """(changed article files, replaced photos, stat of every file), or Nones when
        something else changed (a photo added or removed)."""
        files = self._content_files()
        old = self._stat_files
        moved = set(files) ^ set(old)
        changed = {p for p in files if p in old and old[p] != files[p]} | moved
        photos = {p for p in changed if not p.endswith((".md", ".markdown"))}
        if photos & moved:
            return None, None, files
        return changed - photos, photos, files

