"""Lịch công tác: the People's Committee's weekly work schedule, one data file a week
(``content/lich-cong-tac/<Monday>.yaml``): each item a day, a time, what, who leads it,
where. Pure: no Pelican.

Example:
    week, problems = parse(text, "content/lich-cong-tac/2026-11-30.yaml")
"""
import re
from datetime import date, timedelta

from bantin.core import datafile
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _

ITEM_KEYS = {"day": True, "time": False, "content": True, "lead": False, "place": False,
             "attend": False}
FIELDS = {"week", "items"}
MAX_ITEMS = 200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
TIME_PATTERN = r"^([01]?\d|2[0-3])[:h]([0-5]\d)$"  # also the web editor's (cmsconfig)
_TIME = re.compile(TIME_PATTERN, re.ASCII)



def _text(value, limit=1000):
    return datafile.text_value(value, limit)


def _day(value):
    text = str(value).strip()
    if not _DAY.match(text):
        raise ValueError(_("{value!r} is not a date; write it as YYYY-MM-DD, for example "
                           "2024-03-15", value=text))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("the date {value} does not exist", value=text)) from None
    if not 2000 <= day.year <= 2100:
        raise ValueError(_("the year {year} is outside 2000–2100", year=day.year))
    return day


def _time(value):
    text = str(value).strip()
    match = _TIME.match(text)
    if not match:
        raise ValueError(_("the time {value!r} must be written like 08:00 or 14h30",
                           value=text))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _item(number, item, monday):
    if not isinstance(item, dict):
        raise ValueError(_("item {number} must have day, time, content…", number=number))
    unknown = set(map(str, item)) - set(ITEM_KEYS)
    if unknown:
        raise ValueError(_("item {number}: {problem}", number=number, problem=_(
            "there is no field {field!r}; the only fields are {fields}",
            field=sorted(unknown)[0], fields=", ".join(ITEM_KEYS))))
    out = {}
    try:
        for key, required in ITEM_KEYS.items():
            if item.get(key) in (None, ""):
                if required:
                    raise ValueError(_("{field} is missing", field=key))
                continue
            out[key] = _day(item[key]) if key == "day" else _time(item[key]) \
                if key == "time" else _text(item[key])
    except ValueError as exc:
        raise ValueError(_("item {number}: {problem}", number=number, problem=exc)) from None
    if monday and not monday <= out["day"] < monday + timedelta(days=7):
        raise ValueError(_("item {number}: {problem}", number=number, problem=_(
            "the day {day} is not in the week that starts on {monday}",
            day=out["day"].isoformat(), monday=monday.isoformat())))
    return out


def parse(text, path):
    """({"week": Monday, "days": [(day, [items by time])]}, problems)."""
    data, lines, problems = datafile.load_yaml(text, path)
    data = data or {}
    for key in data:
        if key not in FIELDS:
            problems.append(Problem(path, _("unknown field; the only fields are week and items"),
                                    line=lines.get(key), field=key))
    monday = None
    try:
        monday = _day(data.get("week", ""))
        if monday.weekday() != 0:
            raise ValueError(_("{day} is not a Monday; the week starts on Monday {monday}",
                               day=monday.isoformat(), monday=week_of(monday).isoformat()))
    except ValueError as exc:
        problems.append(Problem(path, str(exc), line=lines.get("week", 1), field="week"))
        monday = None
    items = []
    value = data.get("items")
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        problems.append(Problem(path, _("must be a list of 1 to {limit} events, each starting "
                                        "with '- day: …'", limit=MAX_ITEMS),
                                line=lines.get("items", 1), field="items"))
    else:
        for number, item in enumerate(value, start=1):
            try:
                items.append(_item(number, item, monday))
            except ValueError as exc:
                problems.append(Problem(path, str(exc), line=lines.get("items"), field="items"))
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset) if monday else None
        todo = sorted((i for i in items if i["day"] == day), key=lambda i: i.get("time", ""))
        if todo:
            days.append((day, todo))
    return {"week": monday, "days": days}, problems


def week_of(day):
    """The Monday of ``day``'s week.

    Example: week_of(date(2026, 12, 2)) == date(2026, 11, 30)
    """
    return day - timedelta(days=day.weekday())
