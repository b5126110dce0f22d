"""Partial rebuilds for the livereload engine: apply a few changed article files to the
site kept in memory and write only the pages that show them.

Rerunning Pelican over 10,000 articles takes ~20 s even when only a handful of pages
change: it builds every Article object again, regroups, and walks every page (and
its ``article in articles`` scans are quadratic). Here, when only article files
changed (edited, added, removed, or one of their photos replaced):

1. the changed files are read again (new Article objects) and the others kept;
2. the lists Pelican derives from them — order, translations, categories, tags,
   dates, period archives — and our theme's links are rebuilt the way Pelican's
   ``generate_context`` builds them;
3. every group of pages (an article's page, a category's, a tag's, a period
   archive, the direct templates) has a key of what it lists; Pelican's own
   ``generate_*`` methods run over just the groups whose key changed, and the page
   signatures of ``bantin.livereload.incremental`` skip the unchanged pages inside them;
4. pages of groups that vanished, or beyond a shortened pagination, are deleted.

Listing pages that show none of the changed articles but shift by one (a new
newest article moves every home page) are left to ``bantin.livereload.incremental`` to write
right after the pages that show the change.

``apply`` returns None when it does not apply (a static page, a new photo, the menu
changed…) and the caller runs the general path, which also reports bad files.
"""
import os
from itertools import chain

from pelican import signals
from pelican.contents import Article

from bantin.core import partial_hooks
from bantin.core.frontmatter import photo_folder
from bantin.pelican_seam import body_html, only, regroup
from bantin.plugins.content import PROBLEMS_KEY

DOC_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles",
             "drafts_translations", "drafts")


def listed(article):
    """What a listing shows of an article (title, date, category, summary…)."""
    cached = getattr(article, "_bantin_listed", None)
    if cached is None:
        cached = (article.url, article.title, article.date.isoformat(), article.category.name,
                  article.category.url, getattr(article, "views", 0),
                  article.metadata.get("summary"), getattr(article, "description", ""))
        article._bantin_listed = cached
    return cached


def listed_key(article):
    """A number standing for ``listed(article)``."""
    key = getattr(article, "_bantin_listed_key", None)
    if key is None:
        key = article._bantin_listed_key = hash(listed(article))
    return key


def group_of(name, kwargs):
    """Which page group a ``write_file`` call writes (see ``group_keys``)."""
    if kwargs.get("article") is not None:
        return ("doc", kwargs["article"].source_path)
    if kwargs.get("page") is not None:
        return ("page", kwargs["page"].source_path)
    template = kwargs.get("template_name")
    if template in ("category", "tag"):
        return (template, kwargs[template].name)
    if template == "period_archives":
        return ("period", name)
    return ("direct", template or name)


def group_keys(gen):
    """group -> what its pages list, for the article generator's output."""
    keys = {}
    for doc in chain.from_iterable(getattr(gen, name) for name in DOC_LISTS):
        near = [getattr(doc, "newer_in_category", None), getattr(doc, "older_in_category", None),
                *getattr(doc, "related_in_category", ())]
        keys[("doc", doc.source_path)] = (listed_key(doc), doc.status,
                                          tuple(n and listed_key(n) for n in near))
    for category, articles in gen.categories:
        keys[("category", category.name)] = (getattr(category, "description", ""),
                                             tuple(map(listed_key, articles)))
    for tag, articles in gen.tags.items():
        keys[("tag", tag.name)] = tuple(map(listed_key, articles))
    for archives in gen.period_archives.values():
        for period in archives:
            keys[("period", period["save_as"])] = (tuple(map(listed_key, period["dates"])),
                                                   tuple(map(listed_key, period["articles"])))
    ctx = gen.context
    direct = hash((tuple(map(listed_key, gen.articles)), tuple(map(listed_key, gen.dates)),
                   tuple((c.name, len(a)) for c, a in ctx["categories"]),
                   tuple(map(listed_key, ctx.get("most_viewed", []))),
                   tuple((t.name, len(a)) for t, a in ctx["tags"])))
    for template in gen.settings["DIRECT_TEMPLATES"]:
        keys[("direct", template)] = direct
    return keys


def photo_files(gen):
    """The photo derivatives the article generator's documents publish."""
    return {url for name in DOC_LISTS for doc in getattr(gen, name)
            for url in getattr(doc, "photo_files", ())}


def menu(context):
    """What every page's header and footer show: when it changes, every page changes."""
    return ([(c.name, c.url) for c, _a in context["categories"]],
            [(p.title, p.url) for p in context.get("pages", [])])


class NotApplicable(Exception):
    """The change cannot be applied to the kept site; the general path will run."""


def _read(gen, relpath):
    doc = gen.readers.read_file(
        base_path=gen.path, path=relpath, content_class=Article, context=gen.context,
        preread_signal=signals.article_generator_preread, preread_sender=gen,
        context_signal=signals.article_generator_context, context_sender=gen)
    if not isinstance(doc, Article) or not doc.is_valid():
        raise NotApplicable(f"{relpath} could not be read")
    return doc


def _affected_by_photos(docs, photos, content_root):
    folders = {os.path.dirname(p) for p in photos}
    return {d.source_path for d in docs
            if os.path.join(content_root, photo_folder({"date": d.date, "slug": d.slug}))
            in folders} if folders else set()


def apply(session, changed, photos, writer_class):
    """Rebuild after ``changed`` article files (absolute paths: edited, added or removed)
    and replaced ``photos``. Returns the output files to delete, or None.
    """
    gen = next((g for g in session.generators if hasattr(g, "generate_feeds")), None)
    if gen is None or session.keys is None:
        return None
    unknown = partial_hooks.missing(signals.article_generator_finalized.receivers_for(gen))
    if unknown:  # a plugin the partial path would skip: Pelican runs it in full instead
        raise NotApplicable(f"plugin {unknown[0].__module__}.{unknown[0].__name__} has no "
                            "partial-rebuild hook (bantin.core.partial_hooks)")
    settings = gen.settings  # the kept site's: its readers record problems there
    content_root = os.path.abspath(settings["PATH"])
    kept = {d.source_path: d for name in DOC_LISTS for d in getattr(gen, name)}
    if all(path in kept and os.path.exists(path) for path in changed):
        files = list(kept)  # edits only: the same files (their order does not matter)
    else:
        files = [os.path.join(gen.path, f) for f in gen.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])]
    known = set(files) | set(kept)
    if any(path not in known for path in changed):
        return None  # a static page, or a file outside the articles
    before_menu = menu(gen.context)
    partial_hooks.run("reading", settings)
    fresh = {}
    for path in files:
        if path in changed or path not in kept:
            doc = fresh[path] = _read(gen, os.path.relpath(path, gen.path))
            text = body_html(doc) + str(doc.metadata.get("summary", ""))
            if "{filename}" in text or "{static}" in text or "{attach}" in text:
                return None  # links between files: let Pelican resolve them everywhere
    if settings.get(PROBLEMS_KEY):
        return None
    documents = [fresh.get(path) or kept[path] for path in files]
    for path in set(kept) - set(files):
        gen.context["generated_content"].pop(os.path.relpath(path, gen.path), None)
    for doc in fresh.values():
        gen.add_source_path(doc)
        gen.add_static_links(doc)
    owners = {name: g[1] for g, names in session.group_names.items() for name in names
              if g[0] in ("doc", "page")}
    outputs = [doc.save_as for doc in fresh.values()]
    if len(set(outputs)) < len(outputs) or any(
            owners.get(name, path) != path for path, name in zip(fresh, outputs)):
        return None  # two files for one page: the general path names them
    regroup(gen, documents)
    partial_hooks.run("regrouped", gen)
    if menu(gen.context) != before_menu:
        return None
    forced = set(fresh) | _affected_by_photos(documents, photos, content_root)
    partial_hooks.run("documents", _Only(gen, [d for d in documents if d.source_path in forced]))
    if settings.get(PROBLEMS_KEY):
        return None  # a missing or broken photo: the general path reports it
    for doc in fresh.values():
        doc.refresh_metadata_intersite_links()
    keys = group_keys(gen)
    session.showing = {id(d) for d in documents if d.source_path in forced}
    stale = {g for g, key in keys.items()
             if session.keys.get(g) != key or (g[0] == "doc" and g[1] in forced)}
    _write(gen, writer_class(gen.output_path, settings=settings), stale)
    if any(g[0] == "direct" for g in stale):  # e.g. the sitemap lists every article
        partial_hooks.run("written", session.generators, settings, gen.output_path)
    photos_now = photo_files(gen)
    deleted, session.photo_files = sorted(session.photo_files - photos_now), photos_now
    for group in stale | (set(session.keys) - set(keys)):
        old = session.group_names.get(group, set())
        now = session.written_in.get(group, set()) if group in keys else set()
        deleted += sorted(old - now)
        if group in keys:
            session.group_names[group] = now
        else:
            session.group_names.pop(group, None)
    session.keys = keys
    return deleted


def _write(gen, writer, stale):
    settings = gen.settings
    gen.generate_feeds(writer)

    def write(*args, **kwargs):
        return writer.write_file(*args, relative_urls=settings["RELATIVE_URLS"], **kwargs)

    def docs(name):  # evaluated before `only` swaps the generator's lists
        return [d for d in getattr(gen, name) if ("doc", d.source_path) in stale]

    with only(gen, **{name: docs(name) for name in DOC_LISTS[:4]}):
        gen.generate_articles(write)
    with only(gen, drafts=docs("drafts"), drafts_translations=docs("drafts_translations")):
        gen.generate_drafts(write)
    with only(gen, period_archives={g: [p for p in ps if ("period", p["save_as"]) in stale]
                                    for g, ps in gen.period_archives.items()}):
        gen.generate_period_archives(write)
    if any(g[0] == "direct" for g in stale):
        gen.generate_direct_templates(write)
    tags = {t: a for t, a in gen.tags.items() if ("tag", t.name) in stale}
    categories = [(c, a) for c, a in gen.categories if ("category", c.name) in stale]
    # Pelican picks each listing's dates out of all dates with an `in` scan per article;
    # giving it only the dates of the listings written keeps the same result, faster.
    shown = {id(a) for _t, arts in chain(tags.items(), categories) for a in arts}
    dates = [a for a in gen.dates if id(a) in shown]
    with only(gen, tags=tags, categories=categories, dates=dates):
        gen.generate_tags(write)
        gen.generate_categories(write)


class _Only:
    """What bantin.plugins.gallery needs of a generator, limited to a few documents."""

    def __init__(self, gen, documents):
        self.settings, self.output_path, self.env = gen.settings, gen.output_path, gen.env
        self.articles, self.drafts, self.hidden_articles = documents, [], []
