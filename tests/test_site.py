"""The demo site and a generated 25-article site, built for real and parsed."""
import xml.etree.ElementTree as ET

import pytest

from conftest import build_site, reader_pages, soup, write_article

ATOM = "{http://www.w3.org/2005/Atom}"

# slug, weekday/date/time as shown, views, category slug
DEMO = [
    ("phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan",
     "Thứ Sáu, 03/06/2022 10:32", 115, "hoat-dong-khoi-chinh-quyen"),
    ("hoi-nghi-doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-phuong-gia-thuy-voi",
     "Thứ Hai, 16/09/2019 09:47", 228, "cong-tac-dang"),
    ("phuong-duc-giang-to-chuc-hoi-nghi-so-ket-01-nam-thuc-hien-thi-diem-to-chuc-mo",
     "Thứ Tư, 06/07/2022 08:45", 97, "hoat-dong-khoi-chinh-quyen"),
    ("phuoc-long-can-tang-cuong-hon-nua-cac-hoat-dong-trao-doi-thong-tin-khao-sat-nam",
     "Thứ Tư, 21/09/2022 12:27", 250, "cong-tac-dan-van"),
    ("phuong-phuc-dong-quyet-tam-hoan-thanh-chi-tieu-ve-dich-truoc-thoi-han",
     "Chủ Nhật, 13/09/2020 15:35", 124, "bai-viet-chuyen-sau"),
]


@pytest.mark.parametrize("slug,when,views,category", DEMO)
def test_demo_article_page(demo_site, slug, when, views, category):
    page = soup(demo_site / f"{slug}.html")
    assert page.html["lang"] == "vi"
    assert len(page.find_all("h1")) == 1
    meta = page.select_one("article .meta")
    assert meta.find("time").get_text() == when
    assert f"Lượt xem: {views}" in meta.get_text()
    assert page.select_one(".article__category a")["href"] == f"./chuyen-muc/{category}.html"
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="article:published_time")["content"].endswith("+07:00")
    assert page.find("script", type="application/ld+json") is not None
    assert page.select_one(".skip-link")["href"] == "#noi-dung"
    assert page.find("main", id="noi-dung") is not None


def test_nukeviet_article_has_source_and_lead(demo_site):
    page = soup(demo_site / f"{DEMO[3][0]}.html")
    assert page.select_one(".article__source").get_text() == "Nguồn tin: Lê Toàn"
    assert page.select_one(".article__lead").get_text().startswith("Đó là ý kiến đề nghị")
    text = page.select_one("article").get_text()
    assert "Thống kê truy cập" not in text and "Tổng số điểm" not in text


def test_most_viewed_is_ordered_by_views(demo_site):
    home = soup(demo_site / "index.html")
    views = [int(li.select_one(".most-viewed__views").get_text().split(":")[1])
             for li in home.select(".most-viewed li")]
    assert views == [250, 228, 124, 115, 97]


def test_home_lists_latest_first_with_summary(demo_site):
    home = soup(demo_site / "index.html")
    # The latest article with a photo leads (featured); the list goes on without it.
    featured = home.select_one(".featured")
    assert featured.find("time")["datetime"][:10] == "2025-07-15"
    items = home.select(".article-list__item")
    assert [i.find("time")["datetime"][:10] for i in items] == \
        ["2025-07-01", "2022-09-21", "2022-07-06", "2022-06-03", "2020-09-13", "2019-09-16"]
    assert all(i.select_one(".article-list__summary").get_text(strip=True) for i in items)


def test_prev_next_within_category(demo_site):
    older, newer = DEMO[0][0], DEMO[2][0]
    page = soup(demo_site / f"{older}.html")
    assert page.select_one(".article-nav__newer a")["href"] == f"./{newer}.html"
    assert page.select_one(".article-nav__older") is None
    page = soup(demo_site / f"{newer}.html")
    assert page.select_one(".article-nav__older a")["href"] == f"./{older}.html"
    assert [a["href"] for a in page.select(".related__list a")] == [f"./{older}.html"]


def test_menu_follows_declared_order(demo_site):
    home = soup(demo_site / "index.html")
    # The same menu twice: behind the phone's button and as the wide screen's bar.
    phone = [a.get_text() for a in home.select(".site-nav__list--phone a")]
    names = [a.get_text() for a in home.select(".site-nav__list--wide a")]
    assert phone == names == ["Trang chủ", "Tin tức – Sự kiện", "Hoạt động khối chính quyền", "Công tác Đảng",
                     "Công tác dân vận", "Bài viết chuyên sâu", "Thông báo", "Văn bản",
                     "Lịch công tác", "Thủ tục hành chính", "Giới thiệu", "Liên hệ"]


def test_feeds_parse_and_list_articles(demo_site):
    feed = ET.parse(demo_site / "feeds" / "tat-ca.atom.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == 7
    feed = ET.parse(demo_site / "feeds" / "hoat-dong-khoi-chinh-quyen.atom.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == 2


def test_sitemap_lists_every_article(demo_site):
    root = ET.parse(demo_site / "sitemap.xml").getroot()
    locs = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for slug, *_ in DEMO:
        assert any(loc.endswith(f"{slug}.html") for loc in locs), slug


def test_static_pages_404_robots_favicon(demo_site):
    assert soup(demo_site / "trang" / "gioi-thieu.html").h1.get_text() == "Giới thiệu"
    assert "minh họa" in soup(demo_site / "trang" / "lien-he.html").get_text()
    not_found = soup(demo_site / "404.html")
    assert not_found.h1.get_text() == "Không tìm thấy trang"
    assert (demo_site / "robots.txt").read_text().startswith("User-agent: *")
    assert (demo_site / "favicon.ico").stat().st_size > 0


def test_archives_by_year_and_month(demo_site):
    archive = soup(demo_site / "luu-tru" / "index.html")
    assert [h.get_text() for h in archive.select("h2")] == ["Năm 2025", "Năm 2022", "Năm 2020",
                                                            "Năm 2019"]
    month = soup(demo_site / "luu-tru" / "2022" / "06" / "index.html")
    assert month.h1.get_text() == "Lưu trữ: Tháng 6 năm 2022"
    assert len(month.select(".article-list__item")) == 1
    year = soup(demo_site / "luu-tru" / "2022" / "index.html")
    assert len(year.select(".article-list__item")) == 3


def test_every_page_has_one_h1_lang_and_description(demo_site):
    pages = reader_pages(demo_site)
    assert len(pages) > 15
    for path in pages:
        page = soup(path)
        english = path.relative_to(demo_site).parts[0] == "en"
        assert page.html["lang"] == ("en" if english else "vi"), path
        assert len(page.find_all("h1")) == 1, path
        assert page.find("meta", attrs={"name": "description"})["content"].strip(), path
        assert not page.find(style=True), f"inline style in {path}"
        assert not page.find("style"), f"<style> in {path}"


def test_category_pagination(big_site):
    first = soup(big_site / "chuyen-muc" / "thong-bao.html")
    assert len(first.select(".article-list__item")) == 10
    nav = first.select_one(".pagination")
    assert [a.get_text(" ", strip=True) for a in nav.select("a")] == \
        ["Trang 1", "Trang 2", "Trang 3", "Trang sau"]
    assert nav.select_one("a[rel=next]")["href"] == "../chuyen-muc/thong-bao-trang-2.html"
    second = soup(big_site / "chuyen-muc" / "thong-bao-trang-2.html")
    assert len(second.select(".article-list__item")) == 10
    assert second.select_one("a[rel=prev]").get_text() == "Trang trước"
    assert second.select_one(".pagination a[aria-current=page]").get_text(" ", strip=True) == "Trang 2"
    assert second.select_one(".site-nav a[aria-current=page]").get_text() == "Thông báo"
    third = soup(big_site / "chuyen-muc" / "thong-bao-trang-3.html")
    assert len(third.select(".article-list__item")) == 5
    assert third.select_one("a[rel=next]") is None
    dates = [t["datetime"] for p in (first, second, third) for t in p.select(".article-list time")]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == 25


def test_tags_sorted_in_vietnamese_order(big_site):
    tags = soup(big_site / "the" / "index.html")
    assert [a.get_text() for a in tags.select(".tag-list a")] == \
        ["an ninh", "ăn Tết", "Âm nhạc", "bầu cử", "dân vận", "Đảng"]
    tag_page = soup(big_site / "the" / "dang.html")
    assert tag_page.h1.get_text() == "Chủ đề: Đảng"


def test_category_list_page_is_alphabetical(demo_site):
    page = soup(demo_site / "chuyen-muc" / "index.html")
    assert [a.get_text() for a in page.select(".category-list a")] == [
        "Bài viết chuyên sâu", "Công tác dân vận", "Công tác Đảng", "Hoạt động khối chính quyền",
        "Thông báo", "Tin tức – Sự kiện"]
    assert "Dân vận chính quyền" in page.select_one(".category-list").get_text()


def test_publish_build_uses_absolute_site_url(tmp_path):
    from conftest import ROOT
    out = build_site(ROOT / "content", tmp_path / "output", settings="publishconf.py")
    page = soup(out / f"{DEMO[0][0]}.html")
    url = f"https://bantin.example.org/{DEMO[0][0]}.html"
    assert page.find("link", rel="canonical")["href"] == url
    assert page.find("meta", property="og:url")["content"] == url
    assert page.find("meta", property="og:image")["content"].startswith("https://")
    assert "Sitemap: https://bantin.example.org/sitemap.xml" in (out / "robots.txt").read_text()


def test_home_pager_shows_a_window_of_page_numbers(tmp_path):
    content = tmp_path / "content"
    for i in range(85):  # nine home pages
        write_article(content, f"bai-{i:02d}.md", title=f"Tin số {i:02d} của phường",
                      date=f"2020-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}")
    site = build_site(content, tmp_path / "output")
    nav = soup(site / "index-trang-5.html").select_one(".pagination")
    items = [li.get_text(" ", strip=True) for li in nav.select("li")]
    assert items == ["Trang trước", "Trang 1", "…", "Trang 3", "Trang 4", "Trang 5", "Trang 6",
                     "Trang 7", "…", "Trang 9", "Trang sau"]
    assert nav.select_one("a[aria-current=page]").get_text(" ", strip=True) == "Trang 5"


def test_membership_list_answers_in_as_a_list_does():
    from bantin.pelican_seam import MembershipList

    class Doc:  # like Pelican's Content: compared by identity
        pass
    docs = [Doc() for _ in range(5)]
    listed = MembershipList(docs[:3])
    assert [d in listed for d in docs] == [True, True, True, False, False]
    listed.append(docs[3])
    assert docs[3] in listed and docs[4] not in listed
    listed[0] = docs[4]
    assert docs[4] in listed and docs[0] not in listed
    listed += [docs[0]]
    del listed[1]
    assert docs[0] in listed and docs[1] not in listed
    assert type(listed) is MembershipList and listed == [docs[4], docs[2], docs[3], docs[0]]


def test_linear_grouping_gives_what_pelican_gives(tmp_path, monkeypatch):
    from bantin import pelican_seam
    content = tmp_path / "content"
    for i in range(40):
        write_article(content, f"bai-{i:02d}.md", title=f"Tin số {i:02d}",
                      date=f"20{19 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d} 0{i % 10}:00",
                      category=["Thông báo", "Công tác Đảng"][i % 2], tags=f"[thẻ {i % 3}]")
    ours = build_site(content, tmp_path / "ours")
    real = pelican_seam.linear_grouping
    monkeypatch.setattr(pelican_seam, "linear_grouping", lambda enabled=True: None)
    real(False)  # Pelican's own grouping for this build
    try:
        theirs = build_site(content, tmp_path / "theirs")
    finally:
        monkeypatch.undo()
        real()
    files = sorted(p.relative_to(ours) for p in ours.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file())
    assert len([f for f in files if f.parts[0] == "luu-tru"]) > 10
    for name in files:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
