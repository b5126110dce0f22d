"""Every use of Pelican's private names, in one module.

Pelican's public API (signals, the generators' ``generate_*`` methods, the Writer)
is enough for a build, but not for four things we do: photo figures in an
article's HTML (``bantin.plugins.gallery``), dropping Pelican's memoized HTML after
a build (``bantin.build``), rebuilding part of a kept site (``bantin.livereload``)
and grouping a large site's articles in linear time (``linear_grouping``). What they need of Pelican's insides is here, each
function naming the private name it relies on, so that a Pelican upgrade is
checked in one place.

At import, the installed Pelican must be a version this module was checked
against (``SUPPORTED``); ``pyproject.toml`` pins the same range.
"""
import calendar
import os
from collections import defaultdict
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter

import pelican
from pelican import generators, signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.utils import order_content, process_translations
from pelican.writers import Writer

SUPPORTED = ((4, 11), (4, 12))


def check_version(version):
    """Raise ImportError, saying what to do, when ``version`` is not a supported Pelican.

    Example: check_version("4.12.0") is None
    """
    try:
        major_minor = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        major_minor = None
    if major_minor not in SUPPORTED:
        shown = " or ".join(".".join(map(str, v)) for v in SUPPORTED)
        raise ImportError(
            f"bantin works with Pelican {shown}, and this is Pelican {version}: it relies on "
            "some of Pelican's internals (bantin/pelican_seam.py). Install a supported one "
            "with: .venv/bin/pip install 'pelican>=4.11,<4.13'")


check_version(pelican.__version__)


# Content: the HTML a reader produced, before Pelican rewrites its {filename} links
# and site URLs for each page that shows it (``Content._content``, ``_update_content``).

def body_html(doc):
    """The document's HTML as read."""
    return doc._content


def set_body_html(doc, html):
    doc._content = html


def also_rewrite(doc, transform, last=False):
    """Apply ``transform(html, siteurl)`` after Pelican's own per-page URL rewriting.

    Pelican rewrites intra-site links ({filename}, {static}…) in ``href``/``src``
    only, and after the reader: our photo figures also need ``srcset``, and the
    result must be checked again. Transforms run in the order added, those added
    with ``last`` after all others; adding one twice is a no-op.
    """
    chain = doc.__dict__.get("_bantin_rewrites")
    if chain is None:
        chain = doc.__dict__["_bantin_rewrites"] = ([], [])
        original = doc._update_content

        def update(content, siteurl):
            html = original(content, siteurl)
            for step in chain[0] + chain[1]:
                html = step(html, siteurl)
            return html
        doc._update_content = update
    steps = chain[1] if last else chain[0]
    if transform not in steps:
        steps.append(transform)


def resolves_links(doc):
    """Whether Pelican will rewrite anything in the document's HTML or summary: its
    per-page rewriting (``_get_intrasite_link_regex``) changes only what matches."""
    links = doc._get_intrasite_link_regex()
    return any(links.search(text) for text in (doc._content or "",
                                               str(doc.metadata.get("summary") or "")))


def forget_memoized_content():
    """Drop the HTML Pelican memoized for every document (``memoized.cache`` on the
    Content class): it would keep every article, old versions too, alive."""
    for method in ("get_content", "get_summary"):
        Content.__dict__[method].cache.clear()


# Readers: one cache of read files for a long-lived preview (``Readers._cache``,
# ``_cache_data_policy``, ``save_cache``).

def share_reader_cache(readers, cache):
    readers._cache = cache
    readers._cache_data_policy = True
    readers.save_cache = lambda: None


# Writer: Pelican renders a page, then opens its file (``Writer._open_w``,
# ``_written_files``); a page whose render was skipped goes nowhere.

class SkippingWriter(Writer):
    """Pelican's Writer that drops the next page when ``skip_next`` was set while it
    rendered; the file still counts as written, so Pelican's overwrite check holds."""

    skip_next = False

    def _open_w(self, filename, encoding, override=False):
        if self.skip_next:
            self.skip_next = False
            self._written_files.add(filename)
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


# The article generator's lists, rebuilt the way ``ArticlesGenerator.generate_context``
# builds them (its ``_update_context``, ``_build_period_archives`` and
# ``process_translations`` run in one pass over every file, and quadratically).

PERIODS = {"year": attrgetter("date.year"), "month": attrgetter("date.year", "date.month"),
           "day": attrgetter("date.year", "date.month", "date.day")}


@contextmanager
def only(gen, **subset):
    """Let one of Pelican's generate_* methods see only some of the generator's lists."""
    saved = {name: getattr(gen, name) for name in subset}
    for name, value in subset.items():
        setattr(gen, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(gen, name, value)


def originals(docs, translation_id):
    """Pelican's process_translations, answered in linear time when every document has
    its own translation id (a one-language site); its scan is quadratic (1 s at 10,000)."""
    if isinstance(translation_id, str):
        docs.sort(key=attrgetter(translation_id))  # the order Pelican leaves them in
        ids = [getattr(d, translation_id) for d in docs]
        if len(set(ids)) == len(ids):
            for doc in docs:
                doc.translations = []
            return docs, []
    return process_translations(docs, translation_id=translation_id)


def period_archives(dates, articles, settings):
    """Pelican's per-year/month/day archives (same shape), without its quadratic scans."""
    archives = defaultdict(list)
    position = {id(a): i for i, a in enumerate(articles)}
    for granularity, key in PERIODS.items():
        save_as = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as:
            continue
        for period, group in groupby(dates, key=key):
            group = list(group)
            first = group[0].date
            archive = {"dates": group,
                       "articles": sorted(group, key=lambda a: position[id(a)]),
                       "save_as": save_as.format(date=first), "url": url.format(date=first)}
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                archive["period"] = (period[0], calendar.month_name[period[1]], *period[2:])
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    return archives


def regroup(gen, documents):
    """Rebuild the article generator's lists and context from ``documents``."""
    settings = gen.settings

    def ordered(status):
        origs, translations = originals([d for d in documents if d.status == status],
                                        settings["ARTICLE_TRANSLATION_ID"])
        return order_content(origs, settings["ARTICLE_ORDER_BY"]), translations

    gen.articles, gen.translations = ordered("published")
    gen.hidden_articles, gen.hidden_translations = ordered("hidden")
    gen.drafts, gen.drafts_translations = ordered("draft")
    signals.article_generator_pretaxonomy.send(gen)
    categories, tags, authors = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in gen.articles:
        if hasattr(article, "category"):
            categories[article.category].append(article)
        for tag in getattr(article, "tags", []):
            tags[tag].append(article)
        for author in getattr(article, "authors", []):
            authors[author].append(article)
    gen.tags = tags
    gen.dates = sorted(gen.articles, key=attrgetter("date"),
                       reverse=gen.context["NEWEST_FIRST_ARCHIVES"])
    gen.period_archives = period_archives(gen.dates, gen.articles, settings)
    gen.categories = sorted(categories.items(), reverse=settings["REVERSE_CATEGORY_ORDER"])
    gen.authors = sorted(authors.items())
    gen._update_context(("articles", "drafts", "hidden_articles", "dates", "tags", "categories",
                         "authors", "related_posts"))
    gen.context["period_archives"] = gen.period_archives


class MembershipList(list):
    """A list of articles whose ``in`` is a set lookup. Pelican's ``generate_tags``,
    ``generate_categories`` and ``generate_authors`` each filter every article of the
    site by ``article in articles`` for every tag, category and author: quadratic, ~6 s
    at 10,000 articles, paid again by every page-writing process. Articles compare by
    identity (``Content`` has no ``__eq__``), so the answer is the same."""

    def __contains__(self, item):
        members = self.__dict__.get("_ids")
        if members is None:  # built at the first lookup, once the list is complete
            members = self.__dict__["_ids"] = {id(a) for a in self}
        return id(item) in members


def _forgetting(name):
    def mutate(self, *args):
        self.__dict__.pop("_ids", None)
        return getattr(list, name)(self, *args)
    mutate.__name__ = name
    return mutate


# Any change to the list drops the looked-up set.
for _name in ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend",
              "insert", "pop", "remove", "clear"):
    setattr(MembershipList, _name, _forgetting(_name))


def fast_membership(gen):
    """Give the generator's tag, category and author lists a linear ``in`` (in place:
    the context holds the same objects); off with ``linear_grouping(False)``."""
    if not _LINEAR["on"]:
        return
    for tag, articles in gen.tags.items():
        gen.tags[tag] = MembershipList(articles)
    for group in (gen.categories, gen.authors):
        group[:] = [(key, MembershipList(articles)) for key, articles in group]


_LINEAR = {"on": True}
_PELICAN_GROUPING = {"periods": ArticlesGenerator._build_period_archives,
                     "translations": generators.process_translations}


def linear_grouping(enabled=True):
    """Full builds group articles into period archives and translations with the linear
    versions above instead of Pelican's quadratic scans (~4 s at 10,000 articles); the
    result is the same (tests/test_site.py builds a site both ways and compares).
    The tag, category and author lists get a linear ``in`` (``fast_membership``).
    ``enabled=False`` puts Pelican's own back. Private names: ``ArticlesGenerator.
    _build_period_archives`` and ``pelican.generators.process_translations``."""
    _LINEAR["on"] = enabled
    if enabled:
        ArticlesGenerator._build_period_archives = (
            lambda _self, sorted_articles, articles, settings:
            period_archives(sorted_articles, articles, settings))
        generators.process_translations = (
            lambda docs, translation_id=None: originals(docs, translation_id))
    else:
        ArticlesGenerator._build_period_archives = _PELICAN_GROUPING["periods"]
        generators.process_translations = _PELICAN_GROUPING["translations"]


def quiet_summary(quiet=True):
    """Silence (or restore) the English "Done: Processed …" line Pelican prints after each
    build on its own console (``pelican.log.console``): our commands say it themselves,
    in the editor's language; ``--verbose`` keeps Pelican's."""
    from pelican.log import console
    console.quiet = quiet
