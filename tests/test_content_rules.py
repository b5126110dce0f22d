"""Bad articles stop the build with one clear line each; tolerable ones build."""
import subprocess
import sys
import unicodedata

import pytest

from bantin.build import BuildError
from conftest import ROOT, build_site, soup, write_article, write_raw

GOOD_HEAD = "---\ntitle: Tin tốt\ndate: 2022-06-03 10:32\ncategory: Thông báo\n"
ALLOWED = ("Tin tức – Sự kiện, Hoạt động khối chính quyền, Công tác Đảng, Công tác dân vận, "
           "Bài viết chuyên sâu, Kinh tế – Xã hội, An ninh – Quốc phòng, Thông báo")

BAD = [
    ("missing title", "---\ndate: 2022-06-03\ncategory: Thông báo\n---\nx\n",
     "content/bad.md:1: title: is required but missing"),
    ("impossible date", "---\ntitle: A\ndate: 2022-02-31\ncategory: Thông báo\n---\nx\n",
     "content/bad.md:3: date: '2022-02-31' is not a valid date: there is no 31/02/2022; "
     "write YYYY-MM-DD HH:MM, e.g. 2022-02-28"),
    ("date in legacy form", "---\ntitle: A\ndate: 03/06/2022\ncategory: Thông báo\n---\nx\n",
     "content/bad.md:3: date: '03/06/2022' is not a date; write YYYY-MM-DD HH:MM, "
     "e.g. 2022-06-03 09:00"),
    ("impossible time", "---\ntitle: A\ndate: 2022-06-03 25:10\ncategory: Thông báo\n---\n",
     "content/bad.md:3: date: '2022-06-03 25:10' is not a valid date: there is no "
     "03/06/2022 25:10; write YYYY-MM-DD HH:MM, e.g. 2022-06-03 23:10"),
    ("negative views", GOOD_HEAD + "views: -5\n---\nx\n",
     "content/bad.md:5: views: -5 must be 0 or more"),
    ("text views", GOOD_HEAD + "views: nhiều\n---\nx\n",
     "content/bad.md:5: views: 'nhiều' is not a whole number (write e.g. 1451 or 1.451)"),
    ("unknown key", GOOD_HEAD + "author: Ai đó\n---\nx\n",
     "content/bad.md:5: author: unknown field; allowed fields: title, date, category, views, "
     "source, summary, tags, slug, status, cover, cover_caption, gallery, legacy, documents"),
    ("unknown category", "---\ntitle: A\ndate: 2022-06-03\ncategory: Thể thao\n---\nx\n",
     f"content/bad.md:4: category: 'Thể thao' is not a declared category; use one of: {ALLOWED}"),
    ("unparsable yaml", GOOD_HEAD + "tags: [a, b\n---\nx\n",
     "content/bad.md:5: front matter is not valid YAML (expected ',' or ']', but got '<stream end>')"),
    ("tab indentation", GOOD_HEAD + "gallery:\n\t- file: a.jpg\n---\nx\n",
     "content/bad.md:6: tab character in the front matter; use spaces"),
    ("no closing line", GOOD_HEAD + "\nNội dung\n",
     "content/bad.md:1: the front matter has no closing '---' line"),
    ("empty file", "", "content/bad.md: the file is empty"),
    ("no front matter", "# Tin tốt\n\nNội dung\n",
     "content/bad.md:1: the file must start with a '---' line followed by the front matter"),
    ("key twice", GOOD_HEAD + "title: Lại\n---\nx\n", "content/bad.md:5: title: appears twice"),
    ("bad status", GOOD_HEAD + "status: nháp\n---\nx\n",
     "content/bad.md:5: status: 'nháp' must be one of: published, draft, hidden"),
    ("bad slug", GOOD_HEAD + "slug: Tin Tốt\n---\nx\n",
     "content/bad.md:5: slug: 'Tin Tốt' must be lower-case ASCII words joined by '-'"),
    ("gallery without caption", GOOD_HEAD + "gallery:\n- file: a.jpg\n---\nx\n",
     "content/bad.md:5: gallery: item 1 needs a caption"),
]


def _build_expecting_failure(tmp_path):
    with pytest.raises(BuildError) as info:
        build_site(tmp_path / "content", tmp_path / "output")
    return str(info.value).splitlines()


@pytest.mark.parametrize("name,text,message", BAD, ids=[b[0] for b in BAD])
def test_bad_article_fails_build_with_file_and_field(tmp_path, name, text, message):
    write_article(tmp_path / "content", "good.md")
    (tmp_path / "content" / "bad.md").write_text(text, encoding="utf-8")
    assert _build_expecting_failure(tmp_path) == [message]
    assert not (tmp_path / "output").exists(), "nothing may be published"


def test_not_utf8_fails(tmp_path):
    write_article(tmp_path / "content", "good.md")
    # "Thông báo" saved by an old editor in Windows-1258
    (tmp_path / "content" / "bad.md").write_bytes(
        b"---\ntitle: Th\xf4ng b\xe1o\ndate: 2022-06-03\ncategory: Th\xf4ng b\xe1o\n---\n")
    assert _build_expecting_failure(tmp_path) == [
        "content/bad.md: is not UTF-8 text (byte 13); save it as UTF-8"]


def test_duplicate_slug_is_an_error_not_an_overwrite(tmp_path):
    write_article(tmp_path / "content", "a.md", title="Họp tổ dân phố")
    write_article(tmp_path / "content", "2021/b.md", title="Họp tổ dân phố", date="2021-01-01")
    assert _build_expecting_failure(tmp_path) == [
        "content/a.md: slug: 'hop-to-dan-pho' is already used by content/2021/b.md; "
        "set a different 'slug'"]


def test_every_problem_of_every_file_is_listed(tmp_path):
    content = tmp_path / "content"
    (content).mkdir()
    (content / "a.md").write_text("---\ntitle: A\ndate: 2022-13-01\ncategory: X\n---\n", "utf-8")
    (content / "b.md").write_text("", "utf-8")
    lines = _build_expecting_failure(tmp_path)
    assert sorted(lines) == sorted([
        "content/a.md:3: date: '2022-13-01' is not a valid date: there is no 01/13/2022; "
        "write YYYY-MM-DD HH:MM, e.g. 2022-12-01",
        f"content/a.md:4: category: 'X' is not a declared category; use one of: {ALLOWED}",
        "content/b.md: the file is empty"])


def test_command_line_build_exits_non_zero(tmp_path):
    write_raw(tmp_path / "content", "bad.md", "---\ntitle: A\n---\n")
    result = subprocess.run(
        [sys.executable, "-m", "bantin.build", "--content", str(tmp_path / "content"),
         "--output", str(tmp_path / "output")],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "content/bad.md:1: date: is required but missing" in result.stderr
    assert "content/bad.md:1: category: is required but missing" in result.stderr


def test_tolerated_mistakes_build(tmp_path):
    content = tmp_path / "content"
    nfd_title = unicodedata.normalize("NFD", "Đảng ủy phường họp")
    write_raw(content, "colon.md", """
        ---
        title: PHƯỚC LONG: Cần tăng cường trao đổi thông tin
        date: 2022-09-21 12:27
        category: công tác đảng
        ---
        Nội dung.
        """)
    (content / "crlf.md").write_bytes(
        ("\ufeff---\r\ntitle: " + nfd_title + "\r\ndate: 2022-09-20\r\ncategory: CÔNG TÁC ĐẢNG"
         "\r\nsource: Tổ #3\r\n---\r\nDòng\u00a0một.\r\n").encode("utf-8"))
    out = build_site(content, tmp_path / "output")
    colon = soup(out / "phuoc-long-can-tang-cuong-trao-doi-thong-tin.html")
    assert colon.h1.get_text() == "PHƯỚC LONG: Cần tăng cường trao đổi thông tin"
    assert colon.select_one(".article__category a").get_text() == "Công tác Đảng"
    crlf = soup(out / "dang-uy-phuong-hop.html")
    assert crlf.h1.get_text() == "Đảng ủy phường họp"
    assert unicodedata.is_normalized("NFC", crlf.h1.get_text())
    assert crlf.select_one(".article__source").get_text() == "Nguồn tin: Tổ #3"
    assert crlf.select_one("article time").get_text() == "Thứ Ba, 20/09/2022"


def test_a_failed_build_does_not_break_the_next_one(tmp_path):
    content = tmp_path / "content"
    bad = write_raw(content, "bad.md", "---\ntitle: A\n---\n")
    _build_expecting_failure(tmp_path)
    bad.unlink()
    write_article(content, "good.md", title="Tin tốt")
    out = build_site(content, tmp_path / "output")
    assert "tin-tot.html" in (out / "sitemap.xml").read_text()


@pytest.mark.parametrize("setting", ["BANTIN_SEO", "BANTIN_GALLERY", "BANTIN_THEME", "BANTIN_CDN",
                                     "BANTIN_SEARCH", "BANTIN_ASSETS", "BANTIN_PARALLEL",
                                     "BANTIN_PRECOMPRESS"])
def test_unknown_option_in_a_setting_stops_the_build(tmp_path, setting):
    write_article(tmp_path / "content", "good.md")
    with pytest.raises(BuildError) as info:
        build_site(tmp_path / "content", tmp_path / "output", **{setting.lower(): {"widht": 1}})
    assert str(info.value).startswith(f"{setting}: unknown option 'widht'; known options: ")
    assert not (tmp_path / "output").exists()
