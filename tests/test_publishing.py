"""Drafts and scheduling, the publish output (hashed assets, compressed copies, _headers, CSP), atomic builds, deploy and the workflows."""
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys

import brotli
import pytest
from conftest import (reader_pages,
    ROOT,
    StaticServer,
    build_site,
    csp_violations,
    soup,
    write_article,
    write_raw,
)
from pelican.settings import read_settings

from bantin.build import BuildError
from bantin.deploy import DeployError, deploy_command

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NAMES = [name for name, _slug, _desc in SETTINGS["CATEGORIES"]]
ALLOWED = ", ".join(NAMES)


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


@pytest.fixture(scope="module")
def published_for_nginx(tmp_path_factory):
    """The demo published with ``BANTIN_HOST=nginx``, as publishconf.py reads it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("BANTIN_HOST", "nginx")
    try:
        return build_site(ROOT / "content", tmp_path_factory.mktemp("nginx") / "output",
                          settings="publishconf.py")
    finally:
        mp.undo()


def test_hashed_css_is_referenced_from_every_page(published):
    [css] = (published / "theme" / "css").glob("site.*.css")
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:10]
    assert css.name == f"site.{digest}.css"
    for html in reader_pages(published):
        links = [l["href"] for l in soup(html).find_all("link", rel="stylesheet")]
        assert links == [f"https://bantin.example.org/theme/css/{css.name}"], html


def test_no_compressed_copies_for_hosts_that_compress_on_their_own(published):
    # GitHub Pages (the default host) never serves them: they would only count against
    # its limits.
    assert (published / "index.html").exists()
    assert not [p for p in published.rglob("*") if p.suffix in (".gz", ".br")]


def test_an_unknown_host_is_one_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bantin.build", "--settings", "publishconf.py", "--output",
         str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "BANTIN_HOST": "geocities"})
    assert result.returncode == 1
    assert result.stderr == (
        "Error: BANTIN_HOST: there is no host 'geocities'; choose one of: github-pages, "
        "cloudflare-pages, gitlab-pages, netlify, s3, nginx\n")
    assert not (tmp_path / "out").exists()


def test_precompressed_files_decompress_to_the_originals(published_for_nginx):
    published = published_for_nginx
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
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
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
    try:
        page = browser.new_page()
        violations = csp_violations(page)
        pages = [p.relative_to(out).as_posix() for p in reader_pages(out)]
        for rel in pages:
            response = page.goto(f"{server.url}/{rel}")
            assert "default-src 'self'" in response.headers["content-security-policy"]
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px", rel
        # The scripts too: search (Pagefind's WebAssembly and worker) and the lightbox.
        page.goto(f"{server.url}/tim-kiem/index.html?q=duc%20giang")
        page.locator(".search__result").first.wait_for()  # (a string wait would need eval: CSP)
        page.goto(f"{server.url}/huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong.html")
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
                   "actions/cache/restore@", "schedule:", "lfs pull", "rm -rf cache/images"):
        assert needed in publish


def test_a_site_too_big_for_its_host_is_not_published(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("trang cũ", encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build_site(ROOT / "content", output, settings="publishconf.py",
                   bantin_size={"max_files": 10})
    assert str(failed.value).startswith("number of files is ")
    assert "over the github-pages limit of 10 files; nothing was published. Choose a host" in \
        str(failed.value)
    assert (output / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_unknown_size_options_are_refused(tmp_path):
    with pytest.raises(BuildError, match="max_file"):
        build_site(ROOT / "content", tmp_path / "out", settings="publishconf.py",
                   bantin_size={"max_file": 10})


@pytest.mark.parametrize("files, limit, line, problem", [
    (1_000, 20_000, "  number of files: 1,000 files / 20,000 files (5%)", False),
    (16_000, 20_000, "  Warning: number of files has reached 80% of the cloudflare-pages limit.",
     False),
    (20_000, 20_000, "  number of files: 20,000 files / 20,000 files (100%)", False),
    (20_001, 20_000, "  number of files: 20,001 files / 20,000 files (100%)", True),
    (50_000, None, "  number of files: 50,000 files", False),
])
def test_size_report_against_limits(files, limit, line, problem):
    from bantin.core.sitesize import SiteSize, check
    lines, problems = check(SiteSize(files, 5 * 1024 * 1024, 1024, "index.html"),
                            {"max_files": limit, "max_bytes": 1024 ** 3}, "cloudflare-pages")
    assert line in lines
    assert "  total size: 5.0 MB / 1,024.0 MB (0%)" in lines
    assert bool(problems) == problem


def test_size_report_groups_digits_the_vietnamese_way(monkeypatch):
    from bantin.core.sitesize import SiteSize, check
    monkeypatch.setenv("BANTIN_LANG", "vi")
    lines, _problems = check(SiteSize(1_000, 5 * 1024 * 1024, 1024, "index.html"),
                             {"max_files": 20_000, "max_bytes": 1024 ** 3}, "cloudflare-pages")
    assert "1.000" in lines[0] and "20.000" in lines[0]
    assert "5,0 MB / 1.024,0 MB (0%)" in lines[1]
