"""Pelican plugin: Thủ tục hành chính, the list of procedures by field, each a link to
the public-service portal where it is carried out (``bantin.core.procedures``).

Setting ``BANTIN_PROCEDURES`` (dict), defaults in ``DEFAULTS``: the data file, the page,
and the hosts a procedure may link to (the national portal and the provinces' are all
under .gov.vn).
"""
import os
from itertools import groupby

from pelican import signals
from pelican.generators import Generator

from bantin.core import datafile, procedures
from bantin.core.settings import plugin_settings
from bantin.core.text import sort_key
from bantin.plugins.content import PROBLEMS_KEY

DEFAULTS = {"file": "thu-tuc.yaml", "page": "thu-tuc-hanh-chinh/index.html",
            "hosts": (".gov.vn",)}


def config(settings):
    """The ``BANTIN_PROCEDURES`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_PROCEDURES", DEFAULTS)


class ProceduresGenerator(Generator):
    def generate_context(self):
        cfg = self.cfg = config(self.settings)
        self.procedures = []
        path = os.path.join(self.settings["PATH"], cfg["file"])
        if not os.path.lexists(path):
            return
        shown = os.path.relpath(path, os.path.dirname(os.path.abspath(self.settings["PATH"])))
        text, problems = datafile.read_text(path, shown)
        items = []
        if text is not None:
            items, problems = procedures.parse(text, shown, cfg["hosts"])
        self.settings.setdefault(PROBLEMS_KEY, []).extend(problems)
        self.procedures = sorted(items, key=lambda p: (sort_key(p["field"]), sort_key(p["name"])))
        self.context["procedures"] = self.procedures
        self.context["PROCEDURES_URL"] = cfg["page"]

    def generate_output(self, writer):
        if not self.procedures:
            return
        fields = [(field, list(items)) for field, items
                  in groupby(self.procedures, key=lambda p: p["field"])]
        writer.write_file(self.cfg["page"], self.get_template("procedures"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], fields=fields)


def get_generators(_pelican):
    return ProceduresGenerator


def register():
    signals.get_generators.connect(get_generators)
