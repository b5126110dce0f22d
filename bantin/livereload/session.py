"""What the livereload engine keeps between rebuilds, and the page signatures.

A page's signature is a digest of what its template shows (the article, its
neighbours, the listed articles, menus, counts…): a page whose signature did not
change since it was written is neither rendered nor written again.
"""
import hashlib
import os

from pelican.contents import Article

from bantin.livereload import partial
from bantin.livereload.partial import listed, listed_key
from bantin.pelican_seam import body_html

# Templates that show every article (all dates) rather than one page of them.
ALL_DATES_TEMPLATES = {"archives.html", "search.html"}
# Templates that show the number of articles per category and the most-viewed list.
COUNTS_TEMPLATES = {"index.html", "categories.html", "404.html"}


def digest(*parts):
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def text_key(text):
    # Python caches a string's hash on the object and the reader cache hands back the same
    # string objects between rebuilds; signatures only live inside this process.
    return (len(text), hash(text))


def full(obj, now):
    """What an article or static page shows on its own page."""
    neighbours = [getattr(obj, k, None) for k in ("newer_in_category", "older_in_category")]
    return (listed(obj) if isinstance(obj, Article) else (obj.url, obj.title),
            text_key(body_html(obj)), sorted((k, repr(v)) for k, v in obj.metadata.items()
                                            if k not in ("summary", "description")),
            repr(getattr(obj, "cover_image", None)), repr(getattr(obj, "gallery_items", None)),
            getattr(obj, "og_image", None), getattr(obj, "has_body_images", False),
            [listed_key(n) if n else None for n in neighbours],
            [listed_key(r) for r in getattr(obj, "related_in_category", [])],
            getattr(obj, "status", None), getattr(obj, "date", now) > now)


class Session:
    """State kept between rebuilds of one Preview."""

    def __init__(self):
        self.reader_cache = {}
        self.signatures = {}  # output file -> signature
        self.written = set()  # output files produced by the current rebuild
        self.rendered = 0
        self.global_sig = None
        self.now = None
        self.generators = None  # of the last rebuild, for bantin.livereload.partial
        self.keys = None  # page group -> what it lists (bantin.livereload.partial.group_keys)
        self.group_names = {}  # page group -> its output files
        self.written_in = {}  # the same, for the current rebuild
        self.group = None
        self.photo_files = set()  # derivatives published by the last rebuild
        self.deferred = None  # (name, template, context) of pages to write after the rest
        self.showing = set()  # ids of the articles this rebuild is about

    def begin(self, context_now):
        self.written, self.rendered, self.global_sig, self.now = set(), 0, None, context_now
        self.written_in = {}

    def unchanged(self, name, signature, output_path):
        """Whether ``name`` is already written with this signature; records it if not."""
        if self.signatures.get(name) == signature and \
                os.path.exists(os.path.join(output_path, name)):
            return True
        self.signatures[name] = signature
        return False

    def page_signature(self, name, template, ctx):
        if self.global_sig is None:  # the menu and footer of every page
            self.global_sig = digest(partial.menu(ctx))
        parts = [name, template.name, ctx.get("SITEURL"), self.global_sig]
        if template.name in COUNTS_TEMPLATES:
            parts.append(([(c.name, len(a), getattr(c, "description", ""))
                           for c, a in ctx["categories"]],
                          [listed_key(a) for a in ctx.get("most_viewed", [])]))
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
                          [listed_key(a) for a in page.object_list]))
        if template.name in ALL_DATES_TEMPLATES or "period" in ctx:
            parts.append((ctx.get("period"), [listed_key(a) for a in ctx.get("dates", [])]))
        if template.name == "tags.html":
            parts.append([(t.name, t.url, len(a)) for t, a in ctx.get("tags", [])])
        return digest(*parts)


class MemoTemplate:
    """A template stand-in that renders only when the page's signature changed."""

    def __init__(self, template, session, output_path, writer):
        self.template, self.session, self.output_path = template, session, output_path
        self.name, self.writer = template.name, writer

    def render(self, ctx):
        name = ctx["output_file"]
        session = self.session
        session.written.add(name)
        session.written_in[session.group].add(name)
        signature = session.page_signature(name, self.template, ctx)
        if session.unchanged(name, signature, self.output_path):
            self.writer.skip_next = True
            return ""
        page = ctx.get("articles_page")
        if session.deferred is not None and page is not None and \
                not any(id(a) in session.showing for a in page.object_list):
            # Only shifted by the change (one article more or fewer before it): written
            # right after the pages that show the change.
            session.deferred.append((name, self.template, ctx))
            self.writer.skip_next = True
            return ""
        session.rendered += 1
        return self.template.render(ctx)
