"""The Content-Security-Policy <meta> in Chromium, served as GitHub Pages serves it
(no headers of ours): an injected inline script does not run, while search, the
lightbox and a YouTube embed still work."""
import shutil

from conftest import ROOT, StaticServer, build_site, csp_violations, write_raw

EMBED = "https://www.youtube-nocookie.com/embed/abc123"


def test_csp_meta_blocks_injected_scripts_and_keeps_the_site_working(browser, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_raw(content, "2022/video.md", f"""
        ---
        title: Video hội nghị tiếp xúc cử tri
        date: 2022-10-01 08:00
        category: Thông báo
        ---
        Mời xem video:

        <iframe src="{EMBED}" title="Video hội nghị" width="560" height="315" allowfullscreen></iframe>
        """)
    out = build_site(content, tmp_path / "output")
    # Something slipped past every other defence: an inline script and a handler in a page.
    article = out / "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong.html"
    html = article.read_text(encoding="utf-8")
    article.write_text(html.replace(
        "</main>", "<script>document.title='pwned'</script>"
        "<img src=x onerror=\"document.title='pwned'\" alt=\"\"></main>"), encoding="utf-8")
    server = StaticServer(out, headers=False)
    try:
        page = browser.new_page()
        violations = csp_violations(page)
        page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
            status=200, content_type="text/html",
            body="<!doctype html><p id=player>Trình phát video</p>"))
        response = page.goto(f"{server.url}/{article.name}")
        assert "content-security-policy" not in response.headers  # only the <meta> protects
        page.wait_for_load_state("load")
        assert page.title() != "pwned"
        assert len(violations) == 2, violations  # the inline script and the inline handler
        # The lightbox (our own script) still works under the policy.
        page.locator(".gallery__link").first.click()
        page.locator("dialog.lightbox[open]").wait_for()
        page.keyboard.press("Escape")
        # The embed from the allow-list loads, sandboxed.
        page.goto(f"{server.url}/video-hoi-nghi-tiep-xuc-cu-tri.html")
        frame = page.frame_locator("iframe[title='Video hội nghị']")
        frame.locator("#player").wait_for()
        assert page.locator("iframe").get_attribute("sandbox").startswith("allow-scripts")
        # Search: Pagefind's script, WebAssembly and index.
        page.goto(f"{server.url}/tim-kiem/index.html?q=duc%20giang")
        page.locator(".search__result").first.wait_for()
        assert page.locator(".search__result").count() >= 1
        page.close()
    finally:
        server.close()
    assert len(violations) == 2, violations
