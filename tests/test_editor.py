"""Editor commands (new, check), drafts and scheduling, and the publish output."""
import gzip
import hashlib
import re
import shutil
import subprocess
from datetime import datetime

import brotli
import pytest
from pelican.settings import read_settings

from bantin.build import BuildError
from bantin.checker import check
from bantin.dates import VN_TZ
from bantin.deploy import DeployError, deploy_command
from bantin.newpost import NewPostError, new_article
from conftest import ROOT, StaticServer, build_site, soup, write_article, write_raw

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NAMES = [name for name, _slug, _desc in SETTINGS["CATEGORIES"]]
ALLOWED = ", ".join(NAMES)


@pytest.fixture
def project(tmp_path):
    """A throwaway copy of the project's commands and settings with an empty content/."""
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "theme").symlink_to(ROOT / "theme")
    (tmp_path / "content").mkdir()
    return tmp_path


def invoke(project, *args):
    return subprocess.run(["invoke", *args], cwd=project, capture_output=True, text=True,
                          timeout=120)


def test_new_creates_a_draft_with_vietnam_time_and_photo_folder(tmp_path):
    now = datetime(2026, 11, 23, 9, 5, tzinfo=VN_TZ)
    path = new_article(tmp_path, "Họp tổ dân phố số 3: kế hoạch tháng 12", "thông báo", NAMES, now)
    assert path == tmp_path / "2026" / "hop-to-dan-pho-so-3-ke-hoach-thang-12.md"
    assert path.read_text(encoding="utf-8").startswith(
        "---\ntitle: 'Họp tổ dân phố số 3: kế hoạch tháng 12'\ndate: 2026-11-23 09:05\n"
        "category: Thông báo\nslug: hop-to-dan-pho-so-3-ke-hoach-thang-12\nstatus: draft\n---\n")
    assert (tmp_path / "images" / "2026" / "hop-to-dan-pho-so-3-ke-hoach-thang-12").is_dir()
    assert check(tmp_path, SETTINGS) == []


def test_new_refuses_to_overwrite_and_unknown_categories(tmp_path):
    now = datetime(2026, 11, 23, 9, 5, tzinfo=VN_TZ)
    path = new_article(tmp_path, "Lịch tiếp dân", "Thông báo", NAMES, now)
    path.write_text("edited", encoding="utf-8")
    with pytest.raises(NewPostError) as info:
        new_article(tmp_path, "Lịch tiếp dân", "Thông báo", NAMES, now)
    assert str(info.value) == f"{path} already exists; choose another title or edit that file"
    assert path.read_text(encoding="utf-8") == "edited"
    with pytest.raises(NewPostError) as info:
        new_article(tmp_path, "Bóng đá", "Thể thao", NAMES, now)
    assert str(info.value) == f"category: 'Thể thao' is not a declared category; use one of: {ALLOWED}"


def test_new_command(project):
    result = invoke(project, "new", "--title", "Tin thử", "--category", "Thông báo")
    assert result.returncode == 0, result.stderr
    year = datetime.now(VN_TZ).year
    assert result.stdout.splitlines()[0] == f"Created content/{year}/tin-thu.md"
    result = invoke(project, "new", "--title", "Tin thử", "--category", "Thông báo")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: content/{year}/tin-thu.md already exists; choose another title or edit that file")
    result = invoke(project, "new", "--title", "Tin khác", "--category", "Thể thao")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: category: 'Thể thao' is not a declared category; use one of: {ALLOWED}")


HEAD = "---\ntitle: Tin kiểm tra\ndate: 2022-06-03 10:32\ncategory: Thông báo\n"
CHECKS = [
    ("front matter", HEAD.replace("2022-06-03", "2022-02-31") + "---\nx\n",
     "content/a.md:3: date: '2022-02-31 10:32' is not a valid date"),
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


@pytest.fixture(scope="module")
def scheduled_content(tmp_path_factory):
    content = tmp_path_factory.mktemp("sched") / "content"
    write_article(content, "live.md", title="Tin đã đăng", date="2022-06-03 10:32")
    write_article(content, "draft.md", title="Tin nháp", date="2022-06-04 10:00", status="draft")
    write_article(content, "future.md", title="Tin hẹn giờ", date="2099-01-01 08:00")
    return content


def test_drafts_and_scheduled_articles_are_previewed(scheduled_content, tmp_path):
    out = build_site(scheduled_content, tmp_path / "output")
    assert soup(out / "nhap" / "tin-nhap.html").select_one(".notice").get_text().startswith(
        "Bản nháp: bài này chưa được đăng.")
    scheduled = soup(out / "nhap" / "tin-hen-gio.html")
    assert scheduled.select_one(".notice").get_text() == \
        "Bài hẹn giờ: sẽ được đăng lúc Thứ Năm, 01/01/2099 08:00."
    assert scheduled.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    listed = soup(out / "index.html").get_text() + (out / "sitemap.xml").read_text() + \
        (out / "feeds" / "tat-ca.atom.xml").read_text(encoding="utf-8")
    assert "Tin đã đăng" in soup(out / "index.html").get_text()
    assert "tin-nhap" not in listed and "tin-hen-gio" not in listed and "Tin nháp" not in listed


def test_publish_never_contains_drafts_or_scheduled(scheduled_content, tmp_path):
    out = build_site(scheduled_content, tmp_path / "output", settings="publishconf.py")
    names = {p.name for p in out.rglob("*")}
    assert "tin-da-dang.html" in names
    assert not {"tin-nhap.html", "tin-hen-gio.html", "nhap"} & names
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "Tin nháp" not in text and "Tin hẹn giờ" not in text, html


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_site(ROOT / "content", tmp_path_factory.mktemp("pub") / "output",
                      settings="publishconf.py")


def test_hashed_css_is_referenced_from_every_page(published):
    [css] = (published / "theme" / "css").glob("site.*.css")
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:10]
    assert css.name == f"site.{digest}.css"
    for html in published.rglob("*.html"):
        links = [l["href"] for l in soup(html).find_all("link", rel="stylesheet")]
        assert links == [f"https://bantin.example.org/theme/css/{css.name}"], html


def test_precompressed_files_decompress_to_the_originals(published):
    texts = [p for p in published.rglob("*") if p.suffix in (".html", ".css", ".xml")]
    assert len(texts) > 15
    for path in texts:
        if path.stat().st_size < 100:
            continue
        original = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, path


def test_headers_file_sets_caching_and_csp(published):
    text = (published / "_headers").read_text()
    assert "/theme/css/*\n  Cache-Control: public, max-age=31536000, immutable" in text
    assert "/*.html\n  Cache-Control: public, max-age=300, must-revalidate" in text
    csp = re.search(r"Content-Security-Policy: (.*)", text).group(1)
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "'unsafe-inline'" not in csp
    assert "style-src 'self'" in csp
    assert (published / "404.html").exists()
    assert "https://bantin.example.org/" in (published / "sitemap.xml").read_text()


def _tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_failed_builds_leave_the_previous_output_intact(tmp_path):
    content = tmp_path / "content"
    for i in range(5):
        write_article(content, f"a{i}.md", title=f"Tin số {i}", date=f"2022-06-0{i + 1} 08:00")
    out = build_site(content, tmp_path / "output")
    before = _tree(out)
    bad = write_raw(content, "bad.md", "---\ntitle: Lỗi\n---\n")
    with pytest.raises(BuildError):
        build_site(content, out)
    assert _tree(out) == before
    bad.unlink()
    # A theme whose article template breaks half-way through writing the pages.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "{{ article.content|safe }}", "{{ article.content|safe }}{{ (1 / 0) if 'số 3' in article.title }}"),
        encoding="utf-8")
    write_article(content, "new.md", title="Tin mới nhất", date="2022-07-01 08:00")
    with pytest.raises(ZeroDivisionError):
        build_site(content, out, theme=str(theme))
    assert _tree(out) == before
    assert not list(tmp_path.glob(".build-*"))


def test_content_security_policy_holds_in_chromium(browser, tmp_path):
    out = build_site(ROOT / "content", tmp_path / "output")
    server = StaticServer(out, headers=True)
    violations = []
    try:
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
        for rel in pages:
            response = page.goto(f"{server.url}/{rel}")
            assert "default-src 'self'" in response.headers["content-security-policy"]
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px", rel
        # The scripts too: search (Pagefind's WebAssembly and worker) and the lightbox.
        page.goto(f"{server.url}/tim-kiem/index.html?q=duc%20giang")
        page.locator(".search__result").first.wait_for()  # (a string wait would need eval: CSP)
        page.goto(f"{server.url}/huong-dan-gui-anh-cho-ban-tin-dien-tu-cua-phuong.html")
        page.locator(".gallery__link").first.click()
        page.locator("dialog.lightbox[open]").wait_for()
        page.close()
    finally:
        server.close()
    assert violations == []


def test_deploy_commands():
    conf = {"rsync": {"dest": "bantin@web:/srv/bantin/"},
            "s3": {"bucket": "s3://bantin", "endpoint": "https://s3.example"}}
    assert deploy_command("rsync", conf, dry_run=True) == [
        "rsync", "--dry-run", "-rlz", "--delete", "--checksum", "output/", "bantin@web:/srv/bantin/"]
    assert deploy_command("s3", conf) == [
        "aws", "s3", "sync", "output/", "s3://bantin", "--delete", "--endpoint-url",
        "https://s3.example"]
    with pytest.raises(DeployError, match="unknown target 'ftp'; use rsync or s3"):
        deploy_command("ftp", conf)


def test_workflows_are_valid_and_safe():
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    schema = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *workflows], capture_output=True, text=True, timeout=120)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run(["zizmor", "--offline", "--min-severity", "medium",
                            str(ROOT / ".github" / "workflows")],
                           capture_output=True, text=True, timeout=120)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    for needed in ("actions/upload-pages-artifact@", "actions/deploy-pages@", "concurrency:",
                   "actions/cache/restore@", "schedule:"):
        assert needed in publish
