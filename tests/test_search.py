"""Static search in real Chromium: Vietnamese folding, ranking, no-JS path, keyboard, filters."""
import unicodedata
from urllib.parse import quote

import pytest

from bantin.core.searchindex import folded, shard_of
from conftest import ROOT, StaticServer, build_site, write_article

A000 = "phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan"
A001 = "hoi-nghi-doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-phuong-gia-thuy-voi"
A002 = "phuong-duc-giang-to-chuc-hoi-nghi-so-ket-01-nam-thuc-hien-thi-diem-to-chuc-mo"
A004 = "phuong-phuc-dong-quyet-tam-hoan-thanh-chi-tieu-ve-dich-truoc-thoi-han"


@pytest.fixture(scope="module")
def demo_server(demo_site):
    server = StaticServer(demo_site)
    yield server
    server.close()


def results(page, server, query, **params):
    extra = "".join(f"&{k}={quote(str(v))}" for k, v in params.items())
    page.goto(f"{server.url}/tim-kiem/index.html?q={quote(query)}{extra}")
    # (locator waits, not string functions: the page's CSP forbids eval)
    page.locator(".search__status:not(:empty)").wait_for()
    assert "Không tải được" not in page.locator(".search__status").inner_text()
    return results_shown(page)


def results_shown(page):
    links = page.locator(".search__result h2 a")
    return [links.nth(i).get_attribute("href").rsplit("/", 1)[-1].removesuffix(".html")
            for i in range(links.count())]


QUERIES = [
    ("duc giang", {A000, A002}),
    ("Đức Giang", {A000, A002}),
    ("đức giang", {A000, A002}),
    ("DUC GIANG", {A000, A002}),
    (unicodedata.normalize("NFD", "Đức Giang"), {A000, A002}),  # typed on a Mac
    ("thu tuc hanh chinh", {A000}),
    ("thủ tục hành chính", {A000}),
    ("Phuc Dong", {A004}),
    ("Gia Thuy", {A001}),
]


@pytest.mark.parametrize("query,top", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_finds_the_expected_articles_first(browser, demo_server, query, top):
    page = browser.new_page()
    found = results(page, demo_server, query)
    page.close()
    assert set(found[:len(top)]) == top, found


@pytest.mark.parametrize("pair", [("ủy", "uỷ"), ("hóa", "hoá"), ("dang uy", "Đảng ủy")])
def test_spelling_variants_find_the_same_articles(browser, demo_server, pair):
    page = browser.new_page()
    first, second = (set(results(page, demo_server, q)) for q in pair)
    page.close()
    assert first and first == second


def test_word_in_no_article(browser, demo_server):
    page = browser.new_page()
    assert results(page, demo_server, "xyzabcqua") == []
    assert page.locator(".search__status").inner_text() == "Không tìm thấy kết quả"
    page.close()


def _index(site):
    """The built index: (manifest, {file name: parsed JSON})."""
    import html as html_module
    import json
    page = (site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads(html_module.unescape(page.split('data-index="', 1)[1].split('"', 1)[0]))
    folder = site / "tim-kiem" / "chi-muc" / manifest["v"]
    return manifest, {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir()}


def test_only_article_text_is_indexed(demo_site):
    manifest, files = _index(demo_site)
    rows = [row for name in sorted(files) if name.startswith("d") for row in files[name]]
    # The articles and the documents (bantin.plugins.documents), nothing else.
    assert sorted(row[0].removesuffix(".html") for row in rows) == sorted(
        [p.stem for p in (ROOT / "content").glob("20*/*.md")] +
        [f"van-ban/{p.stem}" for p in (ROOT / "content" / "van-ban").glob("*.md")
         if p.stem[0].isdigit()] +
        ["van-ban/du-thao-quy-che-xay-dung-to-dan-pho-van-hoa-van-ban-mau"])
    assert manifest["n"] == len(rows)
    keys = {key for name, data in files.items() if name.startswith("k") for key in data["w"]}
    assert {"duc", "giang", "phuong"} <= keys
    # Words only in the site's furniture (the footer's e-mail address) are not there.
    assert not {folded("bantin"), "example"} & keys
    for row in rows:
        assert row[2].startswith(("Thứ ", "Chủ Nhật")), row


def test_excerpt_highlights_matches(browser, demo_server):
    page = browser.new_page()
    results(page, demo_server, "duc giang")
    marks = page.locator(".search__result").first.locator("mark")
    assert {marks.nth(i).inner_text() for i in range(marks.count())} >= {"Đức", "Giang"}
    meta = page.locator(".search__result .meta").first.inner_text()
    assert meta.startswith("Thứ ") and "Hoạt động khối chính quyền" in meta
    page.close()


def test_filters_by_category_and_year(browser, demo_server):
    page = browser.new_page()
    everything = results(page, demo_server, "phường")
    assert len(everything) >= 4
    only = results(page, demo_server, "phường", **{"chuyen-muc": "Công tác Đảng"})
    assert only == [A001]
    by_year = results(page, demo_server, "phường", nam="2020")
    assert by_year == [A004]
    options = page.locator(".search__category option")
    years = page.locator(".search__year option")
    assert [years.nth(i).inner_text() for i in range(years.count())] == [
        "Tất cả các năm", "2025", "2022", "2020", "2019"]
    assert "Công tác Đảng" in [options.nth(i).inner_text() for i in range(options.count())]
    page.close()


def test_without_javascript_the_box_leads_to_help_and_archives(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server.url}/index.html")
    page.fill("#q", "duc giang")
    page.press("#q", "Enter")
    page.wait_for_load_state()
    assert "/tim-kiem/index.html?q=duc+giang" in page.url
    note = page.locator(".search__nojs")
    assert note.is_visible() and "cần trình duyệt bật JavaScript" in note.inner_text()
    assert page.locator(".search__nojs a").first.get_attribute("href").endswith("luu-tru/index.html")
    context.close()


def test_keyboard_only(browser, demo_server):
    page = browser.new_page()
    page.goto(f"{demo_server.url}/index.html")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("duc giang")
    page.keyboard.press("Enter")
    page.locator(".search__result").first.wait_for()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search__result') !== null"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target and target.endswith(".html")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target.rsplit("/", 1)[-1])
    page.close()


def test_exact_diacritics_rank_above_folded_matches(browser, tmp_path):
    content = tmp_path / "content"
    write_article(content, "a.md", title="Tin thứ nhất", body="Phong trào biểu dương người tốt.")
    write_article(content, "b.md", title="Tin thứ hai", body="Sửa chữa con đường liên thôn.",
                  date="2022-06-04 08:00")
    out = build_site(content, tmp_path / "output")
    server = StaticServer(out)
    try:
        page = browser.new_page()
        assert results(page, server, "dương") == ["tin-thu-nhat", "tin-thu-hai"]
        assert results(page, server, "đường") == ["tin-thu-hai", "tin-thu-nhat"]
        assert set(results(page, server, "duong")) == {"tin-thu-nhat", "tin-thu-hai"}
        page.close()
    finally:
        server.close()


def test_search_script_only_on_the_search_page(demo_site):
    from conftest import reader_pages, soup
    for html in reader_pages(demo_site):
        scripts = [s["src"] for s in soup(html).find_all("script", src=True)]
        if html.relative_to(demo_site).as_posix() == "tim-kiem/index.html":
            assert any("search." in s for s in scripts)
        else:
            assert not any("search." in s for s in scripts), html
        if not html.relative_to(demo_site).as_posix().startswith("en/"):  # Vietnamese only
            assert soup(html).find("form", role="search") is not None, html
    assert not (demo_site / "pagefind").exists()


def test_index_files_stay_few_and_each_word_reads_one(browser, tmp_path):
    content = tmp_path / "content"
    for i in range(200):
        write_article(content, f"a{i}.md", title=f"Đường làng số {i}",
                      date=f"20{10 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d} 08:{i % 60:02d}",
                      body=f"Bê tông hóa đường làng thôn {i}.")
    out = build_site(content, tmp_path / "output")
    manifest, files = _index(out)
    assert manifest["n"] == 200 and manifest["shards"] == 4
    assert sorted(files) == sorted(["c.json"] + [f"d{n}.json" for n in range(5)] +
                                   [f"k{n}.json" for n in range(4)])  # 200 / 20 files
    newest = [f"duong-lang-so-{i}" for i in sorted(
        range(200), key=lambda i: (10 + i % 12, 1 + i % 12, 1 + i % 28, i % 60), reverse=True)]
    server = StaticServer(out)
    try:
        page = browser.new_page()
        fetched = []
        page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1])
                if "/chi-muc/" in r.url else None)
        assert results(page, server, "duong lang") == newest[:5]
        assert page.locator(".search__status").inner_text().startswith("Tìm thấy 200 kết quả")
        shards = {f"k{shard_of(folded(w), 4)}.json" for w in ("duong", "lang")}
        assert sorted(fetched) == sorted(shards | {"d0.json"})
        page.locator(".search__more").click()
        page.locator(".search__result").nth(9).wait_for()
        assert "d1.json" not in fetched and "c.json" not in fetched
        page.close()

        # Typing: each word's file is fetched once its first three letters are typed, and
        # the results' file that the finished words lead to, so that after Enter nothing
        # is left to wait for.
        def typed(text):
            page = browser.new_page()
            page.goto(f"{server.url}/tim-kiem/index.html")
            page.wait_for_load_state("networkidle")
            fetched.clear()
            page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1])
                    if "/chi-muc/" in r.url else None)
            page.click(".search__input")
            page.keyboard.type(text, delay=50)
            page.wait_for_load_state("networkidle")
            return page

        page = typed("đường lan")
        # "lan" chose the file of "lang"; "đường"'s newest results are in d0.
        assert sorted(fetched) == sorted(shards | {"d0.json"})
        fetched.clear()
        page.keyboard.type("g")
        page.keyboard.press("Enter")
        page.locator(".search__status:not(:empty)").wait_for()
        page.wait_for_load_state("networkidle")
        assert fetched == []
        assert page.locator(".search__result h2 a").first.get_attribute("href").endswith(
            f"/{newest[0]}.html")
        page.close()

        # A wrong guess costs one request, once: "đường làng" leads to d0, the last word
        # to one article in another file.
        page = typed("đường làng 150")
        page.keyboard.press("Enter")
        page.locator(".search__status:not(:empty)").wait_for()
        page.wait_for_load_state("networkidle")
        wanted = f"d{newest.index('duong-lang-so-150') // 40}.json"
        assert wanted != "d0.json"
        assert sorted(f for f in fetched if f.startswith("d")) == ["d0.json", wanted]
        assert results_shown(page) == ["duong-lang-so-150"]
        page.close()
    finally:
        server.close()


FAILING_INDEX = """
import sys
from bantin import build
from bantin.core import searchindex
def broken(_plan):
    raise RuntimeError("hỏng chỉ mục")
searchindex.build = broken  # the forked builder inherits it
sys.exit(build.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("forked", [True, False], ids=["forked builder", "in the build"])
def test_a_failed_index_fails_the_build_and_publishes_nothing(tmp_path, forked):
    import subprocess
    import sys
    write_article(tmp_path / "content", "a.md", title="Tin một")
    script = FAILING_INDEX if forked else FAILING_INDEX.replace(
        "import sys\n", "import sys, threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n")
    done = subprocess.run([sys.executable, "-c", script, "--settings", "pelicanconf.py",
                           "--content", str(tmp_path / "content"), "--output",
                           str(tmp_path / "output")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "The search index could not be built: RuntimeError: hỏng chỉ mục")
    assert not (tmp_path / "output").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".build-", ".old-"))]


def test_relevance_set(browser, demo_server):
    from bantin.dev.relevance import RELEVANCE, TARGET, TOP
    page = browser.new_page()
    misses = [(query, wanted, found[:TOP]) for query, wanted in RELEVANCE
              if wanted not in (found := results(page, demo_server, query))[:TOP]]
    page.close()
    assert len(RELEVANCE) >= 30
    assert 1 - len(misses) / len(RELEVANCE) >= TARGET, misses


@pytest.mark.parametrize("query", ["constructor", "__proto__ toString", "$` $& x"])
def test_words_that_are_javascript_names_or_patterns_are_just_words(browser, demo_server, query):
    page = browser.new_page()
    assert results(page, demo_server, query) == []  # results() fails on the error message
    assert page.locator(".search__status").inner_text() == "Không tìm thấy kết quả"
    page.close()


def test_the_query_is_shown_as_typed(browser, demo_server):
    page = browser.new_page()
    results(page, demo_server, "phường $&")
    status = page.locator(".search__status").inner_text()
    assert status.startswith("Tìm thấy") and "“phường $&”" in status, status
    page.close()
