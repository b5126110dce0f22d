"""`invoke check`: every rule names the file and line; formats and exit codes."""

import pytest
from conftest import ROOT, invoke, write_article, write_raw
from pelican.settings import read_settings

from bantin.editor.checker import check

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NAMES = [name for name, _slug, _desc in SETTINGS["CATEGORIES"]]
ALLOWED = ", ".join(NAMES)


HEAD = "---\ntitle: Tin kiểm tra\ndate: 2022-06-03 10:32\ncategory: Thông báo\n"
CHECKS = [
    ("front matter", HEAD.replace("2022-06-03", "2022-02-31") + "---\nx\n",
     "content/a.md:3: date: '2022-02-31 10:32' is not a valid date: there is no 31/02/2022 10:32; "
     "write YYYY-MM-DD HH:MM, e.g. 2022-02-28 10:32"),
    ("not NFC", HEAD + "---\nNgu\u031bo\u031b\u0300i da\u0302n.\n",
     "content/a.md:6: warning: text is not in Unicode NFC (decomposed accents, e.g. typed on a "
     "Mac); it is normalised when built"),
    ("non-breaking space", HEAD + "---\nNgày\u00a003/6.\n",
     "content/a.md:6: warning: non-breaking space; use a normal space"),
    ("look-alike eth", HEAD + "---\n\u00d0ảng ủy.\n",
     "content/a.md:6: warning: look-alike 'Ð' (U+00D0); use 'Đ'"),
    ("TCVN3 text", HEAD + "---\nCéng hoµ x· héi chñ nghÜa ViÖt Nam. Néi dung bµi viÕt.\n",
     "content/a.md:6: text looks like the legacy TCVN3 encoding; convert it to Unicode"),
    ("Word paste", HEAD + "---\n<span style=\"mso-bidi-font-size:12pt\">Nội dung</span>\n",
     "content/a.md:6: HTML pasted from Word (<span style=…>, mso-…); paste as plain text"),
    ("script", HEAD + "---\nNội dung.\n\n<script>alert(1)</script>\n",
     "content/a.md:8: active content <script> is not allowed in an article"),
    ("iframe from elsewhere", HEAD + "---\n<iframe src=\"https://quangcao.example/x\"></iframe>\n",
     "content/a.md:6: <iframe> from 'quangcao.example' is not on the embed allow-list "
     "(BANTIN_CHECK['embed_hosts'] in pelicanconf.py)"),
    ("event handler", HEAD + "---\n<p onclick=\"x()\">Nội dung</p>\n",
     "content/a.md:6: event handler attribute 'onclick=' is not allowed in an article"),
    ("javascript link", HEAD + "---\n[bấm](javascript:alert(1))\n",
     "content/a.md:6: 'javascript:' links are not allowed in an article"),
    ("dead internal link", HEAD + "---\nXem [bài cũ](bai-khong-co.html).\n",
     "content/a.md:6: link 'bai-khong-co.html' points to no page of the site"),
    ("missing photo", HEAD + "gallery:\n- {file: anh-1.jpg, caption: Hội nghị}\n---\nx\n",
     "content/a.md:5: gallery: photo 'anh-1.jpg' not found in content/images/2022/tin-kiem-tra/"),
    ("photo without file", HEAD + "gallery:\n- {file: '', caption: Hội nghị}\n---\nx\n",
     "content/a.md:5: warning: gallery: item 1 has no photo file; it will not be shown"),
    ("photo without caption", HEAD + "gallery:\n- {file: anh-1.jpg}\n---\nx\n",
     "content/a.md:5: gallery: item 1 needs a caption"),
    ("body image without alt", HEAD + "---\n![](anh-2.jpg)\n",
     "content/a.md:6: image 'anh-2.jpg' has no description: write "
     "![what the photo shows](file.jpg)"),
]


@pytest.mark.parametrize("name,text,message", CHECKS, ids=[c[0] for c in CHECKS])
def test_check_rules(tmp_path, name, text, message):
    content = tmp_path / "content"
    write_raw(content, "a.md", text)
    photos = content / "images" / "2022" / "tin-kiem-tra"
    photos.mkdir(parents=True)
    (photos / "anh-2.jpg").write_bytes(b"\xff\xd8")
    assert [str(p) for p in check(content, SETTINGS)] == [message]


def test_check_photo_too_large_and_duplicates(tmp_path):
    content = tmp_path / "content"
    settings = {**SETTINGS, "BANTIN_CHECK": {"max_photo_mb": 1}}
    write_raw(content, "a.md", HEAD + "cover: lon.jpg\n---\nx\n")
    write_raw(content, "b.md", HEAD + "slug: khac\n---\ny\n")
    write_raw(content, "c.md", HEAD.replace("Tin kiểm tra", "Tin khác") + "slug: khac\n---\nz\n")
    photos = content / "images" / "2022" / "tin-kiem-tra"
    photos.mkdir(parents=True)
    (photos / "lon.jpg").write_bytes(b"\0" * (3 * 1024 * 1024 // 2))
    assert [str(p) for p in check(content, settings)] == [
        "content/a.md:5: cover: photo 'lon.jpg' is 1.5 MB, over the 1 MB limit; export it smaller",
        "content/b.md:2: title: same title on the same day as content/a.md; is it a duplicate?",
        "content/c.md:5: slug: 'khac' is already used by content/b.md; set a different 'slug'"]


def test_check_command_formats_and_exit_codes(project):
    content = project / "content"
    write_article(content, "good.md", title="Tin tốt", category="Thông báo")
    result = invoke(project, "check")
    assert (result.returncode, result.stdout) == (0, "")
    write_raw(content, "warn.md", HEAD + "---\nNgày\u00a003/6.\n")
    result = invoke(project, "check")
    assert result.returncode == 0
    assert result.stdout == "content/warn.md:6: warning: non-breaking space; use a normal space\n"
    write_raw(content, "bad.md", HEAD.replace("Tin kiểm tra", "Tin lỗi") + "views: -1\n---\nx\n")
    result = invoke(project, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/bad.md,line=5::views: -1 must be 0 or more",
        "::warning file=content/warn.md,line=6::non-breaking space; use a normal space"]
    result = invoke(project, "check", "--path", "content/warn.md")
    assert result.returncode == 0 and "bad.md" not in result.stdout


def test_check_is_fast_on_the_demo_content():
    import time
    started = time.perf_counter()
    problems = check(ROOT / "content", SETTINGS)
    assert time.perf_counter() - started < 1.0
    assert not [p for p in problems if p.severity == "error"]
