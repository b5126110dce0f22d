"""The reader side as a ward's official portal (issue #19): breadcrumbs
with their JSON-LD, plain Vietnamese instead of jargon, views shown only when known,
and the typography rules, read from computed styles in Chromium."""
import json
import re

import pytest

from conftest import StaticServer, build_site, soup, write_article

DEMO_ARTICLE = "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong"


def _breadcrumb_ld(page):
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "BreadcrumbList":
            return data
    return None


@pytest.mark.parametrize("path, names", [
    (f"{DEMO_ARTICLE}.html", ["Trang chủ", "Thông báo", None]),
    ("chuyen-muc/cong-tac-dang.html", ["Trang chủ", "Công tác Đảng"]),
    ("luu-tru/index.html", ["Trang chủ", "Lưu trữ"]),
    ("luu-tru/2022/index.html", ["Trang chủ", "Lưu trữ", "Năm 2022"]),
])
def test_breadcrumbs_and_their_json_ld(demo_site, path, names):
    page = soup(demo_site / path)
    crumbs = page.select("nav.breadcrumbs li")
    shown = [li.get_text(strip=True) for li in crumbs]
    assert shown[:len(names) - 1] == names[:-1]
    if names[-1]:
        assert shown[-1] == names[-1]
    current = crumbs[-1].select_one("[aria-current=page]")
    assert current is not None and current.name == "span"
    assert all(li.a for li in crumbs[:-1])
    ld = _breadcrumb_ld(page)
    assert [i["position"] for i in ld["itemListElement"]] == list(range(1, len(crumbs) + 1))
    assert [i["name"] for i in ld["itemListElement"]] == shown
    assert all("item" in i for i in ld["itemListElement"][:-1])
    assert "item" not in ld["itemListElement"][-1]


def test_no_breadcrumbs_on_the_home_page(demo_site):
    assert soup(demo_site / "index.html").select_one("nav.breadcrumbs") is None


def test_plain_vietnamese_instead_of_jargon(demo_site):
    home = soup(demo_site / "index.html")
    footer = home.select_one("footer").get_text(" ", strip=True)
    assert "Theo dõi tin mới (RSS/Atom)" in footer and "Chủ đề" in footer
    assert "Thẻ" not in footer and "Nhận tin qua Atom" not in footer


def test_views_only_when_known(tmp_path):
    content = tmp_path / "content"
    write_article(content / "2022", "moi.md", title="Bài mới chưa ai xem")
    write_article(content / "2022", "cu.md", title="Bài cũ", date="2022-01-03 08:00", views=12)
    out = build_site(content, tmp_path / "output")
    assert "Lượt xem" not in soup(out / "bai-moi-chua-ai-xem.html").select_one(
        "article .meta").get_text()
    assert "Lượt xem: 12" in soup(out / "bai-cu.html").select_one("article .meta").get_text()
    home = soup(out / "index.html")
    assert [li.get_text(" ", strip=True) for li in home.select(".most-viewed li")] == [
        "Bài cũ Lượt xem: 12", "Bài mới chưa ai xem"]


@pytest.fixture(scope="module")
def server(demo_site):
    srv = StaticServer(demo_site)
    yield srv
    srv.close()


def test_typography(browser, server):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{server.url}/index.html")
    # A long title in "Xem nhiều nhất": its number beside its first line, not its last.
    offsets = page.evaluate("""() => [...document.querySelectorAll('.most-viewed li')].map(li => {
        const a = li.querySelector('a');
        return [a.getBoundingClientRect().top - li.getBoundingClientRect().top,
                a.getClientRects().length, getComputedStyle(a).display]; })""")
    assert any(lines > 1 or display == "block" for _top, lines, display in offsets)
    assert all(abs(top) < 4 and display == "block" for top, _lines, display in offsets)
    # Headlines are not underlined (no line through the dot below ị, ệ, ộ); other links
    # are, below the dot, skipping the letters' ink.
    headline = page.evaluate("""() => getComputedStyle(
        document.querySelector('.article-list__title a')).textDecorationLine""")
    assert headline == "none"
    link = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('footer a'));
        return [s.textDecorationLine, s.textDecorationSkipInk, parseFloat(s.textUnderlineOffset),
                parseFloat(s.fontSize)]; }""")
    assert link[0] == "underline" and link[1] == "auto" and link[2] >= 0.2 * link[3]
    page.close()


def _shots():
    """Where the screenshots go: $BANTIN_SCREENSHOTS (CI keeps it as an artefact), else a
    temporary folder."""
    import os
    import tempfile
    from pathlib import Path
    folder = Path(os.environ.get("BANTIN_SCREENSHOTS") or tempfile.mkdtemp(prefix="shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


LISTINGS = [("index.html", ".article-list__title"),
            ("chuyen-muc/cong-tac-dang.html", ".article-list__title"),
            ("luu-tru/2022/index.html", ".article-list__title"),
            ("tim-kiem/index.html?q=phuong", ".search__result h2"),
            (f"{DEMO_ARTICLE}.html", "h1")]


@pytest.mark.parametrize("width, height", [(360, 800), (1280, 900)])
def test_the_first_headline_is_in_the_first_screen(browser, server, width, height):
    shots = _shots()
    page = browser.new_page(viewport={"width": width, "height": height})
    for path, headline in LISTINGS:
        page.goto(f"{server.url}/{path}")
        page.wait_for_selector(headline)
        header = page.evaluate(
            "document.querySelector('.site-header').getBoundingClientRect().height")
        if width == 360:
            assert header <= 120, (path, header)
        top = page.evaluate(f"document.querySelector('{headline}').getBoundingClientRect().top")
        assert top + 24 < height, (path, top)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        name = path.split("?")[0].replace("/", "_")
        page.screenshot(path=str(shots / f"{width}x{height}-{name}.png"))
    page.close()


def test_the_phone_menu_works_without_javascript_and_from_the_keyboard(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/index.html")
    menu = page.locator(".site-nav__list--phone")
    assert not menu.is_visible() and not page.locator(".site-nav__list--wide").is_visible()
    assert page.locator(".site-nav__search-link").is_visible()
    # The site's name takes two lines here: the date and hotline are in the bar instead.
    assert page.locator(".site-header__name").bounding_box()["height"] > 40
    meta = page.locator(".site-nav__meta")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", meta.locator("time").inner_text())
    assert meta.locator("a").get_attribute("href") == "tel:02400000001"
    # Its label is for screen readers only: the number is what fits beside the button.
    assert meta.locator("a").text_content() == "Đường dây nóng: 024 0000 0001"
    assert meta.locator("a .visually-hidden").text_content() == "Đường dây nóng: "
    assert not page.locator(".site-header__meta").is_visible()
    page.locator(".site-nav__toggle").click()
    assert menu.is_visible()
    assert menu.locator("a").first.bounding_box()["height"] >= 44
    page.screenshot(path=str(_shots() / "360x800-menu-open.png"))
    page.locator(".site-nav__toggle").click()
    assert not menu.is_visible()
    page.locator(".site-nav__toggle").focus()
    page.keyboard.press("Enter")
    assert menu.is_visible()
    page.keyboard.press("Tab")  # into the open menu: its first link
    assert page.evaluate("document.activeElement.closest('.site-nav__list--phone') !== null")
    page.locator(".site-nav__toggle").focus()
    page.keyboard.press("Space")
    assert not menu.is_visible()
    context.close()


def test_the_wide_header(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/index.html")
    assert page.locator(".site-nav__list--wide").is_visible()
    assert not page.locator(".site-nav__toggle").is_visible()
    assert not page.locator(".site-nav__search-link").is_visible()
    assert page.locator(".site-header__search input").is_visible()
    header = page.locator(".site-header")
    assert header.locator(".site-header__unit").inner_text() == "ỦY BAN NHÂN DÂN PHƯỜNG MẪU"
    assert header.locator(".site-header__logo").is_visible()
    assert header.locator(".site-header__hotline a").get_attribute("href").startswith("tel:")
    assert header.locator(".site-header__meta time").inner_text().startswith("Thứ ")
    assert not header.locator(".site-nav__meta").is_visible()
    page.close()


def test_home_page_leads_with_a_story_and_shows_each_category(demo_site):
    home = soup(demo_site / "index.html")
    featured = home.select_one("section.featured")
    assert featured.h3.get_text(strip=True) == "Hướng dẫn gửi ảnh cho trang thông tin điện tử của phường"
    img = featured.select_one("img")
    assert img.get("fetchpriority") == "high" and img["width"] and img["height"]
    # Every demo article is on the first page already: no category section repeats them.
    assert home.select("section.home-section") == []


def test_category_sections_show_what_the_first_page_does_not(big_site):
    home = soup(big_site / "index.html")
    listed = {a["href"] for a in home.select(".article-list__title a")}
    [section] = home.select("section.home-section")
    links = [a["href"] for a in section.select(".home-section__list a")]
    assert len(links) == 3 and not set(links) & listed
    assert section.select_one(".home-section__more a")["href"].endswith(".html")
    assert section.find_parent("section") is None  # beside "Tin mới nhất", not inside it


def test_listings_show_a_light_lazy_thumbnail_of_the_lead_photo(demo_site):
    home = soup(demo_site / "index.html")
    items = home.select(".article-list__item")
    with_photo = [i for i in items if i.select_one(".article-list__thumb")]
    # Two demo articles have a photo: the featured story (not repeated) and the site's launch.
    assert [i.select_one(".article-list__title a")["href"] for i in with_photo] == \
        ["./trang-thong-tin-dien-tu-phuong-mau-di-vao-hoat-dong.html"]
    for item in items:  # an article without a photo: no empty box, the text takes the width
        assert ("article-list__item--thumb" in item["class"]) == (item in with_photo)
    category = soup(demo_site / "chuyen-muc/thong-bao.html")
    for thumb in category.select(".article-list__thumb"):
        assert thumb["loading"] == "lazy" and thumb["alt"] == ""
        assert (thumb["width"], thumb["height"]) == ("120", "80")
        path = demo_site / thumb["src"].lstrip("./")
        assert path.suffix == ".webp" and path.stat().st_size <= 12 * 1024
    assert category.select(".article-list__thumb")


def test_the_article_page_uses_the_width(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/{DEMO_ARTICLE}.html")
    article = page.locator("article.article").bounding_box()
    side = page.locator("aside.layout__side").bounding_box()
    assert side["x"] >= article["x"] + article["width"] and side["y"] < 400
    links = page.locator("aside.layout__side a").all_inner_texts()
    assert "Văn bản" in links and "Lịch công tác" in links and "Thủ tục hành chính" in links
    page.set_viewport_size({"width": 360, "height": 800})
    article = page.locator("article.article").bounding_box()
    side = page.locator("aside.layout__side").bounding_box()
    assert side["y"] >= article["y"] + article["height"]  # after the article on a phone
    page.close()


def test_the_home_page_with_its_photos_weighs_under_80_kb_on_a_phone(browser, server):
    """Bytes as a CDN sends them (text gzipped), everything a 360 px phone with a 2×
    screen loads for the home page scrolled to its end."""
    import gzip
    page = browser.new_page(viewport={"width": 360, "height": 800}, device_scale_factor=2)
    sent = []

    def count(response):
        body = response.body()
        text = response.headers.get("content-type", "").startswith(("text/", "image/svg"))
        sent.append(len(gzip.compress(body)) if text else len(body))
    page.on("response", count)
    page.goto(f"{server.url}/index.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.close()
    assert len(sent) >= 3 and sum(sent) <= 80 * 1024, sent
