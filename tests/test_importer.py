"""The legacy importer: the five seeds field by field, variations, bad and hostile input."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bs4 import BeautifulSoup

from bantin.build import load_settings
from bantin.core import frontmatter
from bantin.core.text import legacy_encoding
from bantin.dev.demo import import_seeds
from bantin.legacy.migrate import import_legacy
from bantin.legacy.text_pages import INLINE_PHOTO, LIFERAY_HEADER, NUKEVIET_HEADER, paragraphs
from conftest import ROOT, SEEDS, build_site, soup

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
CATEGORIES = [name for name, _slug, _desc in __import__("pelicanconf").CATEGORIES]
SEED_ARTICLES = {
    "000": ("2022", "phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan"),
    "001": ("2019", "hoi-nghi-doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-phuong-gia-thuy-voi"),
    "002": ("2022", "phuong-duc-giang-to-chuc-hoi-nghi-so-ket-01-nam-thuc-hien-thi-diem-to-chuc-mo"),
    "003": ("2022", "phuoc-long-can-tang-cuong-hon-nua-cac-hoat-dong-trao-doi-thong-tin-khao-sat-nam"),
    "004": ("2020", "phuong-phuc-dong-quyet-tam-hoan-thanh-chi-tieu-ve-dich-truoc-thoi-han"),
}


def run(src, out, category=None, force=False, mapping=None):
    return import_legacy(src, out, CATEGORIES, mapping or {}, category, force)


def read(path):
    doc = frontmatter.parse(Path(path).read_text(encoding="utf-8"), str(path), CATEGORIES)
    assert doc.ok, doc.problems
    return doc


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "content"
    results = run(SEEDS, out, category="Công tác dân vận")
    assert [r.status for r in results] == ["written"] * 5
    return out


def seed_doc(seeds, key):
    year, slug = SEED_ARTICLES[key]
    return read(seeds / year / f"{slug}.md")


@pytest.mark.parametrize("key,category,date,views,gallery,figures", [
    ("000", "Hoạt động khối chính quyền", "2022-06-03T10:32", 115, 0, 0),
    ("001", "Công tác Đảng", "2019-09-16T09:47", 228, 0, 5),
    ("002", "Hoạt động khối chính quyền", "2022-07-06T08:45", 97, 0, 0),
    ("003", "Công tác dân vận", "2022-09-21T12:27", 250, 0, 1),
    ("004", "Bài viết chuyên sâu", "2020-09-13T15:35", 124, 0, 4),
])
def test_seed_fields(seeds, key, category, date, views, gallery, figures):
    doc = seed_doc(seeds, key)
    assert doc.meta["category"] == category
    assert doc.meta["date"].isoformat().startswith(date)
    assert doc.meta["views"] == views
    assert len(doc.meta.get("gallery", [])) == gallery
    assert doc.body.count("<figure") == figures
    assert doc.meta["legacy"]["file"].startswith(key)
    assert "Một số hình ảnh" not in doc.body


def test_seed_001_captions_wrapped_over_two_paragraphs_are_one(seeds):
    # The text dump holds the gallery's captions, not its photos: the captions end the
    # text, and the article has no gallery of empty items (nothing to warn about).
    doc = seed_doc(seeds, "001")
    assert "gallery" not in doc.meta
    captions = [BeautifulSoup(line, "html.parser").get_text() for line in doc.body.split("\n")
                if line.startswith('<figure class="photo photo--missing">')]
    assert captions[0] == ("Đ/c Đặng Việt Phương - PBT Đảng ủy, chủ tịch UBND phường báo cáo kết "
                           "quả công tác xây dựng Đảng, các nhiệm vụ phát triển KTXH, an ninh quốc "
                           "phòng của phường 8 tháng đầu năm 2019")
    assert captions[4].endswith("trực tiếp đối thoại, trao đổi với công dân về nội dung ý kiến "
                                "tại hội nghị")
    assert len(captions) == 5


def test_seed_003_nukeviet(seeds):
    doc = seed_doc(seeds, "003")
    assert doc.meta["source"] == "Lê Toàn"
    assert doc.meta["title"].startswith("PHƯỚC LONG: Cần tăng cường")
    assert doc.meta["summary"].startswith("Đó là ý kiến đề nghị của đ/c Ma Ly Phước")
    for furniture in ("Thống kê truy cập", "Tổng số điểm", "Đang truy cập", "Liên kết",
                      "Thời gian chờ", "Nguồn tin", "bien dao"):
        assert furniture not in doc.body
    assert doc.body.count("Trưởng đoàn kiểm tra phát biểu tại buổi kiểm tra") == 1


def _seed_body_lines(text):
    """The seed's body paragraphs as a reader saw them, in order."""
    lines = paragraphs(text)
    start = next(i for i, l in enumerate(lines) if LIFERAY_HEADER.match(l) or NUKEVIET_HEADER.match(l))
    body = []
    for line in lines[start + 1:]:
        if line.startswith(("Một số hình ảnh", "Nguồn tin:")):
            break
        photo = INLINE_PHOTO.match(line)
        line = photo.group(1) if photo else line.lstrip("- ")
        if not body or body[-1] != line:
            body.append(line)
    return body


@pytest.mark.parametrize("key", sorted(SEED_ARTICLES))
def test_every_seed_paragraph_is_built_once_in_order(seeds, tmp_path, key):
    out = build_site(seeds, tmp_path / "output")
    page = soup(out / f"{SEED_ARTICLES[key][1]}.html")
    shown = " ".join((page.select_one(".article__lead") or page.new_tag("p")).get_text().split())
    shown += " " + " ".join(page.select_one(".article__body").get_text(" ").split())
    seed = next(SEEDS.glob(f"{key}_*.txt")).read_text(encoding="utf-8")
    position = -1
    for line in _seed_body_lines(seed):
        assert shown.count(line) == 1, line[:60]
        assert shown.index(line) > position, line[:60]
        position = shown.index(line)


def test_import_is_idempotent_and_respects_edits(seeds, tmp_path):
    out = tmp_path / "content"
    shutil.copytree(seeds, out)
    assert {r.status for r in run(SEEDS, out, category="Công tác dân vận")} == {"unchanged"}
    year, slug = SEED_ARTICLES["000"]
    edited = out / year / f"{slug}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nBiên tập viên thêm.\n", "utf-8")
    results = {Path(r.source).name[:3]: r for r in run(SEEDS, out, category="Công tác dân vận")}
    assert results["000"].status == "skipped"
    assert results["000"].message == "the article exists and was changed; use --force to replace it"
    assert "Biên tập viên thêm." in edited.read_text(encoding="utf-8")
    forced = run(SEEDS / next(SEEDS.glob("000_*")).name, out, force=True)
    assert forced[0].status == "written"
    assert edited.read_bytes() == (seeds / year / f"{slug}.md").read_bytes()


def _page(tmp_path, name, text):
    path = tmp_path / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BODY = "\n\nNội dung thứ nhất của bài.\n\nNội dung thứ hai của bài.\n"
VARIATIONS = [
    ("date line without Ngày đăng and views", "Tin tức – Sự kiện\n\nHọp dân\n16/11/2021 | 14:41" + BODY,
     {"date": "2021-11-16T14:41", "views": 0, "title": "Họp dân"}),
    ("category in capitals", "CÔNG TÁC ĐẢNG\n\nHọp chi bộ\nNgày đăng 01/02/2021 | 08:00 | Lượt xem: 5" + BODY,
     {"category": "Công tác Đảng", "views": 5}),
    ("legacy category through the map", "Tin địa phương\n\nHọp dân\n16/11/2021 | 14:41" + BODY,
     {"category": "Tin tức – Sự kiện"}),
    ("title in capitals ending with a period", "Thông báo\nLỊCH TIẾP DÂN THÁNG 5.\n02/05/2022 | 07:30" + BODY,
     {"title": "LỊCH TIẾP DÂN THÁNG 5."}),
    ("title repeated as first body line", "Thông báo\n\nLịch tiếp dân\n02/05/2022 | 07:30\n\nLịch tiếp dân" + BODY,
     {"body_starts": "Nội dung thứ nhất"}),
    ("NukeViet on a Sunday", "Lễ ra quân\n\nChủ nhật - 05/03/2023 07:15 12 0\nTóm tắt bài." + BODY,
     {"date": "2023-03-05T07:15", "views": 12, "summary": "Tóm tắt bài."}),
    ("NukeViet Thứ hai without counts", "Lễ ra quân\nThứ hai - 06/03/2023 09:05\n\nTóm tắt." + BODY,
     {"date": "2023-03-06T09:05", "views": 0}),
    ("generic page with a date anywhere", "Thông báo nghỉ lễ\nĐăng lúc 14:30 ngày 28/04/2023\n" + BODY,
     {"date": "2023-04-28", "title": "Thông báo nghỉ lễ"}),
]


@pytest.mark.parametrize("name,text,expected", VARIATIONS, ids=[v[0] for v in VARIATIONS])
def test_variations(tmp_path, name, text, expected):
    src = _page(tmp_path, "page.txt", text)
    [result] = run(src, tmp_path / "out", category="Thông báo",
                   mapping={"TIN ĐỊA PHƯƠNG": "Tin tức – Sự kiện"})
    assert result.status == "written", result
    doc = read(result.target)
    for key, value in expected.items():
        if key == "date":
            assert doc.meta["date"].isoformat().startswith(value)
        elif key == "body_starts":
            assert doc.body.strip().startswith(value)
        else:
            assert doc.meta.get(key) == value


def test_nukeviet_html_page_with_photos(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "in")
    [result] = run(tmp_path / "in" / "nukeviet-chi-tiet.html", tmp_path / "content")
    assert result.status == "written", result
    doc = read(result.target)
    assert doc.meta["title"] == "Xã Tân Lập ra quân tổng vệ sinh môi trường"
    assert doc.meta["date"].isoformat().startswith("2023-03-05T07:15")
    assert doc.meta["category"] == "Kinh tế – Xã hội"
    assert doc.meta["source"] == "Văn phòng UBND xã"
    assert doc.meta["summary"].startswith("Sáng 05/3, xã Tân Lập")
    assert doc.meta["gallery"] == [
        {"file": "anh-bia.jpg", "caption": "Lực lượng đoàn viên thanh niên dọn dẹp tuyến kênh",
         "alt": "Lực lượng đoàn viên thanh niên dọn dẹp tuyến kênh"},
        {"file": "anh-2.jpg", "caption": "Người dân thu gom rác thải",
         "alt": "Người dân thu gom rác thải"}]
    photos = tmp_path / "content" / "images" / "2023" / "xa-tan-lap-ra-quan-tong-ve-sinh-moi-truong"
    assert sorted(p.name for p in photos.iterdir()) == ["anh-2.jpg", "anh-bia.jpg"]
    assert "[Kế hoạch số 12/KH-UBND](<http://tanlap.example.gov.vn/van-ban/ke-hoach-12.html>)" \
        in doc.body
    assert not doc.body.strip().startswith("Xã Tân Lập ra quân")
    assert "Tổng số điểm" not in doc.body and "Thống kê" not in doc.body
    [again] = run(tmp_path / "in" / "nukeviet-chi-tiet.html", tmp_path / "content")
    assert again.status == "unchanged", again


HOSTILE_PAGES = ("doc-hai.html", "nukeviet-chi-tiet.html")
HOSTILE = ("<script", "<style", "<iframe", "<object", "<embed", "onclick", "onload", "onerror",
           "javascript:", "data:", "pixel.gif", "tracker.example", "evil.example", "alert(")


def test_hostile_html_never_reaches_content_or_site(tmp_path):
    # The two pages with hostile markup and their photos; the other fixtures are formats
    # (tests/test_legacy_formats.py).
    shutil.copytree(FIXTURES, tmp_path / "in", ignore=lambda folder, names: [
        n for n in names if n.endswith(".html") and n not in HOSTILE_PAGES])
    results = run(tmp_path / "in", tmp_path / "content", category="Thông báo")
    # The photos saved with the pages are not pages: skipped (and copied with their page).
    assert {r.status for r in results if not r.source.endswith(".html")} == {"skipped"}
    results = [r for r in results if r.source.endswith(".html")]
    assert [r.status for r in results] == ["written", "written"]
    written = "".join(Path(r.target).read_text(encoding="utf-8") for r in results)
    for marker in HOSTILE:
        assert marker not in written.replace("&lt;script&gt;alert(1)&lt;/script&gt;", ""), marker
    assert "[thông báo số 123/TB-UBND](<https://phuong.example.gov.vn/thong-bao/123>)" in written
    out = build_site(tmp_path / "content", tmp_path / "output")
    page = soup(out / "thong-bao-lich-tiep-cong-dan-thang-4.html").select_one("main")
    assert page.find(["script", "style", "iframe", "object", "embed"]) is None
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert not any(a["href"].startswith(("javascript:", "data:")) for a in page.find_all("a"))
    assert "Cập nhật: 28/03/2024" not in page.get_text()
    assert "<script>alert(1)</script>" in page.get_text()  # shown as text, not run


BAD = [
    ("empty.txt", b"", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not a saved text or HTML page"),
    ("no-date.txt", "Thông báo\n\nTiêu đề\n\nNội dung không có ngày.\n".encode(),
     "no publication date (DD/MM/YYYY) found near the top of the page"),
    ("no-body.html", b"<html><head><title>x</title></head></html>", "the HTML has no body"),
    ("no-title.html", "<html><body><p>Đăng ngày 12/05/2020</p><p>Nội dung.</p></body></html>".encode(),
     "no title found (no <h1>, og:title or <title>)"),
    ("tcvn3.txt", "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n12/05/2020\nNéi dung bµi viÕt.".encode("cp1252"),
     "the text is in the legacy TCVN3 encoding; convert it to Unicode (e.g. with UniKey's "
     "converter) and import again"),
]


@pytest.mark.parametrize("name,data,message", BAD, ids=[b[0] for b in BAD])
def test_bad_inputs_fail_clearly_and_write_nothing(tmp_path, name, data, message):
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_bytes(data)
    [result] = run(src, tmp_path / "out", category="Thông báo")
    assert (result.status, result.message) == ("failed", message)
    assert not (tmp_path / "out").exists()


def test_fifty_megabyte_file_is_refused(tmp_path):
    src = tmp_path / "huge.html"
    with open(src, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    [result] = run(src, tmp_path / "out", category="Thông báo")
    assert (result.status, result.message) == (
        "failed", "the file is 50 MB; a saved article page is under 5 MB")
    assert not (tmp_path / "out").exists()


def test_legacy_encodings_are_detected():
    assert legacy_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "TCVN3"
    assert legacy_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "VNI"
    assert legacy_encoding("Cộng hòa xã hội chủ nghĩa Việt Nam") is None


def test_command_prints_failures_and_a_summary_and_exits_1_on_failure(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Thông báo\n\nLịch họp\n02/05/2022 | 07:30\n\nNội dung.\n", "utf-8")
    (src / "b.txt").write_text("", "utf-8")
    (src / "style.css").write_text("p{}", "utf-8")
    report = tmp_path / "report.json"
    result = subprocess.run(["invoke", "import-legacy", "--src", str(src), "--out",
                             str(tmp_path / "out"), "--report", str(report)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = [l.split() if i in (1, 2) else l
             for i, l in enumerate(l for l in result.stdout.splitlines() if l)]
    assert lines == [f"failed: {src}/b.txt: the file is empty",
                     ["portal", "written", "unchanged", "merged", "skipped", "failed"],
                     ["1", "0", "0", "1", "1"],
                     f"Report: {report}"]
    pages = {Path(p["source"]).name: (p["status"], p["reason"], p["article"])
             for p in json.loads(report.read_text(encoding="utf-8"))["pages"]}
    assert pages == {"a.txt": ("written", "", f"{tmp_path}/out/2022/lich-hop.md"),
                     "b.txt": ("failed", "the file is empty", ""),
                     "style.css": ("skipped", "not a page (a style sheet)", "")}


def test_the_demo_content_is_what_the_importer_makes(tmp_path):
    """invoke demo-import: each seed under the old portal it came from, which the
    article then names."""
    out = tmp_path / "content"
    results = import_seeds(SEEDS, out, load_settings(ROOT / "pelicanconf.py"))
    assert sorted((portal, Path(r.source).name[:3], r.status) for portal, r in results) == [
        ("duc-giang", "000", "written"), ("duc-giang", "002", "written"),
        ("gia-thuy", "001", "written"), ("phuc-dong", "004", "written"),
        ("phuoc-long", "003", "written")]
    for key, (year, slug) in SEED_ARTICLES.items():
        assert (ROOT / "content" / year / f"{slug}.md").read_bytes() == \
            (out / year / f"{slug}.md").read_bytes(), key
