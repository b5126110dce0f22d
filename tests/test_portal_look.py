"""The reader side as a ward's official portal (issue #19, in progress): breadcrumbs
with their JSON-LD, plain Vietnamese instead of jargon, views shown only when known,
and the typography rules, read from computed styles in Chromium."""
import json

import pytest

from conftest import StaticServer, build_site, soup, write_article

DEMO_ARTICLE = "huong-dan-gui-anh-cho-ban-tin-dien-tu-cua-phuong"


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
