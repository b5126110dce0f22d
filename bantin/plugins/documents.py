"""Pelican plugin: Văn bản — the registry of legal and administrative documents.

Reads ``content/<folder>/*.md`` (``bantin.core.documents``: fields, status from the
dates on the day of the build, links checked), copies their attachments, and writes:

- ``<folder>/<slug>.html``: one page per document, with its attachments;
- ``<folder>/index.html``: the registry, and one pre-rendered page per filter value
  (``loai/``, ``co-quan/``, ``nam/``, ``tinh-trang/``) so filters work without JavaScript;
- ``<consultations>``: drafts taking comments, open or closed on the day of the build;
- ``<budget>``: budget statements (``budget_year``) by year;
- ``feeds/van-ban.atom.xml``.

Articles cite documents with ``documents: [97/2019/QH14, …]`` in their front matter;
each number must name a document here. Documents are in the site search too.

Setting ``BANTIN_DOCUMENTS`` (dict), defaults in ``DEFAULTS``.
"""
import os
import shutil
from collections import defaultdict
from datetime import datetime, time
from types import SimpleNamespace

from pelican import signals
from pelican.generators import Generator

from bantin.core import dates, documents
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _
from bantin.core.settings import plugin_settings
from bantin.core.text import slugify, sort_key
from bantin.plugins import parallel
from bantin.plugins.content import PROBLEMS_KEY

DEFAULTS = documents.DEFAULTS
# Filter pages: (folder under the registry, field, heading).
FILTERS = (("loai", "type", "Loại văn bản"), ("co-quan", "issuer", "Cơ quan ban hành"),
           ("nam", "year", "Năm ban hành"), ("tinh-trang", "status", "Tình trạng"))


def config(settings):
    """The ``BANTIN_DOCUMENTS`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_DOCUMENTS", DEFAULTS)


def _size(number):
    return f"{number / 1024:.0f} KB" if number < 1048576 else f"{number / 1048576:.1f} MB"


class LegalDocument(SimpleNamespace):
    """What templates and the search index see of one document."""


def _view(doc, cfg, html):
    meta, folder = doc.meta, cfg["folder"]
    slug = meta["slug"]
    number = meta.get("number") or ""
    title = f"{meta['type']} {number}".strip() if number else meta["type"]
    issued = datetime.combine(meta["issued"], time(), dates.VN_TZ)
    return LegalDocument(
        meta=meta, slug=slug, number=number, title=f"{title}: {meta['abstract']}",
        heading=title, abstract=meta["abstract"], type=meta["type"], issuer=meta["issuer"],
        year=meta["issued"].year, status=doc.status, status_name=documents.STATUSES[doc.status],
        url=f"{folder}/{slug}.html", save_as=f"{folder}/{slug}.html", date=issued,
        content=html, attachments=[], links={},
        lead=" – ".join(filter(None, (meta["abstract"], meta["issuer"], meta.get("field")))),
        category=SimpleNamespace(name=cfg["category"]), source=doc.path,
        consultation=meta.get("consultation"))


class DocumentGenerator(Generator):
    """Reads the documents after the articles (whose citations it checks), writes their
    pages."""

    def generate_context(self):
        settings = self.settings
        cfg = config(settings)
        self.cfg = cfg
        self.documents = []
        self.search_documents = []
        root = os.path.join(settings["PATH"], cfg["folder"])
        problems = settings.setdefault(PROBLEMS_KEY, [])
        shown_root = os.path.dirname(os.path.abspath(settings["PATH"]))
        good, found = documents.read_folder(root, shown_root, cfg["types"],
                                            dates.now_vn().date())
        problems.extend(found)
        md = self._markdown()
        for doc in good:
            view = _view(doc, cfg, md(doc))
            view.attachments = [{
                "title": f["title"], "source": f["source"], "size": _size(f["bytes"]),
                "kind": f["kind"], "url": f"{cfg['folder']}/tep/{view.slug}/{f['stem']}{f['suffix']}"}
                for f in doc.files]
            self.documents.append(view)
        by_number = {documents.number_key(d.number): d for d in self.documents if d.number}
        for view in self.documents:
            for key in documents.LINK_FIELDS:
                view.links[key] = [by_number[documents.number_key(n)]
                                   for n in view.meta.get(key, ())
                                   if documents.number_key(n) in by_number]
        self.documents.sort(key=lambda d: (d.date, d.number), reverse=True)
        self.search_documents = self.documents
        problems.extend(self._citations(by_number, shown_root))
        self.context["legal_documents"] = self.documents

    def _markdown(self):
        """Markdown to safe HTML, as an article's body (active content refused)."""
        from bantin.core import safety
        converter = safety.markdown_converter(self.settings)
        hosts = safety.embed_hosts(self.settings)
        problems = self.settings[PROBLEMS_KEY]

        def convert(doc):
            html, found = safety.render_body(doc, converter, hosts)
            problems.extend(found)
            return html
        return convert

    def _citations(self, by_number, shown_root):
        """Articles' ``documents`` numbers must each name a document."""
        problems = []
        for article in [*self.context.get("articles", ()), *self.context.get("drafts", ())]:
            cited = []
            for number in article.metadata.get("documents", ()):
                found = by_number.get(documents.number_key(number))
                if found is None:
                    problems.append(Problem(
                        os.path.relpath(article.source_path, shown_root),
                        _("there is no document number {number} in content/{folder}/",
                          number=number, folder=self.cfg["folder"]),
                        field="documents"))
                else:
                    cited.append(found)
            article.cited_documents = cited
        return problems

    def generate_output(self, writer):
        if not self.documents:
            return
        cfg, docs, relative = self.cfg, self.documents, self.settings["RELATIVE_URLS"]
        for view in docs:
            for item in view.attachments:
                if parallel.mine(item["url"]):
                    target = os.path.join(self.output_path, *item["url"].split("/"))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(item["source"], target)
            writer.write_file(view.save_as, self.get_template("document"), self.context,
                              relative_urls=relative, document=view)
        filters = _filters(docs, cfg["folder"])
        folder = cfg["folder"]
        writer.write_file(f"{folder}/index.html", self.get_template("documents"),
                          self.context, relative_urls=relative, documents=docs,
                          filters=filters, current=None)
        for group, values in filters.items():
            for value in values:
                writer.write_file(value["url"], self.get_template("documents"), self.context,
                                  relative_urls=relative, filters=filters, current=value,
                                  documents=[d for d in docs if value["match"](d)])
        today = dates.now_vn().date()
        drafts = defaultdict(list)
        for d in docs:
            if d.consultation:
                drafts[documents.consultation_state(d.meta, today)].append(d)
        writer.write_file(f"{cfg['consultations']}/index.html",
                          self.get_template("consultations"), self.context,
                          relative_urls=relative, open_drafts=drafts["open"],
                          upcoming_drafts=drafts["upcoming"], closed_drafts=drafts["closed"])
        by_year = defaultdict(list)
        for d in docs:
            if d.meta.get("budget_year"):
                by_year[d.meta["budget_year"]].append(d)
        writer.write_file(f"{cfg['budget']}/index.html", self.get_template("budget"),
                          self.context, relative_urls=relative,
                          budget_years=sorted(by_year.items(), reverse=True))
        if parallel.mine(cfg["feed"]):
            _write_feed(self.settings, cfg, docs, self.output_path)


def _filters(docs, folder):
    """{field: [{"name", "url", "count", "match"}]} for the registry's filter pages."""
    out = {}
    for group, key, heading in FILTERS:
        # One page per address: "UBND Phường X" and "UBND phường X" are one issuer.
        values, names = defaultdict(int), {}
        for d in docs:
            slug = slugify(str(getattr(d, key))) or "khac"
            values[slug] += 1
            names.setdefault(slug, getattr(d, key))
        if key == "year":
            ordered = sorted(values, reverse=True)
        elif key == "status":
            ordered = [s for s in documents.STATUSES if s in values]
        else:
            ordered = sorted(values, key=lambda slug: sort_key(str(names[slug])))
        out[key] = [{
            "name": documents.STATUSES[names[v]] if key == "status" else str(names[v]),
            "url": f"{folder}/{group}/{v}.html", "count": values[v], "heading": heading,
            "match": (lambda d, k=key, v=v: (slugify(str(getattr(d, k))) or "khac") == v)}
            for v in ordered]
    return out


def _write_feed(settings, cfg, docs, output):
    from feedgenerator import Atom1Feed
    site = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    feed = Atom1Feed(title=f"{settings['SITENAME']} – Văn bản", link=f"{site}/{cfg['folder']}/",
                     description="Văn bản mới ban hành", language="vi",
                     feed_url=f"{site}/{cfg['feed']}")
    for d in docs[:settings.get("FEED_MAX_ITEMS") or 20]:
        feed.add_item(title=d.title, link=f"{site}/{d.url}", description=d.abstract,
                      pubdate=d.date, unique_id=f"{site}/{d.url}")
    target = os.path.join(output, *cfg["feed"].split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        feed.write(fh, "utf-8")


def get_generators(_pelican):
    return DocumentGenerator


def exclude_from_articles(pelican):
    """The documents' folder is read by this plugin, never as articles or static files;
    the templates learn where its pages are."""
    cfg = config(pelican.settings)
    folder = cfg["folder"]
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update({
        "BANTIN_DOCUMENTS_FOLDER": folder, "BANTIN_DOCUMENTS_FEED": cfg["feed"],
        "BANTIN_CONSULTATIONS": cfg["consultations"], "BANTIN_BUDGET": cfg["budget"]})
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        if folder not in pelican.settings.setdefault(key, []):
            pelican.settings[key] = [*pelican.settings[key], folder]


def register():
    signals.initialized.connect(exclude_from_articles)
    signals.get_generators.connect(get_generators)
