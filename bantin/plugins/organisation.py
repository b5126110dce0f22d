"""Pelican plugin: Giới thiệu and Liên hệ from one data file, in Vietnamese and English.

Reads ``content/<file>`` (``bantin.core.organisation``) and writes the introduction
and contact pages in Vietnamese (``trang/gioi-thieu.html``, ``trang/lien-he.html``) and
in English (``en/about.html``, ``en/contact.html``, ``lang="en"``, the theme's English
strings from ``theme/strings.yaml``), each with ``schema.org`` GovernmentOrganization
JSON-LD and a link to the other language. The footer's contacts come from it too.

Setting ``BANTIN_ORGANISATION`` (dict), defaults in ``DEFAULTS``.
"""
import os

from pelican import signals
from pelican.generators import Generator

from bantin.core import datafile, organisation
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _
from bantin.core.settings import plugin_settings
from bantin.plugins.content import PROBLEMS_KEY

DEFAULTS = {"file": "to-chuc.yaml"}
# page: (Vietnamese address, English address, template)
PAGES = {"about": ("trang/gioi-thieu.html", "en/about.html", "organisation"),
         "contact": ("trang/lien-he.html", "en/contact.html", "contact")}


def config(settings):
    """The ``BANTIN_ORGANISATION`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_ORGANISATION", DEFAULTS)


class OrganisationGenerator(Generator):
    """Reads the organisation's data file; writes its pages in both languages."""

    def generate_context(self):
        self.org = None
        path = os.path.join(self.settings["PATH"], config(self.settings)["file"])
        if not os.path.lexists(path):
            return
        shown = os.path.relpath(path, os.path.dirname(os.path.abspath(self.settings["PATH"])))
        text, problems = datafile.read_text(path, shown)
        if text is not None:
            org, problems = organisation.parse(text, shown)
        self.settings.setdefault(PROBLEMS_KEY, []).extend(problems)
        if problems:
            return
        pages = [*self.context.get("pages", ()), *self.context.get("hidden_pages", ()),
                 *self.context.get("draft_pages", ())]
        ours = {vi for vi, _en, _t in PAGES.values()}
        clashes = [Problem(os.path.relpath(p.source_path, os.path.dirname(os.path.abspath(
            self.settings["PATH"]))), _(
                "the address {url} is a page made from {source}; delete this page (its "
                "content belongs in that file) or choose another 'slug'",
                url=p.save_as, source=shown), field="slug")
            for p in pages if p.save_as in ours]
        self.settings[PROBLEMS_KEY].extend(clashes)
        if clashes:
            return
        self.org = org
        self.context["organisation"] = org
        self.context["ORG_PAGES"] = {key: {"vi": vi, "en": en} for key, (vi, en, _t)
                                     in PAGES.items()}

    def generate_output(self, writer):
        if not self.org:
            return
        strings = self.context.get("UI_LANGUAGES") or self.settings["JINJA_GLOBALS"]["UI_LANGUAGES"]
        site = self.settings.get("SITEURL", "")
        absolute = site if site.startswith("http") else ""
        for key, (vi, en, template) in PAGES.items():
            for lang, name, other in (("vi", vi, en), ("en", en, vi)):
                writer.write_file(
                    name, self.get_template(template), self.context,
                    relative_urls=self.settings["RELATIVE_URLS"], lang=lang,
                    UI=strings[lang], org=self.org, other_language=other, page_key=key,
                    org_jsonld=organisation.jsonld(self.org, f"{absolute}/{name}" if absolute
                                                   else "", lang))


def get_generators(_pelican):
    return OrganisationGenerator


def register():
    signals.get_generators.connect(get_generators)
