"""The importer on hostile legacy pages: it writes text only, or refuses the page.

A page is imported with the site's settings and ``debug`` (a bug is a traceback
here, not a failed page). Either the import fails with a one-line reason and
writes nothing, or the written file passes the checks an editor's file gets and
the built site shows the hostile text as text, with no active content anywhere.
"""
import functools
import html
import io
import random
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings as hsettings, strategies as st
from PIL import Image

from active_content import active_content, scan_site
from bantin.core import frontmatter
from bantin.build import load_settings
from bantin.legacy.importer import md_text, plain
from bantin.legacy.migrate import import_legacy
from bantin.legacy.html_pages import LINK_END, LINK_MID, LINK_START
from bantin.core.text import UNPRINTABLE, remove_unprintable
from bantin.core.safety import embed_hosts, markdown_converter, render_body, url_scheme
from bantin.core.text import clean_text
from conftest import ROOT, build_site, soup

SETTINGS = load_settings(str(ROOT / "pelicanconf.py"))
CATEGORIES = [name for name, _slug, _desc in SETTINGS["CATEGORIES"]]
MARKDOWN = markdown_converter(SETTINGS)  # what the build converts an article with
HOSTS = embed_hosts(SETTINGS)
TIME_BOUND = 2.0  # seconds for one small page, on a loaded 2-core machine

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg/onload=alert(1)>"


def liferay_text(title, body, category="Tin tức – Sự kiện", captions=()):
    parts = [category, title, "Ngày đăng 03/06/2022 | 10:32 | Lượt xem: 115", *body]
    if captions:
        parts += ["Một số hình ảnh tại hội nghị:", *captions]
    return "\n\n".join(parts) + "\n"


def nukeviet_text(title, lead, body, source="Văn phòng UBND phường"):
    return "\n\n".join([title, "Thứ tư - 21/09/2022 12:27 250 0", lead, *body,
                        f"Nguồn tin: {source}",
                        "Tổng số điểm của bài viết là: 0 trong 0 đánh giá"])


def nukeviet_html(title, body, lead="Tóm tắt bài viết.", source="Văn phòng UBND xã",
                  caption="Ảnh bìa của bài", head=""):
    """NukeViet 4's news detail view (themes/default/modules/news/detail.tpl)."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - Cổng thông tin</title>{head}</head><body>
<ul class="breadcrumbs"><li><a href="/">Trang nhất</a></li>
<li><a href="/tb/">Thông báo</a></li></ul>
<div class="news_column panel"><div class="panel-body">
<h1 class="title">{title}</h1>
<span class="h5">Chủ nhật - 05/03/2023 07:15</span>
<figure class="article"><img alt="ảnh" src="trang_files/anh-bia.jpg">
<figcaption>{caption}</figcaption></figure>
<div class="hometext">{lead}</div>
<div id="news-bodyhtml" class="bodytext">{body}</div>
<p class="h5 text-right"><strong>Nguồn tin: </strong>{source}</p>
</div></div></body></html>"""


def generic_html(title, body, head=""):
    return f"""<html><head><title>{title}</title>{head}</head><body>
<div id="menu"><a href="/">Trang chủ</a></div>
<div class="content"><h1>{title}</h1><p class="date">Cập nhật: 28/03/2024 16:05 | Lượt xem: 42</p>
{body}</div></body></html>"""


PAD = "Đoạn văn bình thường của bài viết để tệp dài hơn bốn nghìn byte. " * 80
# (name, file suffix, page text or bytes, expected: "written" or "failed: <message part>",
#  [(CSS selector on the built article page, text that must show there)])
PAGES = [
    ("html-entity-script-title", ".html",
     nukeviet_html("Tin &lt;script&gt;alert(1)&lt;/script&gt; mới số 1", "<p>Nội dung một.</p>"),
     "written", [("h1.article__title", f"Tin {XSS} mới số 1")]),
    ("html-entity-lead-source-caption", ".html",
     nukeviet_html("Tin số 2", "<p>Nội dung hai.</p>",
                   lead="Tóm tắt &lt;img src=x onerror=alert(1)&gt;",
                   source="&lt;svg/onload=alert(1)&gt;",
                   caption="Ảnh &lt;script&gt;alert(1)&lt;/script&gt;"),
     "written", [(".article__lead", f"Tóm tắt {IMG}"), (".article__source", SVG),
                 (".gallery figcaption", f"Ảnh {XSS}")]),
    ("html-json-ld-breakout", ".html",
     nukeviet_html("Tin &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; số 3", "<p>Ba.</p>"),
     "written", [("h1.article__title", f"Tin </script>{XSS} số 3")]),
    ("html-tags-in-body", ".html",
     nukeviet_html("Tin số 4", f"<p>Trước {XSS}</p><p>Sau {IMG} {SVG}</svg> hết.</p>"
                   "<p><img src=x onerror=alert(1)><svg><script>alert(1)</script></svg></p>"),
     "written", [(".article__body", "Trước"), (".article__body", "Sau hết.")]),
    ("html-javascript-links", ".html",
     nukeviet_html("Tin số 5", '<p>Xem <a href="javascript:alert(1)">một</a>, '
                   '<a href="&#106;avascript:alert(1)">hai</a>, '
                   '<a href="javascript&colon;alert(1)">ba</a>, '
                   '<a href="jav&#x09;ascript:alert(1)">bốn</a>, '
                   '<a href=" JAVASCRIPT:alert(1)">năm</a>, '
                   '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">sáu</a> và '
                   '<a href="https://phuong.example.gov.vn/a_b?c=1&amp;d=2">bảy</a>.</p>'),
     "written", [(".article__body", "Xem một, hai, ba, bốn, năm, sáu và bảy.")]),
    ("html-frames", ".html",
     nukeviet_html("Tin số 6", '<iframe src="https://evil.example/x"></iframe>'
                   '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'
                   '<object data="x.swf"></object><embed src="x.swf"><p>Nội dung sau khung.</p>'),
     "written", [(".article__body", "Nội dung sau khung.")]),
    ("html-meta-base-details", ".html",
     generic_html("Tin số 7", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
                  '<base href="https://evil.example/"><details open ontoggle="alert(1)">'
                  '<summary>Chi tiết</summary><p>Nội dung chi tiết.</p></details>'
                  '<form action="javascript:alert(1)"><input name="q"><button>Gửi</button></form>'
                  '<p style="background:url(javascript:alert(1))">Kiểu chữ.</p>',
                  head='<meta http-equiv="refresh" content="0;url=https://evil.example/">'
                       '<base href="https://evil.example/">'),
     "written", [(".article__body", "Nội dung chi tiết."), (".article__body", "Kiểu chữ.")]),
    ("html-attr-list-text", ".html",
     nukeviet_html("Tin số 8", '<p>Đoạn văn {: onclick="alert(1)"}</p>'
                   '<p><a href="https://a.example/">liên kết</a>{: onclick="alert(1)"}</p>'
                   '<p>{: onmouseover=alert(1) }</p>'),
     "written", [(".article__body", 'Đoạn văn {: onclick="alert(1)"}'),
                 (".article__body a[href='https://a.example/']", "liên kết")]),
    ("html-markdown-in-text", ".html",
     generic_html("Tin số 9", "<p>Bấm [vào đây](javascript:alert(1)) nhé</p>"
                  "<p>![ảnh](javascript:alert(1))</p><p>&lt;https://evil.example&gt;</p>"
                  "<p>: định nghĩa</p><p>~~~</p><p># Không phải tiêu đề</p>"),
     "written", [(".article__body", "Bấm [vào đây](javascript:alert(1)) nhé"),
                 (".article__body", "# Không phải tiêu đề")]),
    ("html-control-characters", ".html",
     nukeviet_html("Tin\x07 số&#x1b; 10&#x202e;\x85",
                   "<p>Nhãn &#0;giả&#1;javascript:alert(1)&#2; hết\x0b.</p>"
                   "<p>Đảo\u202e chiều\u2066 và\x7f xóa\x1f.</p>", lead="Tóm\x01 tắt&#x9f;"),
     "written", [("h1.article__title", "Tin số 10"), (".article__lead", "Tóm tắt"),
                 (".article__body", "Đảo chiều và xóa.")]),
    ("text-liferay-script-title", ".txt",
     liferay_text(f"Tin {XSS} mới số 11", [f"Nội dung {IMG} và {SVG}.", "&lt;script&gt; là chữ."]),
     "written", [("h1.article__title", f"Tin {XSS} mới số 11"),
                 (".article__body", f"Nội dung {IMG} và {SVG}."),
                 (".article__body", "&lt;script&gt; là chữ.")]),
    ("text-nukeviet-lead-source", ".txt",
     nukeviet_text("Tin số 12", f"Tóm tắt {IMG}", ["Nội dung mười hai.", f"Ảnh: Ảnh {XSS}"],
                   source=SVG),
     "written", [(".article__lead", f"Tóm tắt {IMG}"), (".article__source", SVG),
                 (".article__body figcaption", f"Ảnh {XSS}")]),
    ("text-markdown-syntax", ".txt",
     liferay_text("Tin số 13", [
         "[x](javascript:alert(1))", 'Đoạn {: onclick="alert(1)"}', '{: onclick="alert(1)"}',
         "![x](javascript:alert(1))", "# Giả tiêu đề", ": định nghĩa", "~~~",
         "*[HTML]: chú thích", "<https://evil.example>", "[^1]: chú thích",
         "1. không phải danh sách", "> không phải trích dẫn", "- mục", "`mã` và \\ gạch",
         "| a | b |", "|---|---|"]),
     "written", [(".article__body", "[x](javascript:alert(1))"),
                 (".article__body", ": định nghĩa"), (".article__body", "`mã` và \\ gạch"),
                 (".article__body", "1. không phải danh sách")]),
    ("text-raw-html", ".txt",
     nukeviet_text("Tin số 14", "Tóm tắt.", [
         '<iframe src="https://evil.example/"></iframe>',
         '<iframe srcdoc="<script>alert(1)</script>">',
         '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
         '<base href="https://evil.example/">', '<details open ontoggle=alert(1)>',
         '<a href="javascript:alert(1)">bấm</a>', "<style>body{display:none}</style>"]),
     "written", [(".article__body", '<base href="https://evil.example/">')]),
    ("text-gallery-captions", ".txt",
     liferay_text("Tin số 15", ["Nội dung mười lăm."],
                  captions=[f"Đại biểu {IMG} phát biểu", "Toàn cảnh &lt;script&gt; hội nghị"]),
     "written", []),
    ("text-control-characters", ".txt",
     liferay_text("Tin\x01\x02\x03 số\x1b[31m 16\u202e\u2066\ufffe\x7f\x85",
                  [PAD, "Đoạn\x00 có\x08 ký tự\x0c lạ\x1f.",
                   "\x00nhãn\x01javascript:alert(1)\x02 giả."]),
     "written", [("h1.article__title", "Tin số[31m 16"),
                 (".article__body", "Đoạn có ký tự lạ.")]),
    ("text-nul-at-start", ".txt", "\x00" + liferay_text("Tin số 17", ["Nội dung."]),
     "failed: this is a binary file", []),
    ("html-title-too-long", ".html", nukeviet_html("Tin " + "rất dài " * 60, "<p>Nội dung.</p>"),
     "failed: title: is 483 characters long; at most 300", []),
    ("text-not-utf8-nor-cp1258", ".txt",
     "Tin số 19\n\n01/02/2021\n\nNội dung ".encode() + b"\x81\x8d\x90",
     "failed: neither UTF-8 nor Windows-1258", []),
    ("html-nested-too-deep", ".html", generic_html("Tin số 20", "<font>x" * 500),
     "failed: nested", []),
    # A title whose slug the site uses (the search page) gets its date appended.
    ("html-reserved-slug", ".html", generic_html("Tìm kiếm", "<p>Nội dung.</p>"),
     "written", [("h1.article__title", "Tìm kiếm")]),
]


@functools.lru_cache(maxsize=1)
def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _run(src, out):
    start = time.process_time()  # CPU time: the machine may be busy
    [result] = import_legacy(src, out, CATEGORIES, {}, "Thông báo", settings=SETTINGS,
                             debug=True)
    assert time.process_time() - start < TIME_BOUND, result
    return result


def _write(src, page):
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(page if isinstance(page, bytes) else page.encode("utf-8"))


def _import(folder, name, suffix, page):
    """Write one page, and the photo saved with it, under ``folder``; import it into
    ``folder/content``."""
    src = folder / "in" / name / f"trang{suffix}"
    _write(src, page)
    (src.parent / "trang_files").mkdir()
    (src.parent / "trang_files" / "anh-bia.jpg").write_bytes(_photo())
    return _run(src, folder / "content")


def check_written(result):
    """The written file passes an editor's checks and converts to text only."""
    text = Path(result.target).read_text(encoding="utf-8")
    assert not UNPRINTABLE.search(text), repr(UNPRINTABLE.search(text).group())
    doc = frontmatter.parse(text, result.target, CATEGORIES)
    assert doc.ok, doc.problems
    # Plain YAML reads the same text: every value was written as a quoted-if-need-be string.
    standard = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    for key in ("title", "source", "summary"):
        assert standard.get(key) == doc.meta.get(key), key
        assert "\n" not in doc.meta.get(key, ""), key
    for entry, read in zip(standard.get("gallery", []), doc.meta.get("gallery", [])):
        assert entry["caption"] == read["caption"]
    safe, problems = render_body(doc, MARKDOWN, HOSTS)
    assert problems == [], problems
    # The raw conversion, before the sanitiser, must hold nothing to remove either.
    MARKDOWN.reset()
    assert active_content(MARKDOWN.convert(doc.body)) == []
    assert active_content(safe) == []
    return doc


def check_failed(result, folder):
    assert result.message and "\n" not in str(result), result
    assert not list((folder / "content").rglob("*.md")), "a failed page wrote a file"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    results = {}
    for name, suffix, page, _expected, _visible in PAGES:
        results[name] = _import(folder / name, name, suffix, page)
    return folder, results


@pytest.fixture(scope="module")
def built(imported):
    """One site of every page the importer wrote."""
    folder, results = imported
    content = folder / "site" / "content"
    for name, result in results.items():
        if result.status == "written":
            source = folder / name / "content"
            for path in source.rglob("*"):
                if path.is_file():
                    copy = content / path.relative_to(source)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_bytes(path.read_bytes())
    return build_site(content, folder / "site" / "output")


@pytest.mark.parametrize("name,suffix,page,expected,visible", PAGES, ids=[p[0] for p in PAGES])
def test_hostile_page_is_written_as_text_or_refused(imported, name, suffix, page, expected,
                                                    visible):
    folder, results = imported
    result = results[name]
    if expected.startswith("failed"):
        assert result.status == "failed", result
        assert expected.split(": ", 1)[1] in result.message, result
        check_failed(result, folder / name)
    else:
        assert result.status == "written", result
        check_written(result)


WRITTEN = [page for page in PAGES if page[3] == "written"]


@pytest.mark.parametrize("name,suffix,page,expected,visible", WRITTEN, ids=[p[0] for p in WRITTEN])
def test_hostile_page_builds_and_shows_the_text(imported, built, name, suffix, page, expected,
                                                visible):
    result = imported[1][name]
    assert result.status == "written", result
    path = built / f"{Path(result.target).stem}.html"
    assert active_content(path.read_text(encoding="utf-8")) == []
    page_soup = soup(path)
    for selector, text in visible:
        shown = [" ".join(el.get_text().split()) for el in page_soup.select(selector)]
        assert any(text in s for s in shown), (selector, text, shown)


def test_hostile_site_has_no_active_content_anywhere(built):
    assert scan_site(built) == {}


def test_hostile_site_feeds_are_xml_without_active_content(built):
    feeds = list(built.rglob("*.xml"))
    assert feeds
    for feed in feeds:
        tree = ET.parse(feed)  # control characters would make this fail
        for el in tree.iter():
            if el.tag.rsplit("}", 1)[-1] in ("content", "summary", "description") and el.text:
                assert active_content(el.text) == [], (feed, el.text[:200])


def test_link_keeps_its_address_and_drops_other_schemes(imported):
    text = Path(imported[1]["html-javascript-links"].target).read_text(encoding="utf-8")
    assert "[bảy](<https://phuong.example.gov.vn/a_b?c=1&amp;d=2>)" in text
    assert "javascript" not in text.lower() and "data:" not in text


def test_markers_in_the_page_are_not_links(imported):
    for name in ("html-control-characters", "text-control-characters"):
        doc = frontmatter.parse(Path(imported[1][name].target).read_text(encoding="utf-8"), "x",
                                CATEGORIES)
        assert "](" not in doc.body and "javascript:alert(1)" in doc.body


def test_a_file_name_with_control_characters_is_one_printable_line(tmp_path):
    src = tmp_path / "in" / "tin\x1b[2J\nmới\u202e.txt"
    _write(src, liferay_text("Tin có tên tệp lạ", ["Nội dung."]))
    result = _run(src, tmp_path / "content")
    assert result.status == "written", result
    shown = str(result)
    assert "\n" not in shown and not UNPRINTABLE.search(shown), shown
    assert check_written(result).meta["legacy"]["file"] == "tin[2J mới.txt"


def test_a_photo_that_is_not_one_is_not_copied(tmp_path):
    src = tmp_path / "in" / "trang.html"
    _write(src, nukeviet_html("Tin có ảnh giả", "<p>Nội dung.</p>"))
    (src.parent / "trang_files").mkdir()
    (src.parent / "trang_files" / "anh-bia.jpg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    result = _run(src, tmp_path / "content")
    assert result.status == "written", result
    assert "gallery" not in check_written(result).meta  # its caption stays in the text
    assert not (tmp_path / "content" / "images").exists()


def test_a_bug_fails_the_page_not_the_import(tmp_path, monkeypatch):
    """Without ``debug`` an unexpected error is one failed page; with it, a traceback."""
    import bantin.legacy.importer
    def broken(*args, **kwargs):
        raise TypeError("a bug")
    monkeypatch.setattr(bantin.legacy.importer, "to_markdown", broken)
    src = tmp_path / "trang.txt"
    _write(src, liferay_text("Tin số 1", ["Nội dung."]))
    [result] = import_legacy(src, tmp_path / "content", CATEGORIES, {}, "Thông báo",
                             settings=SETTINGS)
    assert (result.status, result.message) == (
        "failed", "the importer failed on this page (TypeError: a bug); please report it "
        "with the page")
    with pytest.raises(TypeError):
        import_legacy(src, tmp_path / "content", CATEGORIES, {}, "Thông báo",
                      settings=SETTINGS, debug=True)


URLS = ["https://a.example/x?y=1&z=<2>", "http://b.example/ä ö/", "mailto:a@b.example",
        "/tin/1.html", "https://c.example/)]>`*_{}\\", "javascript:alert(1)", " JaVa\tScript:x",
        "vbscript:x", "data:text/html,x", "&#106;avascript:x", "//d.example/x"]
PARAGRAPH_TEXT = st.text(st.one_of(st.characters(exclude_categories=("Cs",)),
                                   st.sampled_from(list("\\`*_{}[]()!#+-.:~|<>&;'\" \n=^"))),
                         max_size=30)


@hsettings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(st.lists(st.one_of(PARAGRAPH_TEXT, st.tuples(PARAGRAPH_TEXT, st.one_of(
    st.sampled_from(URLS), PARAGRAPH_TEXT))), max_size=4))
def test_a_paragraph_reads_back_as_its_text_and_keeps_only_safe_links(pieces):
    """md_text is an escape: Markdown gives back the words, and links only to safe places."""
    def clean(words):  # what the legacy parsers hand the importer: cleaned text
        return clean_text(remove_unprintable(words)).replace("\n", " ")
    text = "".join(clean(p) if isinstance(p, str) else
                   f"{LINK_START}{clean(p[0])}{LINK_MID}{remove_unprintable(p[1])}{LINK_END}"
                   for p in pieces)
    MARKDOWN.reset()
    converted = MARKDOWN.convert(md_text(text))
    assert active_content(converted) == []
    page = BeautifulSoup(converted, "html.parser")
    assert " ".join(page.get_text().split()) == " ".join(plain(text).split())
    assert not page.find(lambda tag: tag.name not in ("p", "a", "ul", "li")), converted
    for link in page.find_all("a"):
        assert url_scheme(link["href"]) in ("", "http", "https", "mailto"), link


# ---------------------------------------------------------------- generated pages
# A grammar of legacy pages: realistic parts, hostile fragments and random
# characters. ``pick`` is either Hypothesis (shrinks a failure) or a seeded Random
# (the sample that is built as a site).

WORDS = ["Phường Đức Giang", "tổ chức", "hội nghị đối thoại", "với nhân dân", "UBND", "năm 2022",
         "PHƯỚC LONG:", "Tổ #3", "“Dân vận khéo”", "1.451", "(mũi 1: 46.000 người)", "50%", "–",
         "…", "đ/c Ma Ly Phước- TUV", "Nghị quyết 97/2019/QH14", "Ðức", "yes", "null", "~", "&",
         "Thứ tư - 21/09/2022 12:27", "Nguồn tin:", "Ảnh:", "Một số hình ảnh:", "Liên kết",
         "Lượt xem: 1.451", "Lượt xem: ...", "Lượt xem: " + "9" * 5000, "Tác giả:", "12/05/2020"]
HOSTILE = [XSS, "&lt;script&gt;alert(1)&lt;/script&gt;", IMG, "&lt;img src=x onerror=alert(1)&gt;",
           SVG, "</script><script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>',
           '<a href="&#106;avascript:alert(1)">x</a>', '<a href="javascript&colon;alert(1)">x</a>',
           '<a href="https://ok.example/a?b=1&amp;c=<2>">đây</a>', "javascript:alert(1)",
           "[x](javascript:alert(1))", "![x](javascript:alert(1))", '{: onclick="alert(1)"}',
           "{#noi-dung .x onclick=y}", '<iframe src="https://evil.example/"></iframe>',
           '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
           '<iframe src="https://www.youtube.com/embed/x"></iframe>',
           '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
           '<base href="https://evil.example/">', "<details open ontoggle=alert(1)>",
           '<p style="x:expression(alert(1))">', "<form action=javascript:alert(1)><input>",
           "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#1;", "&#x202e;", "&#xd800;",
           "&#x85;", "\x01nhãn\x01javascript:alert(1)\x02", "&#0;nhãn&#1;javascript:alert(1)&#2;",
           "# ", "1. ", "- ", "> ", ": ", "~~~",
           "```", "    ", "*", "_", "`", "\\", "|", "---", "...", '"', "'", "\t", "\r", "\r\n",
           "\u2028", "\x85", "\u202e", "\u2066", "\ufeff", "\ufffe", "\x7f", "\x1b[2J", "\x0c",
           "[^1]", "*[HTML]: x", "<https://evil.example>", "%", "\u00a0", "\u200b", "<![x y]>",
           "<![if !supportLists]>", "<!DOCTYPE", "<?php", "</", "<a<b", "&#x;", "&#99999999999;",
           '<img src="x" width="1" height="99999999999999">', "<p>", "</div>", "<li>"]
# No NUL: near the top it makes the page "a binary file" (the table has a NUL further down).
CONTROLS = [chr(c) for c in [*range(1, 32), 0x7F, *range(0x80, 0xA0)]] + \
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
     "\ufffe", "\uffff", "\u2028", "\u2029"]
DATES = ["16/11/2021 | 14:41", "Ngày đăng 03/06/2022 | 10:32 | Lượt xem: 115",
         "Thứ tư - 21/09/2022 12:27 250 0", "Chủ nhật - 05/03/2023 07:15", "31/02/2021",
         "Đăng lúc 14:30 ngày 28/04/2023", "99/99/2099 99:99", "không có ngày", ""]


class HypothesisPick:
    def __init__(self, data):
        self.data = data

    def one(self, options):
        return self.data.draw(st.sampled_from(options))

    def count(self, low, high):
        return self.data.draw(st.integers(low, high))

    def noise(self):
        return self.data.draw(st.text(st.one_of(st.characters(exclude_categories=("Cs",),
                                                              exclude_characters="\x00"),
                                                st.sampled_from(CONTROLS)), max_size=8))


class RandomPick:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def one(self, options):
        return self.rng.choice(options)

    def count(self, low, high):
        return self.rng.randint(low, high)

    def noise(self):
        pool = CONTROLS + [chr(self.rng.randint(0x20, 0xD7FF)) for _ in range(8)]
        return "".join(self.rng.choice(pool) for _ in range(self.rng.randint(0, 8)))


def sentence(pick, low=1, high=6):
    parts = []
    for _ in range(pick.count(low, high)):
        kind = pick.count(0, 5)
        parts.append(pick.one(HOSTILE) if kind < 2 else pick.noise() if kind == 2
                     else pick.one(WORDS))
    return pick.one([" ", "", " "]).join(parts)


def html_text(pick):
    """Text for an HTML page: escaped (the hostile part is text) or raw (it is markup)."""
    text = sentence(pick)
    return html.escape(text, quote=False) if pick.count(0, 1) else text


def text_page(pick):
    title, body = sentence(pick, 1, 4), [sentence(pick) for _ in range(pick.count(1, 5))]
    layout = pick.count(0, 2)
    if layout == 0:
        lines = [pick.one(["Tin tức", "THÔNG BÁO", sentence(pick, 1, 2)]), title,
                 pick.one(DATES), *body]
    elif layout == 1:
        lines = [title, pick.one(DATES), sentence(pick), *body,
                 "Nguồn tin: " + sentence(pick, 1, 2)]
    else:
        lines = [title, pick.one(DATES), *body]
    if pick.count(0, 2) == 0:
        lines += ["Một số hình ảnh:", *[sentence(pick, 1, 3) for _ in range(pick.count(1, 3))]]
    if pick.count(0, 2) == 0:
        lines.insert(3, "Ảnh: " + sentence(pick, 1, 3))
    return pick.one(["\n\n", "\n", "\r\n"]).join(lines), ".txt"


def html_body(pick):
    blocks = []
    for _ in range(pick.count(1, 5)):
        kind = pick.count(0, 6)
        text = html_text(pick)
        if kind == 0:
            blocks.append(f"<ul><li>{text}</li><li>{html_text(pick)}</li></ul>")
        elif kind == 1:
            href = pick.one(["https://ok.example/a", "javascript:alert(1)", "/tin/1.html",
                             "mailto:a@example.org", "&#106;avascript:alert(1)", html_text(pick)])
            blocks.append(f'<p>{text} <a href="{href}">{html_text(pick)}</a> hết.</p>')
        elif kind == 2:
            blocks.append(f'<figure><img src="x.jpg" alt="{html.escape(sentence(pick))}">'
                          f"<figcaption>{text}</figcaption></figure>")
        elif kind == 3:
            blocks.append(pick.one(HOSTILE) + text)
        else:
            blocks.append(f"<p>{text}</p>")
    return "".join(blocks)


def html_page(pick):
    title = html_text(pick)
    if pick.count(0, 1):
        return nukeviet_html(title, html_body(pick), lead=html_text(pick), source=html_text(pick),
                             caption=html_text(pick)), ".html"
    head = pick.one(["", '<meta name="description" content="Tóm tắt">', html_text(pick)])
    return generic_html(title, html_body(pick), head=head), ".html"


def generated_page(pick):
    return text_page(pick) if pick.count(0, 1) else html_page(pick)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("generated")


@hsettings(max_examples=1000, derandomize=True, deadline=None, database=None)
@given(data=st.data())
def test_generated_pages_import_as_text_or_fail_cleanly(scratch, data):
    page, suffix = generated_page(HypothesisPick(data))
    src = scratch / f"trang{suffix}"
    _write(src, page)
    try:
        result = _run(src, scratch / "content")
        if result.status == "failed":
            check_failed(result, scratch)
        else:
            assert result.status == "written", result
            check_written(result)
    finally:  # the next page must not meet this one's slug
        src.unlink()
        for path in (scratch / "content").rglob("*.md"):
            path.unlink()


def test_generated_pages_build_into_a_site_without_active_content(tmp_path):
    """50 generated pages imported into one content folder, built as one site."""
    results = [_import(tmp_path, f"page-{seed}", suffix, page)
               for seed, (page, suffix) in enumerate(generated_page(RandomPick(seed))
                                                     for seed in range(50))]
    for result in results:
        assert result.status in ("written", "failed", "skipped"), result
        assert result.message or result.status == "written"
        assert "\n" not in str(result)
        if result.status == "written":
            check_written(result)
    assert sum(r.status == "written" for r in results) >= 20
    out = build_site(tmp_path / "content", tmp_path / "output")
    assert scan_site(out) == {}
    for feed in out.rglob("*.xml"):
        ET.parse(feed)
