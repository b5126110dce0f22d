"""Pelican plugin: the site's data as a static JSON API (Circular 22/2023/TT-BTTTT asks
that the information be kept as structured data and shared).

Written after everything is read, into ``<folder>/`` (default ``api/``), every file
described by a JSON Schema in ``bantin/plugins/schemas/`` (published beside them in
``<folder>/schemas/``):

- ``bai-viet.json`` and ``bai-viet/<category>.json``: the articles as JSON Feed 1.1,
  newest first, ``page_size`` items a file, older ones through ``next_url``;
- ``van-ban.json``: the registry (every document, its main fields and status), and
  ``van-ban/<slug>.json`` each in full, with schema.org ``Legislation`` fields;
- ``to-chuc.json``: the organisation and its contacts (GovernmentOrganization);
- ``lich-cong-tac.json``: the weeks of the schedule, and ``lich-cong-tac/<Monday>.json``.

No file grows with the archive beyond ``page_size`` articles (≤ 1 MB at 30,000).

Setting ``BANTIN_OPENDATA`` (dict), defaults in ``DEFAULTS``.
"""
import json
import os
import shutil

from pelican import signals
from pelican.generators import Generator

from bantin.core import organisation, partial_hooks
from bantin.core.settings import plugin_settings
from bantin.plugins import parallel

DEFAULTS = {"enabled": True, "folder": "api", "page_size": 200}
SCHEMAS = os.path.join(os.path.dirname(__file__), "schemas")
JSON_FEED = "https://jsonfeed.org/version/1.1"
LEGAL_FORCE = {"con-hieu-luc": "InForce", "het-hieu-luc": "NotInForce",
               "chua-co-hieu-luc": "NotInForce", "du-thao": "NotInForce"}


def config(settings):
    """The ``BANTIN_OPENDATA`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_OPENDATA", DEFAULTS)


def _site(settings):
    url = settings.get("SITEURL") or ""
    return url if url.startswith("http") else (settings.get("FEED_DOMAIN") or "")


def feed_pages(articles, title, base, name, site, page_size, language="vi"):
    """{file name: JSON Feed 1.1} of ``articles`` (newest first), ``page_size`` a file.

    Example: feed_pages(articles, "Tin", "api", "bai-viet", "https://x.vn", 200)
    """
    pages, count = {}, max(1, -(-len(articles) // page_size))
    names = [f"{name}.json"] + [f"{name}-trang-{n}.json" for n in range(2, count + 1)]
    for number, file_name in enumerate(names):
        chunk = articles[number * page_size:(number + 1) * page_size]
        feed = {"version": JSON_FEED, "title": title, "language": language,
                "home_page_url": f"{site}/", "feed_url": f"{site}/{base}/{file_name}",
                "items": [_item(a, site) for a in chunk]}
        if number + 1 < count:
            feed["next_url"] = f"{site}/{base}/{names[number + 1]}"
        pages[file_name] = feed
    return pages


def _item(article, site):
    lead = getattr(article, "lead", "") or article.metadata.get("summary") or ""
    item = {"id": f"{site}/{article.url}", "url": f"{site}/{article.url}",
            "title": article.title, "content_text": lead or article.title,
            "date_published": article.date.isoformat(), "tags": [article.category.name]}
    return item


def document_json(doc, site):
    """One document with schema.org ``Legislation`` names beside our own."""
    meta = doc.meta
    data = {
        "@context": "https://schema.org", "@type": "Legislation", "url": f"{site}/{doc.url}",
        "legislationIdentifier": doc.number or None, "legislationType": doc.type,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": doc.issuer},
        "legislationDate": meta["issued"].isoformat(), "abstract": doc.abstract,
        "legislationLegalForce": LEGAL_FORCE[doc.status], "status": doc.status,
        "statusName": doc.status_name,
        "legislationDateVersion": meta["issued"].isoformat(),
        "effective": meta["effective"].isoformat() if meta.get("effective") else None,
        "expires": meta["expires"].isoformat() if meta.get("expires") else None,
        "field": meta.get("field"), "signer": meta.get("signer"),
        "signerTitle": meta.get("signer_title"), "budgetYear": meta.get("budget_year"),
        "encoding": [{"@type": "MediaObject", "name": f["title"],
                      "contentUrl": f"{site}/{f['url']}", "encodingFormat": f["kind"],
                      "contentSize": f["size"]} for f in doc.attachments],
        "replaces": [d.number for d in doc.links.get("replaces", ())],
        "replacedBy": [d.number for d in doc.links.get("replaced_by", ())],
        "amends": [d.number for d in doc.links.get("amends", ())],
    }
    consultation = meta.get("consultation")
    if consultation:
        data["consultation"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                for k, v in consultation.items()}
    return data


def week_json(week, site):
    return {"week": week["week"].isoformat(), "url": f"{site}/{week['url']}",
            "days": [{"date": day.isoformat(), "items": items} for day, items in week["days"]]}


class OpenDataGenerator(Generator):
    """Writes the JSON files from what the other generators read."""

    def generate_context(self):
        cfg = config(self.settings)
        if cfg["enabled"]:
            self.context["OPENDATA_FEED"] = f"{cfg['folder']}/bai-viet.json"

    def generate_output(self, writer, articles=None, categories=None):
        cfg = config(self.settings)
        if not cfg["enabled"]:
            return
        ctx = self.context
        files = self.files(cfg, ctx.get("articles", ()) if articles is None else articles,
                           ctx.get("categories", ()) if categories is None else categories)
        for name, data in files.items():
            if parallel.mine(name):
                self._write(name, json.dumps(data, ensure_ascii=False, sort_keys=True,
                                             separators=(",", ":"), default=str))
        # After a partial rebuild: a page of the feed or a category that is no more.
        root = os.path.join(self.output_path, cfg["folder"])
        for folder, _dirs, names in os.walk(root):
            for name in names:
                rel = os.path.relpath(os.path.join(folder, name), self.output_path)
                rel = rel.replace(os.sep, "/")
                if rel.endswith(".json") and "/schemas/" not in rel and rel not in files \
                        and parallel.mine(rel):
                    os.unlink(os.path.join(folder, name))
        schemas = f"{cfg['folder']}/schemas"
        if parallel.mine(schemas):
            target = os.path.join(self.output_path, *schemas.split("/"))
            shutil.copytree(SCHEMAS, target, dirs_exist_ok=True)

    def files(self, cfg, articles, categories):
        """{path under the output: JSON value} of every file of the API."""
        site, folder, ctx = _site(self.settings), cfg["folder"], self.context
        files = {}
        articles = sorted(articles, key=lambda a: (a.date, a.url), reverse=True)
        for name, feed in feed_pages(articles, self.settings["SITENAME"], folder, "bai-viet",
                                     site, cfg["page_size"]).items():
            files[f"{folder}/{name}"] = feed
        for category, items in categories:
            chosen = sorted(items, key=lambda a: (a.date, a.url), reverse=True)
            for name, feed in feed_pages(chosen, f"{self.settings['SITENAME']} – {category.name}",
                                         f"{folder}/bai-viet", category.slug, site,
                                         cfg["page_size"]).items():
                files[f"{folder}/bai-viet/{name}"] = feed
        docs = ctx.get("legal_documents") or []
        if docs:
            files[f"{folder}/van-ban.json"] = {"documents": [{
                "number": d.number or None, "type": d.type, "issuer": d.issuer,
                "issued": d.meta["issued"].isoformat(), "abstract": d.abstract,
                "status": d.status, "url": f"{site}/{d.url}",
                "data": f"{site}/{folder}/van-ban/{d.slug}.json"} for d in docs]}
            for d in docs:
                files[f"{folder}/van-ban/{d.slug}.json"] = document_json(d, site)
        org = ctx.get("organisation")
        if org:
            files[f"{folder}/to-chuc.json"] = {
                "organisation": org, "jsonld": organisation.jsonld(org, f"{site}/" if site else "")}
        weeks = ctx.get("schedule_weeks") or []
        if weeks:
            files[f"{folder}/lich-cong-tac.json"] = {"weeks": [
                {"week": w["week"].isoformat(),
                 "data": f"{site}/{folder}/lich-cong-tac/{w['week'].isoformat()}.json"}
                for w in weeks]}
            for w in weeks:
                files[f"{folder}/lich-cong-tac/{w['week'].isoformat()}.json"] = \
                    week_json(w, site)
        return files

    def _write(self, name, text):
        target = os.path.join(self.output_path, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)


def rewrite(generators, settings, output_path):
    """The articles' files again, after a partial rebuild changed what lists show."""
    api = next((g for g in generators if isinstance(g, OpenDataGenerator)), None)
    articles = next((g for g in generators if hasattr(g, "generate_feeds")), None)
    if api is not None and articles is not None:
        api.generate_output(None, articles.articles, articles.categories)


def get_generators(_pelican):
    return OpenDataGenerator


def register():
    signals.get_generators.connect(get_generators)
    partial_hooks.register("written", rewrite)
