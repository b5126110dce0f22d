"""Pure Vietnamese text helpers and date formatting, as tables."""
from datetime import datetime

import pytest

from bantin.core.dates import parse_date, weekday_date
from bantin.core.text import clean_text, fold, slugify, sort_key
from bantin.plugins.theme import page_window, vi_datetime


@pytest.mark.parametrize("title,slug", [
    ("Phường Đức Giang tổ chức hội nghị", "phuong-duc-giang-to-chuc-hoi-nghi"),
    ("Nghị quyết 97/2019/QH14 của Quốc hội", "nghi-quyet-97-2019-qh14-cua-quoc-hoi"),
    ("Nghị định số 32/2021/NĐ-CP", "nghi-dinh-so-32-2021-nd-cp"),
    ("\u00d0ại hội Ðảng bộ", "dai-hoi-dang-bo"),  # look-alike eth
    ("ĐẢNG ỦY — “Dân biết, dân bàn”", "dang-uy-dan-biet-dan-ban"),
    ("Hiến máu nhân đạo năm 2020", "hien-mau-nhan-dao-nam-2020"),
    ("u\u031b\u0309 NFD input", "u-nfd-input"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_word_boundary():
    title = ("Phường Đức Giang tổ chức Hội nghị đối thoại giữa Chủ tịch UBND phường với "
             "Nhân dân; đối thoại với tổ chức, cá nhân về thủ tục hành chính năm 2022")
    slug = slugify(title)
    assert slug == "phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan"
    assert len(slug) <= 80 and title.lower().startswith("phường")


@pytest.mark.parametrize("text,folded", [
    ("Đức Giang", "duc giang"), ("ĐẢNG ỦY", "dang uy"), ("uỷ", "uy"), ("hoá", "hoa"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_clean_text_fixes_nbsp_lookalike_and_nfd():
    assert clean_text("Ðức\u00a0\u00a0Giang  u\u031b\u0309") == "Đức Giang ử"


def test_vietnamese_alphabetical_order():
    words = ["đường", "Dương", "an", "ăn", "âm", "bầu", "Công tác Đảng", "công", "ô", "ơ", "o",
             "ư", "u", "hoà", "hoa", "hóa"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "âm", "bầu", "công", "Công tác Đảng", "Dương", "đường", "hoa", "hoà", "hóa",
        "o", "ô", "ơ", "u", "ư"]


@pytest.mark.parametrize("day,weekday", [
    (6, "Thứ Hai"), (7, "Thứ Ba"), (8, "Thứ Tư"), (9, "Thứ Năm"), (10, "Thứ Sáu"),
    (11, "Thứ Bảy"), (12, "Chủ Nhật"),
])
def test_weekday_names_without_system_locale(day, weekday):
    assert weekday_date(datetime(2022, 6, day)) == f"{weekday}, {day:02d}/06/2022"


def test_article_datetime_shows_time_only_when_given():
    assert vi_datetime(parse_date("2022-06-03 10:32")) == "Thứ Sáu, 03/06/2022 10:32"
    assert vi_datetime(parse_date("2022-06-03")) == "Thứ Sáu, 03/06/2022"
    assert parse_date("2022-06-03 10:32").isoformat() == "2022-06-03T10:32:00+07:00"


@pytest.mark.parametrize("bad", ["2022-02-31", "2022-13-01", "2022-06-03 24:00"])
def test_impossible_dates_are_rejected(bad):
    with pytest.raises(ValueError, match="is not a valid date"):
        parse_date(bad)


@pytest.mark.parametrize("current,last,shown", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 1000, [1, 2, 3, 1000]),
    (4, 1000, [1, 2, 3, 4, 5, 6, 1000]),
    (7, 1000, [1, 5, 6, 7, 8, 9, 1000]),
    (999, 1000, [1, 997, 998, 999, 1000]),
])
def test_page_window(current, last, shown):
    assert page_window(current, last) == shown
