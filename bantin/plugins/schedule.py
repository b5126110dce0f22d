"""Pelican plugin: Lịch công tác, the weekly work schedule.

Reads ``content/<folder>/*.yaml`` (one week each, ``bantin.core.schedule``) and writes a
page per week (``<folder>/<Monday>.html``) with links to the previous and next weeks, and
``<folder>/index.html``: the week of the day of the build (the daily build keeps it
current), or a note and the latest week when that week has none. Printable.

Setting ``BANTIN_SCHEDULE`` (dict), defaults in ``DEFAULTS``.
"""
import os

from pelican import signals
from pelican.generators import Generator

from bantin.core import datafile, dates, schedule
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _
from bantin.core.settings import plugin_settings
from bantin.plugins.content import PROBLEMS_KEY

DEFAULTS = {"folder": "lich-cong-tac"}


def config(settings):
    """The ``BANTIN_SCHEDULE`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_SCHEDULE", DEFAULTS)


class ScheduleGenerator(Generator):
    """Reads the weeks; writes their pages and the current week's."""

    def generate_context(self):
        self.folder = config(self.settings)["folder"]
        self.weeks = []
        root = os.path.join(self.settings["PATH"], self.folder)
        if not os.path.isdir(root):
            return
        shown_root = os.path.dirname(os.path.abspath(self.settings["PATH"]))
        problems = self.settings.setdefault(PROBLEMS_KEY, [])
        seen = {}
        for name in sorted(os.listdir(root)):
            path = os.path.join(root, name)
            shown = os.path.relpath(path, shown_root)
            if not name.lower().endswith((".yaml", ".yml")):
                problems.append(Problem(shown, _("the work schedule is one file <Monday>.yaml "
                                                 "a week; this file is not read: delete or "
                                                 "rename it")))
                continue
            text, found = datafile.read_text(path, shown)
            if text is not None:
                week, found = schedule.parse(text, shown)
            problems.extend(found)
            if found:
                continue
            if week["week"] in seen:
                problems.append(Problem(shown, _("the week {week} is already in {path}; keep "
                                                 "one file a week", week=week["week"].isoformat(),
                                                 path=seen[week["week"]]), field="week"))
                continue
            seen[week["week"]] = shown
            week["url"] = f"{self.folder}/{week['week'].isoformat()}.html"
            self.weeks.append(week)
        self.weeks.sort(key=lambda w: w["week"])
        self.context["schedule_weeks"] = self.weeks
        self.context["SCHEDULE_URL"] = f"{self.folder}/index.html"

    def generate_output(self, writer):
        if not self.weeks:
            return
        template = self.get_template("schedule")
        relative = self.settings["RELATIVE_URLS"]
        for index, week in enumerate(self.weeks):
            writer.write_file(
                week["url"], template, self.context, relative_urls=relative, week=week,
                previous_week=self.weeks[index - 1] if index else None,
                next_week=self.weeks[index + 1] if index + 1 < len(self.weeks) else None,
                this_week=False)
        today = dates.now_vn().date()
        monday = schedule.week_of(today)
        current = next((w for w in self.weeks if w["week"] == monday), None)
        earlier = [w for w in self.weeks if w["week"] < monday]
        later = [w for w in self.weeks if w["week"] > monday]
        writer.write_file(
            f"{self.folder}/index.html", template, self.context, relative_urls=relative,
            week=current, monday=monday, this_week=True,
            previous_week=earlier[-1] if earlier else None,
            next_week=later[0] if later else None)


def get_generators(_pelican):
    return ScheduleGenerator


def register():
    signals.get_generators.connect(get_generators)
