"""Moving whole portals: mirrors of two old portals into one site, duplicates merged,
colliding titles given distinct stable slugs, and the old addresses landing on the
articles — as files, and in Chromium against the built site."""
import json
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, StaticServer, build_site, soup
from pelican.settings import read_settings

from bantin.core import frontmatter
from bantin.legacy.migrate import Portal, migrate
from bantin.core.addresses import address_key, static_path
from bantin.legacy.mirror import old_address
from bantin.legacy.plan import Story, assign_slugs, merge_duplicates, same_story
from bantin.plugins.legacy import fnv1a, lookup_tables

CATEGORIES = [name for name, _slug, _desc in __import__("pelicanconf").CATEGORIES]
LONG = ("Hội nghị tổng kết công tác mặt trận tổ quốc và các đoàn thể chính trị - xã hội "
        "của phường Đức Giang năm")
BODY = ["Sáng nay, Ủy ban nhân dân phường tổ chức hội nghị với sự tham dự của đại biểu "
        "các tổ dân phố.", "Hội nghị đã thống nhất các nội dung chính của kế hoạch năm tới."]


def nukeviet_page(title, date, paragraphs, category="Tin tức"):
    """An article page of NukeViet 4's default theme, as the public templates print it."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'</head><body><ul class="breadcrumbs"><li><a href="/">Trang nhất</a></li>'
            f'<li><a href="/tin-tuc/">{category}</a></li></ul><div class="news_column">'
            f'<h1>{title}</h1><span class="h5">Thứ hai - {date}</span>'
            f'<div id="news-bodyhtml">{body}</div></div></body></html>')


def write(folder, name, text):
    path = Path(folder, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture()
def mirrors(tmp_path):
    """Two portals: one with path-style addresses, one with query strings (wget names)."""
    old = tmp_path / "mirror" / "ducgiang.example.vn"
    write(old, "tin-tuc/tong-ket-2022-402.html",
          nukeviet_page(f"{LONG} 2022", "12/12/2022 08:00", BODY))
    write(old, "tin-tuc/tong-ket-2023-515.html",
          nukeviet_page(f"{LONG} 2023", "11/12/2023 08:00", BODY[::-1]))
    write(old, "tin-tuc/ra-quan-ve-sinh-77.html",
          nukeviet_page("Ra quân tổng vệ sinh môi trường", "05/03/2023 07:15",
                        ["Hơn 500 người dân tham gia dọn dẹp đường làng, ngõ xóm.", BODY[1]]))
    write(old, "themes/default/style.css", "body{}")
    other = tmp_path / "mirror" / "viethung.example.vn"
    write(other, "index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18.html",
          nukeviet_page("RA QUÂN TỔNG VỆ SINH MÔI TRƯỜNG", "06/03/2023 09:00",
                        ["Hơn 500 người dân tham gia dọn dẹp đường làng, ngõ xóm.", BODY[1]]))
    write(other, "index.php?language=vi&nv=news&op=tin-tuc%2Fdoi-thoai-19.html",
          nukeviet_page("Đối thoại với nhân dân về chỉnh trang đô thị", "07/04/2023 14:00",
                        BODY))
    return [Portal("duc-giang-cu", str(old), "https://ducgiang.example.vn"),
            Portal("viet-hung-cu", str(other), "http://viethung.example.vn")]


def run(portals, out, settings=None, **kwargs):
    return migrate(portals, out, CATEGORIES, {"tin tức": "Tin tức – Sự kiện"}, None,
                   settings=settings, workers=1, **kwargs)


def statuses(results):
    return sorted((portal, Path(r.source).name, r.status) for portal, r in results)


def test_two_portals_move_into_one_site(mirrors, tmp_path):
    out = tmp_path / "content"
    results = run(mirrors, out)
    assert statuses(results) == [
        ("duc-giang-cu", "ra-quan-ve-sinh-77.html", "written"),
        ("duc-giang-cu", "style.css", "skipped"),
        ("duc-giang-cu", "tong-ket-2022-402.html", "written"),
        ("duc-giang-cu", "tong-ket-2023-515.html", "written"),
        ("viet-hung-cu", "index.php?language=vi&nv=news&op=tin-tuc%2Fdoi-thoai-19.html",
         "written"),
        ("viet-hung-cu", "index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18.html",
         "merged")]
    written = {Path(r.target).name for _p, r in results if r.status == "written"}
    # The two long titles differ after the slug's 80 characters: the later one gets its date.
    base = "hoi-nghi-tong-ket-cong-tac-mat-tran-to-quoc-va-cac-doan-the-chinh-tri-xa-hoi-cua"
    assert {f"{base}.md", "hoi-nghi-tong-ket-cong-tac-mat-tran-to-quoc-va-cac-doan-the-chinh-tri"
            "-2023-12-11.md"} <= written
    merged = next(r for _p, r in results if r.status == "merged")
    doc = frontmatter.parse(Path(merged.target).read_text(encoding="utf-8"), merged.target,
                            CATEGORIES)
    assert doc.ok, doc.problems
    assert doc.meta["legacy"] == [
        {"portal": "duc-giang-cu", "url": "https://ducgiang.example.vn/tin-tuc/ra-quan-ve-sinh-77.html",
         "format": "nukeviet-html", "file": "ra-quan-ve-sinh-77.html"},
        {"portal": "viet-hung-cu",
         "url": "http://viethung.example.vn/index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18",
         "format": "nukeviet-html",
         "file": "index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18.html"}]
    # Running again changes nothing; another folder gets the same slugs.
    assert {r.status for _p, r in run(mirrors, out)} == {"unchanged", "merged", "skipped"}
    again = run(list(reversed(mirrors)), tmp_path / "other")
    assert {Path(r.target).name for _p, r in again if r.status == "written"} == written


def test_without_merging_both_copies_are_articles(mirrors, tmp_path):
    results = run(mirrors, tmp_path / "content", merge=False)
    names = sorted(Path(r.target).name for _p, r in results if r.status == "written")
    assert "ra-quan-tong-ve-sinh-moi-truong.md" in names
    assert "ra-quan-tong-ve-sinh-moi-truong-2023-03-06.md" in names


def test_old_addresses_lead_to_the_articles(mirrors, tmp_path, browser):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    run(mirrors, content)
    out = build_site(content, tmp_path / "output")
    article = "ra-quan-tong-ve-sinh-moi-truong.html"
    redirect = soup(out / "tin-tuc" / "ra-quan-ve-sinh-77.html")
    assert redirect.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert redirect.find("link", rel="canonical")["href"] == f"../{article}"
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
        f"0; url=../{article}"
    notice = soup(out / article).select_one(".article__legacy")
    assert [a["href"] for a in notice.find_all("a")] == [
        "https://ducgiang.example.vn/tin-tuc/ra-quan-ve-sinh-77.html",
        "http://viethung.example.vn/index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18"]
    assert not (out / "_redirects").exists()  # the default host (GitHub Pages) reads none
    server = StaticServer(out, not_found="404.html")
    try:
        page = browser.new_page()
        for old in ("/tin-tuc/ra-quan-ve-sinh-77.html",
                    "/index.php?language=vi&nv=news&op=tin-tuc%2Fra-quan-ve-sinh-18",
                    "/index.php?op=tin-tuc/doi-thoai-19&nv=news&language=vi"):
            page.goto(server.url + old)
            page.wait_for_url(lambda url: "/index.php" not in url and "/tin-tuc/" not in url,
                              timeout=10000)
            assert page.locator("h1").first.inner_text() in (
                "Ra quân tổng vệ sinh môi trường", "Đối thoại với nhân dân về chỉnh trang đô thị")
        page.goto(server.url + "/index.php?nv=news&op=khong-co-402")
        assert page.locator("h1").first.inner_text() == "Không tìm thấy trang"
        page.close()
    finally:
        server.close()


@pytest.mark.parametrize("base, relative, address", [
    ("https://a.vn", "tin-tuc/hop-dan-402.html", "https://a.vn/tin-tuc/hop-dan-402.html"),
    ("https://a.vn/", "index.php?nv=news&op=a%2Fb-1.html", "https://a.vn/index.php?nv=news&op=a%2Fb-1"),
    ("https://a.vn", "index.php@nv=news&op=b-402.html", "https://a.vn/index.php?nv=news&op=b-402"),
    ("https://a.vn", "gioi-thieu/index.html", "https://a.vn/gioi-thieu/"),
    ("https://a.vn", "tin-tuc.php.html", "https://a.vn/tin-tuc.php"),
    ("http://a.vn", "web/guest/tin-tuc/-/asset_publisher/X1/content/hop-dan?p_p_id=101"
     "&_101_assetEntryId=123.html",
     "http://a.vn/web/guest/tin-tuc/-/asset_publisher/X1/content/hop-dan?p_p_id=101"
     "&_101_assetEntryId=123"),
])
def test_old_address_from_a_mirror_path(base, relative, address):
    assert old_address(base, relative) == address


@pytest.mark.parametrize("url, key, path", [
    ("http://a.vn/index.php?op=b%2Fc&nv=news#top", "/index.php?nv=news&op=b/c", None),
    ("https://a.vn/tin-tuc/hop-dan-402.html", "/tin-tuc/hop-dan-402.html",
     "tin-tuc/hop-dan-402.html"),
    ("https://a.vn/web/guest/-/hop-dan", "/web/guest/-/hop-dan", "web/guest/-/hop-dan.html"),
    ("https://a.vn/../etc/passwd", "/../etc/passwd", None),
    ("https://a.vn/tin tức/<x>.html", "/tin tức/<x>.html", None),
    ("https://a.vn/", "/", None),
    ("https://a.vn/index.php", "/index.php", None),
])
def test_address_keys_and_redirect_paths(url, key, path):
    assert (address_key(url), static_path(url)) == (key, path)


def test_the_lookup_hash_is_the_scripts():
    # The same FNV-1a over UTF-16 code units as theme/js/old-address.js (and search.js).
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("/tin?op=đ") == fnv1a("/tin?op=\u0111")


def test_an_address_two_portals_used_is_looked_up_with_its_host():
    moves = [("http://a.vn/index.php?id=1", "x.html", "X"),
             ("http://b.vn/index.php?id=1", "y.html", "Y"),
             ("http://b.vn/index.php?id=2", "z.html", "Z")]
    files, tables = lookup_tables(moves, per_file=400)
    assert files == 1
    assert tables[0] == {"a.vn/index.php?id=1": "x.html", "b.vn/index.php?id=1": "y.html",
                         "b.vn/index.php?id=2": "z.html", "/index.php?id=2": "z.html"}


def story(key, title, date, body="Nội dung bài viết về hội nghị của phường.", portal="a"):
    return Story(key, portal, "", title, date, body)


WORDS = " ".join(f"chữ{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(60))


@pytest.mark.parametrize("other, same", [
    (("b", "HỌP DÂN", (2022, 1, 3), WORDS + " Nguồn: B"), True),  # republished, a credit added
    (("b", "Họp dân", (2022, 1, 3), WORDS), True),
    (("a", "Họp dân", (2022, 1, 3), WORDS), False),  # the same portal: two articles
    (("b", "Họp dân", (2022, 2, 20), WORDS), False),  # a month later: next month's notice
    (("b", "Họp dân", (2022, 1, 3), WORDS.replace("chữaa", "ngày 15")), False),  # other numbers
    (("b", "Họp dân", (2022, 1, 3), "Khác hẳn."), False),
    (("b", "Họp dân phố", (2022, 1, 3), WORDS), False),
])
def test_duplicates_are_one_story_republished_by_another_portal(other, same):
    first = story("a|1", "Họp dân", (2022, 1, 2, None, None), WORDS, portal="a")
    portal, title, date, body = other
    assert same_story(first, story(f"{portal}|2", title, date + (None, None), body,
                                   portal=portal)) is same


def test_short_texts_are_never_merged():
    credit = "Ảnh: Minh Anh"
    a = story("a|1", "Ảnh hội nghị", (2022, 1, 2, None, None), credit, portal="a")
    b = story("b|1", "Ảnh hội nghị", (2022, 1, 2, None, None), credit, portal="b")
    assert not same_story(a, b)


def test_the_earliest_copy_is_kept():
    first = story("a|1", "Họp dân", (2022, 1, 2, None, None), WORDS, portal="a")
    later = story("b|1", "Họp dân", (2022, 1, 3, None, None), WORDS, portal="b")
    [kept] = merge_duplicates([later, first])
    assert kept is first and kept.copies == [later]


def test_slugs_are_unique_and_do_not_depend_on_the_order():
    stories = [story(f"a|{i}", "Thông báo lịch tiếp công dân", (2023, 1 + i % 2, 5, None, None),
                     portal=["duc-giang-cu", "viet-hung-cu"][i % 3 == 0]) for i in range(5)]
    assign_slugs(stories, {"index": "site|"})
    first = {s.key: s.slug for s in stories}
    base = "thong-bao-lich-tiep-cong-dan"
    # The earliest keeps the name; then the date, then the date and the portal.
    assert first == {"a|2": base, "a|4": f"{base}-2023-01-05",
                     "a|0": f"{base}-2023-01-05-viet-hung-cu", "a|1": f"{base}-2023-02-05",
                     "a|3": f"{base}-2023-02-05-viet-hung-cu"}
    fresh = [story(s.key, s.title, s.date, portal=s.portal) for s in reversed(stories)]
    assign_slugs(fresh, {"index": "site|"})
    assert {s.key: s.slug for s in fresh} == first
    # An article a previous import wrote keeps its slug; a slug the site uses is never taken.
    kept = story("b|9", "Index", (2020, 1, 1, None, None))
    assign_slugs([kept], {"index": "site|"}, {"b|9": "trang-cu"})
    assert kept.slug == "trang-cu"
    new = story("b|10", "Index", (2020, 1, 1, None, None))
    assign_slugs([new], {"index": "site|"})
    assert new.slug == "index-2020-01-01"


def test_the_report_lists_every_input(mirrors, tmp_path):
    from bantin.legacy.report import write_report
    results = run(mirrors, tmp_path / "content")
    data = json.loads(write_report(results, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"] == {
        "duc-giang-cu": {"written": 3, "unchanged": 0, "merged": 0, "skipped": 1, "failed": 0},
        "viet-hung-cu": {"written": 1, "unchanged": 0, "merged": 1, "skipped": 0, "failed": 0}}
    assert len(data["pages"]) == 6
    assert quote("ra-quan") in json.dumps(data)


def test_photos_anywhere_in_the_mirror_come_along_and_nothing_outside(tmp_path):
    from PIL import Image
    old = tmp_path / "mirror" / "a.example.vn"
    for name in ("uploads/news/2023/anh-1.jpg", "uploads/news/2023/anh-2.jpg"):
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 48), (10, 120, 200)).save(old / name, "JPEG")
    Image.new("RGB", (64, 48)).save(tmp_path / "mirror" / "ngoai.jpg", "JPEG")
    page = nukeviet_page("Ra quân tổng vệ sinh", "05/03/2023 07:15", BODY).replace(
        '<div id="news-bodyhtml">',
        '<div id="news-bodyhtml"><p><img alt="Ảnh một" src="/uploads/news/2023/anh-1.jpg"></p>'
        '<p><img alt="Ảnh hai" src="https://A.example.vn/uploads/news/2023/anh-2.jpg"></p>'
        '<p><img alt="Ảnh ba" src="../../ngoai.jpg"></p>'
        '<p><img alt="Ảnh bốn" src="https://khac.example/uploads/news/2023/anh-1.jpg"></p>')
    write(old, "tin-tuc/ra-quan-1.html", page)
    results = run([Portal("a-cu", str(old), "https://a.example.vn")], tmp_path / "content")
    [result] = [r for _p, r in results if r.source.endswith(".html")]
    assert {r.message for _p, r in results if r is not result} == {"not a page (a photo or icon)"}
    assert result.status == "written", result
    photos = tmp_path / "content" / "images" / "2023" / "ra-quan-tong-ve-sinh"
    assert sorted(p.name for p in photos.iterdir()) == ["anh-1.jpg", "anh-2.jpg"]


def test_hosts_that_read_redirects_get_them(mirrors, tmp_path):
    content = tmp_path / "content"
    run(mirrors, content)
    out = build_site(content, tmp_path / "output", host="netlify")
    lines = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/tin-tuc/ra-quan-ve-sinh-77.html /ra-quan-tong-ve-sinh-moi-truong.html 301" in lines
    assert not [line for line in lines if "?" in line]  # query strings: the 404 lookup


def test_generated_mirrors_import_with_lists_skipped_and_stories_merged(tmp_path):
    """NukeViet 4 (path addresses), NukeViet 3 (query strings), Liferay (asset publisher)."""
    from bantin.dev.synth_portals import generate_mirrors
    portals = generate_mirrors(tmp_path / "mirror", 180, portals=3, overlap=0.2)
    results = run(portals, tmp_path / "content")
    counts = {}
    for portal, result in results:
        counts.setdefault((portal, result.status), []).append(result)
    failed = [str(r) for key, rs in counts.items() if key[1] == "failed" for r in rs]
    assert not failed, failed[:3]
    merged = counts[("phuong-2-cu", "merged")] + counts[("phuong-3-cu", "merged")]
    assert len(counts[("phuong-2-cu", "merged")]) >= 5 and len(counts[("phuong-3-cu", "merged")]) >= 5
    skipped = {r.message for key, rs in counts.items() if key[1] == "skipped" for r in rs}
    assert any("list" in m for m in skipped), skipped
    written = [r for key, rs in counts.items() if key[1] == "written" for r in rs]
    assert len(written) + len(merged) == 180
    assert len({Path(r.target).name for r in written}) == len(written)
    liferay = next(r for r in written if "assetEntryId" in r.source)
    doc = frontmatter.parse(Path(liferay.target).read_text(encoding="utf-8"), liferay.target,
                            CATEGORIES)
    assert doc.meta["legacy"]["format"] == "liferay-html"
    assert doc.meta["legacy"]["url"].startswith(
        "https://phuong3.example.vn/web/guest/tin-tuc/-/asset_publisher/Xq2p/content/")
    assert "_101_INSTANCE_Xq2p_assetEntryId=" in doc.meta["legacy"]["url"]
    again = run(portals, tmp_path / "content")
    assert {r.status for _p, r in again} == {"unchanged", "merged", "skipped"}


def test_a_second_run_reads_no_page_again(mirrors, tmp_path, monkeypatch):
    import bantin.legacy.importer
    cache = tmp_path / "pages.sqlite3"
    first = run(mirrors, tmp_path / "content", cache=str(cache))

    def parse_page(path):
        raise AssertionError(f"{path} was parsed again")
    monkeypatch.setattr(bantin.legacy.importer, "parse_page", parse_page)
    again = run(mirrors, tmp_path / "content", cache=str(cache))
    assert [(p, r.source, r.status) for p, r in again] == [
        (p, r.source, "unchanged" if r.status == "written" else r.status) for p, r in first]
    # A changed page is read again.
    page = Path(mirrors[0].src) / "tin-tuc" / "ra-quan-ve-sinh-77.html"
    page.write_text(page.read_text(encoding="utf-8").replace("500", "600"), encoding="utf-8")
    with pytest.raises(AssertionError, match="ra-quan-ve-sinh-77.html was parsed again"):
        run(mirrors, tmp_path / "content", cache=str(cache), debug=True)


def test_old_query_addresses_work_on_the_old_domain_with_an_absolute_siteurl(
        mirrors, tmp_path, browser):
    """The old domain points at the site; SITEURL is the new one: the 404 page's script and
    table come from the domain the reader is on (CSP 'self')."""
    from conftest import csp_violations

    from bantin.dev.server import free_port
    port = free_port()
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    run(mirrors, content)
    out = build_site(content, tmp_path / "output", settings="publishconf.py",
                     siteurl=f"http://localhost:{port}")
    server = StaticServer(out, not_found="404.html", port=port)
    try:
        page = browser.new_page()
        violations = csp_violations(page)
        # 127.0.0.1 is "the old domain": another origin than SITEURL's localhost.
        page.goto(f"http://127.0.0.1:{port}/index.php?op=tin-tuc%2Fdoi-thoai-19&nv=news"
                  "&language=vi")
        page.wait_for_url(f"http://127.0.0.1:{port}/doi-thoai-voi-nhan-dan-ve-chinh-trang-do-thi"
                          ".html", timeout=10000)
        # (The 404 page's stylesheet comes from SITEURL, refused on the old domain: it is
        # seen for an instant only.)
        assert [v for v in violations if "script" in v] == []
        page.close()
    finally:
        server.close()


def test_odd_files_in_a_mirror_are_skipped_not_fatal(tmp_path):
    old = tmp_path / "mirror"
    write(old, "tin-tuc/ra-quan-1.html", nukeviet_page("Ra quân", "05/03/2023 07:15", BODY))
    os.mkfifo(old / "dang-doi.html")
    (old / os.fsdecode(b"\xc1nh h\xf4i ngh\xec.jpg")).write_bytes(b"\xff\xd8\xff")
    page = nukeviet_page("Hội nghị", "06/03/2023 08:00", BODY)
    (old / os.fsdecode(b"h\xf4i-ngh\xec.php?id=1.html")).write_text(page, encoding="utf-8")
    results = run([Portal("cu", str(old), "https://a.vn")], tmp_path / "content")
    by_name = {Path(r.source).name: (r.status, r.message) for _p, r in results}
    assert by_name["dang-doi.html"] == ("skipped", "not a regular file")
    assert by_name["\\xc1nh h\\xf4i ngh\\xec.jpg"] == ("skipped", "not a page (a photo or icon)")
    assert by_name["h\\xf4i-ngh\\xec.php?id=1.html"][0] == "written"
    from bantin.legacy.report import write_report
    write_report(results, tmp_path / "r.json")
    doc = frontmatter.parse((tmp_path / "content" / "2023" / "hoi-nghi.md").read_text("utf-8"),
                            "hoi-nghi.md", CATEGORIES)
    assert doc.meta["legacy"]["url"] == "https://a.vn/h%F4i-ngh%EC.php?id=1"


def test_a_title_whose_slug_the_site_uses_still_gets_an_address(tmp_path):
    old = tmp_path / "mirror"
    write(old, "tin-tuc/tim-kiem-1.html", nukeviet_page("Tìm kiếm", "05/03/2023 07:15", BODY))
    [(_p, result)] = run([Portal("cu", str(old), "https://a.vn")], tmp_path / "content",
                         settings=read_settings(str(ROOT / "pelicanconf.py")))
    assert result.status == "written", result
    assert Path(result.target).name == "tim-kiem-2023-03-05.md"


def test_a_story_merged_before_gets_its_own_file_when_no_longer_merged(mirrors, tmp_path):
    out = tmp_path / "content"
    run(mirrors, out)
    results = run(mirrors, out, merge=False, force=True)
    targets = [r.target for _p, r in results if r.target]
    assert len(targets) == len(set(targets))
    assert "ra-quan-tong-ve-sinh-moi-truong-2023-03-06.md" in {Path(t).name for t in targets}


@pytest.mark.parametrize("url", ["http://[x/a.html", "javascript:alert(1)", "/tin/1.html",
                                 "ftp://a.vn/x"])
def test_legacy_addresses_must_be_web_addresses(url):
    text = f"---\ntitle: Tin\ndate: 2023-01-01\ncategory: Thông báo\nlegacy: {{url: '{url}'}}\n---\n\nA.\n"
    doc = frontmatter.parse(text, "a.md", CATEGORIES)
    assert [p.field for p in doc.problems] == ["legacy"]
    assert "is not a web address" in doc.problems[0].message
