"""Lịch công tác: one data file a week, a page per week, this week's page by the build date."""
from datetime import date, timedelta

import pytest

from bantin.build import BuildError
from bantin.core import dates, schedule
from conftest import build_site, soup, write_article

PATH = "content/lich-cong-tac/tuan.yaml"


def week_text(monday, items="", extra=""):
    day = monday.isoformat()
    return (f"week: {day}\n{extra}items:\n  - day: {day}\n    time: \"08:00\"\n"
            f"    content: Giao ban tuần {day}\n    lead: Chủ tịch UBND phường\n{items}")


@pytest.mark.parametrize("text, expected", [
    (week_text(date(2026, 11, 30)), []),
    (week_text(date(2026, 12, 1)), [f"{PATH}:1: week: 2026-12-01 is not a Monday; the week "
                                     "starts on Monday 2026-11-30"]),
    (week_text(date(2026, 11, 30), "  - day: 2026-12-07\n    content: Họp\n"),
     [f"{PATH}:2: items: item 2: the day 2026-12-07 is not in the week that starts on "
      "2026-11-30"]),
    (week_text(date(2026, 11, 30), "  - day: 2026-12-01\n    time: sáng\n    content: Họp\n"),
     [f"{PATH}:2: items: item 2: the time 'sáng' must be written like 08:00 or 14h30"]),
    (week_text(date(2026, 11, 30), "  - day: 2026-12-01\n"),
     [f"{PATH}:2: items: item 2: content is missing"]),
    (week_text(date(2026, 11, 30), extra="title: Lịch\n"),
     [f"{PATH}:2: title: unknown field; the only fields are week and items"]),
])
def test_week_file_rules(text, expected):
    _week, problems = schedule.parse(text, PATH)
    assert [str(p) for p in problems] == expected


def test_items_sorted_by_day_and_time():
    text = week_text(date(2026, 11, 30), "  - day: 2026-11-30\n    time: 7h30\n    content: Sớm\n"
                                         "  - day: 2026-11-30\n    content: Cả ngày\n")
    week, _problems = schedule.parse(text, PATH)
    assert [(d.isoformat(), [i.get("time", "") for i in items]) for d, items in week["days"]] \
        == [("2026-11-30", ["", "07:30", "08:00"])]


def test_this_week_previous_and_next(tmp_path):
    content = tmp_path / "content"
    write_article(content / "2024", "bai.md", title="Bài")
    this = schedule.week_of(dates.now_vn().date())
    folder = content / "lich-cong-tac"
    folder.mkdir(parents=True)
    for monday in (this - timedelta(days=7), this, this + timedelta(days=14)):
        (folder / f"{monday.isoformat()}.yaml").write_text(week_text(monday), encoding="utf-8")
    out = build_site(content, tmp_path / "out")
    index = soup(out / "lich-cong-tac" / "index.html")
    assert f"Giao ban tuần {this.isoformat()}" in index.get_text()
    nav = [(a["rel"][0], a["href"].rsplit("/", 1)[-1]) for a in index.select(".schedule__nav a")]
    assert nav == [("prev", f"{(this - timedelta(days=7)).isoformat()}.html"),
                   ("next", f"{(this + timedelta(days=14)).isoformat()}.html")]
    last = soup(out / "lich-cong-tac" / f"{(this - timedelta(days=7)).isoformat()}.html")
    assert [a["href"].rsplit("/", 1)[-1] for a in last.select(".schedule__nav a")] == [
        f"{this.isoformat()}.html", "index.html"]
    assert index.select_one('nav.site-nav a[aria-current="page"]').get_text() == "Lịch công tác"
    # This week's file removed: the page says so and leads to the nearest weeks.
    (folder / f"{this.isoformat()}.yaml").unlink()
    out = build_site(content, tmp_path / "out")
    index = soup(out / "lich-cong-tac" / "index.html")
    assert "Chưa có lịch công tác của tuần này." in index.get_text()
    assert len(index.select(".schedule__nav a")) == 2


def test_a_bad_week_fails_the_build(tmp_path):
    content = tmp_path / "content"
    write_article(content / "2024", "bai.md", title="Bài")
    folder = content / "lich-cong-tac"
    folder.mkdir(parents=True)
    (folder / "tuan.yaml").write_text(week_text(date(2026, 12, 1)), encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build_site(content, tmp_path / "out")
    assert "content/lich-cong-tac/tuan.yaml:1: week: 2026-12-01 is not a Monday" in \
        str(failed.value)
