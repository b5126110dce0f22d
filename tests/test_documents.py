"""Văn bản: the fields and their messages, status from the dates, the registry and its
filters, attachments, links between documents, citations from articles, search."""
from datetime import date, timedelta
from urllib.parse import quote

import pytest

from bantin.build import BuildError
from bantin.core import documents
from bantin.editor import checker
from bantin.build import load_settings
from conftest import ROOT, StaticServer, build_site, soup, write_article

TYPES = documents.DEFAULTS["types"]
GOOD = """---
number: 04/HD-UBND
type: Hướng dẫn
issuer: UBND phường Mẫu
issued: 2024-03-15
abstract: Hướng dẫn mẫu
---
Nội dung.
"""


def parse(front):
    return documents.parse(f"---\n{front}\n---\nNội dung.\n", "content/van-ban/a.md", TYPES)


def messages(front):
    return [str(p) for p in parse(front).problems]


BASE = "type: Hướng dẫn\nissuer: UBND\nissued: 2024-03-15\nabstract: Mẫu"


@pytest.mark.parametrize("front, expected", [
    (f"number: 04/HD-UBND\n{BASE}", []),
    (f"number: 97/2019/QH14\n{BASE}", []),
    (BASE, ["content/van-ban/a.md:1: number: required (only a draft for comments may have no "
            "number)"]),
    (f"number: số bốn\n{BASE}", ["content/van-ban/a.md:2: number: 'số bốn' is not a document "
                                  "number; write it as on the document, for example "
                                  "97/2019/QH14 or 04/HD-UBND"]),
    ("number: 1/QĐ\ntype: Sắc lệnh\nissuer: UBND\nissued: 2024-03-15\nabstract: Mẫu",
     ["content/van-ban/a.md:3: type: 'Sắc lệnh' is not in the list of document types; use "
      "one of: " + ", ".join(TYPES)]),
    ("number: 1/QĐ\ntype: Hướng dẫn\nissuer: UBND\nissued: 2024-02-31\nabstract: Mẫu",
     ["content/van-ban/a.md:5: issued: the date 2024-02-31 does not exist"]),
    ("number: 1/QĐ\ntype: Hướng dẫn\nissuer: UBND\nissued: 15/03/2024\nabstract: Mẫu",
     ["content/van-ban/a.md:5: issued: '15/03/2024' is not a date; write it as YYYY-MM-DD, "
      "for example 2024-03-15"]),
    (f"number: 1/QĐ\n{BASE}\ntitel: x", ["content/van-ban/a.md:7: titel: unknown field; the "
                                         "fields are: " + ", ".join(documents.FIELDS)]),
    (f"number: 1/QĐ\n{BASE}\nfiles:\n  - file: ../../etc/passwd.pdf",
     ["content/van-ban/a.md:7: files: item 1: '../../etc/passwd.pdf' must be the name of a "
      "file next to the document"]),
    (f"number: 1/QĐ\n{BASE}\nfiles: [cai-dat.exe]",
     ["content/van-ban/a.md:7: files: item 1: 'cai-dat.exe' is not a kind of file that can be "
      "published; only .pdf, .docx, .xlsx, .odt, .ods, .doc, .xls"]),
    (f"number: 1/QĐ\n{BASE}\nstatus: bãi bỏ",
     ["content/van-ban/a.md:7: status: 'bãi bỏ' must be one of: Còn hiệu lực, Hết hiệu lực, "
      "Chưa có hiệu lực, Dự thảo"]),
    (f"{BASE}\nconsultation:\n  opens: 2024-03-15\n  closes: 2024-04-15",
     ["content/van-ban/a.md:6: consultation: give at least one way to send comments: email, "
      "address or url"]),
    (f"{BASE}\nconsultation:\n  opens: 2024-03-15\n  closes: 2024-03-01\n  email: a@b.vn",
     ["content/van-ban/a.md:6: consultation: the closing day (closes) is before the opening "
      "day (opens)"]),
    (f"{BASE}\nconsultation:\n  opens: 2024-03-15\n  closes: 2024-04-01\n  url: javascript:x",
     ["content/van-ban/a.md:6: consultation: url 'javascript:x' must be a web address "
      "(https://…)"]),
    (f"number: 1/QĐ\n{BASE}\neffective: 2024-04-01\nexpires: 2024-03-01",
     ["content/van-ban/a.md:8: expires: the expiry date must be after the effective date (and "
      "the issue date)"]),
    (f"number: 1/QĐ\n{BASE}\nexpires: 2024-03-01",
     ["content/van-ban/a.md:7: expires: the expiry date must be after the effective date (and "
      "the issue date)"]),
    (f"number: 1/QĐ\n{BASE}\nreplaces: [1/qđ]",
     ["content/van-ban/a.md:7: replaces: a document cannot link to itself; remove its own "
      "number"]),
    (f"number: 1/QĐ\n{BASE}\nslug: index",
     ["content/van-ban/a.md:7: slug: the address 'index' belongs to a built-in page; choose "
      "another 'slug'"]),
    (f"type: Dự thảo\nissuer: UBND\nissued: 2024-03-15\nabstract: '《…》'\nconsultation:\n"
     "  opens: 2024-03-15\n  closes: 2024-04-15\n  email: a@b.vn",
     ["content/van-ban/a.md:1: slug: cannot make an address from the number, the abstract or "
      "the file name; add a line 'slug: …'"]),
    (f"{BASE}\nconsultation:\n  opens: 2024-03-15\n  closes: 2024-04-15\n  email: a@b.vn?body=x",
     ["content/van-ban/a.md:6: consultation: email 'a@b.vn?body=x' is not an e-mail "
      "address"]),
])
def test_fields_and_their_messages(front, expected):
    assert messages(front) == expected


def test_number_typed_either_way_is_one_number():
    assert documents.number_key("97/2019/QH14") == documents.number_key("97 2019 qh14")
    assert documents.number_key("15/QĐ-UBND") == documents.number_key("15 qd ubnd") == "15-qd-ubnd"
    assert parse(f"number: 15/QĐ-UBND\n{BASE}").meta["slug"] == "15-qd-ubnd"


TODAY = date(2024, 6, 1)


@pytest.mark.parametrize("meta, replaced, status", [
    ({"issued": date(2024, 5, 1)}, False, "con-hieu-luc"),
    ({"issued": date(2024, 5, 1), "effective": date(2024, 6, 1)}, False, "con-hieu-luc"),
    ({"issued": date(2024, 5, 1), "effective": date(2024, 6, 2)}, False, "chua-co-hieu-luc"),
    ({"issued": date(2024, 6, 2)}, False, "chua-co-hieu-luc"),
    ({"issued": date(2024, 1, 1), "expires": date(2024, 6, 1)}, False, "het-hieu-luc"),
    ({"issued": date(2024, 1, 1), "expires": date(2024, 6, 2)}, False, "con-hieu-luc"),
    ({"issued": date(2024, 1, 1)}, True, "het-hieu-luc"),
    ({"issued": date(2024, 1, 1), "status": "het-hieu-luc"}, False, "het-hieu-luc"),
    ({"issued": date(2024, 1, 1), "consultation": {"opens": TODAY}}, False, "du-thao"),
])
def test_status_from_the_dates(meta, replaced, status):
    assert documents.status_on(meta, TODAY, replaced) == status


def _write_doc(folder, name, text, attachment=None, data=b"%PDF-1.4\n%mau\n"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    if attachment:
        (folder / attachment).write_bytes(data)


def _site(tmp_path):
    content = tmp_path / "content"
    write_article(content / "2024", "bai.md", title="Phổ biến hướng dẫn mới")
    return content


def test_demo_registry_pages_and_filters(demo_site):
    docs = sorted((ROOT / "content" / "van-ban").glob("*.md"))
    registry = soup(demo_site / "van-ban" / "index.html")
    rows = registry.select(".doc-table tbody tr")
    assert len(rows) == len(docs) == 6
    # Every filter value has its page, and lists exactly the documents its count says.
    for link in registry.select(".doc-filters__group a"):
        count = int(link.find_next_sibling("span").get_text().strip("()"))
        page = soup((demo_site / "van-ban" / link["href"]).resolve())
        assert len(page.select(".doc-table tbody tr")) == count, link["href"]
    by_type = soup(demo_site / "van-ban" / "loai" / "quyet-dinh.html")
    assert [a.get_text() for a in by_type.select(".doc-table__number a")] == \
        ["86/QĐ-UBND", "15/QĐ-UBND"]
    status = soup(demo_site / "van-ban" / "tinh-trang" / "het-hieu-luc.html")
    assert {a.get_text() for a in status.select(".doc-table__number a")} == \
        {"15/QĐ-UBND", "12/TB-UBND"}  # replaced by 86/QĐ-UBND; expired on 2025-01-01
    assert registry.find("html")["lang"] == "vi"
    assert registry.select_one('nav.site-nav a[aria-current="page"]').get_text() == "Văn bản"


def test_demo_document_page(demo_site):
    page = soup(demo_site / "van-ban" / "15-qd-ubnd.html")
    fields = dict(zip([dt.get_text() for dt in page.select(".doc-fields dt")],
                      [dd.get_text(" ", strip=True) for dd in page.select(".doc-fields dd")]))
    assert fields == {
        "Số ký hiệu": "15/QĐ-UBND", "Loại văn bản": "Quyết định",
        "Cơ quan ban hành": "UBND phường Đức Giang",
        "Ngày ban hành": "10/01/2022", "Ngày có hiệu lực": "10/01/2022",
        "Tình trạng": "Hết hiệu lực", "Lĩnh vực": "Tổ chức bộ máy",
        "Bị thay thế bởi": "Quyết định 86/QĐ-UBND"}
    link = page.select_one(".doc-files a")
    attachment = demo_site / "van-ban" / link["href"].split("van-ban/", 1)[1]
    source = ROOT / "content" / "van-ban" / "qd-quy-che-2022.pdf"
    assert attachment.read_bytes() == source.read_bytes()
    assert page.select_one(".doc-files__meta").get_text() == "(PDF, 1 KB)"
    replaced = page.select_one(".doc-fields dd a")
    assert replaced["href"].endswith("van-ban/86-qd-ubnd.html")
    feed = (demo_site / "feeds" / "van-ban.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 6 and "15/QĐ-UBND" in feed


def test_demo_consultations_and_budget(demo_site):
    consult = soup(demo_site / "lay-y-kien" / "index.html")
    assert "Dự thảo Quy chế xây dựng tổ dân phố văn hóa" in consult.get_text()
    budget = soup(demo_site / "cong-khai-ngan-sach" / "index.html")
    assert budget.find("h2").get_text() == "Năm ngân sách 2024"
    assert [a.get_text() for a in budget.select(".doc-table__number a")] == ["07/BC-UBND"]


@pytest.mark.parametrize("name, text, attachment, data, message", [
    ("a.md", GOOD.replace("abstract:", "replaced_by: [99/QĐ-UBND]\nabstract:"), None, b"",
     "content/van-ban/a.md:6: replaced_by: there is no document number 99/QĐ-UBND in "
     "content/van-ban/"),
    ("a.md", GOOD.replace("abstract:", "files: [mat.pdf]\nabstract:"), None, b"",
     "content/van-ban/a.md:6: files: there is no file mat.pdf next to the document (in the "
     "same folder)"),
    ("a.md", GOOD.replace("abstract:", "files: [cai-dat.pdf]\nabstract:"), "cai-dat.pdf",
     b"MZ\x90\x00program", "content/van-ban/a.md:6: files: cai-dat.pdf: not a real PDF file "
     "(its content does not match the suffix .pdf)"),
])
def test_broken_documents_fail_the_build(tmp_path, name, text, attachment, data, message):
    content = _site(tmp_path)
    _write_doc(content / "van-ban", name, text, attachment, data)
    with pytest.raises(BuildError) as failed:
        build_site(content, tmp_path / "out")
    assert message in str(failed.value)
    assert not (tmp_path / "out").exists()
    settings = load_settings(str(ROOT / "pelicanconf.py"))
    assert message in [str(p) for p in checker.check(content, settings)]


def test_a_docx_with_macros_is_refused(tmp_path):
    import zipfile
    folder = tmp_path / "van-ban"
    folder.mkdir()
    with zipfile.ZipFile(folder / "mau.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    _write_doc(folder, "a.md", GOOD.replace("abstract:", "files: [mau.docx]\nabstract:"))
    _docs, problems = documents.read_folder(folder, tmp_path, TYPES, TODAY)
    assert [str(p) for p in problems] == [
        "van-ban/a.md:6: files: mau.docx: has macros or programs inside; save it again as a "
        "file without macros"]


def test_articles_cite_documents_by_number(tmp_path):
    content = _site(tmp_path)
    _write_doc(content / "van-ban", "04-hd-ubnd.md", GOOD)
    write_article(content / "2024", "trich-dan.md", title="Bài có trích dẫn",
                  documents="[04 hd ubnd]")
    out = build_site(content, tmp_path / "out")
    cited = soup(out / "bai-co-trich-dan.html").select(".article__documents a")
    assert [(a.get_text(), a["href"].rsplit("/", 2)[-2:]) for a in cited] == [
        ("Hướng dẫn 04/HD-UBND", ["van-ban", "04-hd-ubnd.html"])]
    write_article(content / "2024", "sai.md", title="Bài trích sai", documents="[05/HD-UBND]")
    with pytest.raises(BuildError) as failed:
        build_site(content, tmp_path / "out2")
    assert "content/2024/sai.md: documents: there is no document number 05/HD-UBND in " \
        "content/van-ban/" in str(failed.value)


@pytest.mark.parametrize("query", ["15/QĐ-UBND", "15 qd ubnd", "quy che lam viec"])
def test_documents_are_in_the_site_search(browser, demo_site, query):
    server = StaticServer(demo_site)
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/tim-kiem/index.html?q={quote(query)}")
        page.locator(".search__status:not(:empty)").wait_for()
        links = page.locator(".search__result h2 a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert any(h.endswith("van-ban/15-qd-ubnd.html") for h in hrefs[:3]), hrefs
        page.close()
    finally:
        server.close()


def test_state_monitoring_code_only_when_set(tmp_path):
    """EMC: its script on every page and its origin in the policy; nothing when unset."""
    content = _site(tmp_path)
    plain = build_site(content, tmp_path / "a")
    assert "emc" not in (plain / "index.html").read_text(encoding="utf-8")
    out = build_site(content, tmp_path / "b",
                     bantin_emc={"script": "https://giamsat.example.gov.vn/emc.js", "origins": ()})
    for page in ("index.html", "pho-bien-huong-dan-moi.html"):
        html = soup(out / page)
        assert html.find("script", src="https://giamsat.example.gov.vn/emc.js") is not None
        csp = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self' https://giamsat.example.gov.vn;" in csp
    with pytest.raises(BuildError, match="must be an https:// address"):
        build_site(content, tmp_path / "c", bantin_emc={"script": "https://x.vn/a.js' 'unsafe-inline"})
    with pytest.raises(BuildError, match="origins a list of addresses"):
        build_site(content, tmp_path / "d", bantin_emc={"script": "", "origins": "https://x.vn"})


@pytest.mark.parametrize("fields, status", [
    ("effective: {tomorrow}", "Chưa có hiệu lực"),
    ("effective: {today}", "Còn hiệu lực"),
    ("expires: {today}", "Hết hiệu lực"),
    ("expires: {tomorrow}", "Còn hiệu lực"),
    ("status: hết hiệu lực", "Hết hiệu lực"),
])
def test_status_on_the_day_of_the_build(tmp_path, fields, status):
    """The status a built page shows, from dates around the day the build runs."""
    from bantin.core.dates import now_vn
    today = now_vn().date()
    values = {"today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat()}
    content = _site(tmp_path)
    text = GOOD.replace("issued: 2024-03-15", f"issued: {(today - timedelta(days=30)).isoformat()}")
    _write_doc(content / "van-ban", "04.md",
               text.replace("abstract:", fields.format(**values) + "\nabstract:"))
    out = build_site(content, tmp_path / "out")
    page = soup(out / "van-ban" / "04-hd-ubnd.html")
    assert page.select_one(".doc-fields .doc-status").get_text() == status


def test_signer_and_every_optional_field_shown(demo_site):
    page = soup(demo_site / "van-ban" / "38-kh-ubnd.html")
    fields = {dt.get_text(): dd.get_text(" ", strip=True)
              for dt, dd in zip(page.select(".doc-fields dt"), page.select(".doc-fields dd"))}
    assert fields["Người ký"] == "(họ tên minh họa), Chủ tịch UBND phường"
    assert fields["Lĩnh vực"] == "Dân vận chính quyền"
    draft = soup(demo_site / "van-ban" /
                 "du-thao-quy-che-xay-dung-to-dan-pho-van-hoa-van-ban-mau.html")
    assert "gopy@example.org" in draft.select_one(".doc-consultation").get_text()
    assert draft.select_one(".doc-fields .doc-status").get_text() == "Dự thảo"


def _doc(number, extra=""):
    return GOOD.replace("04/HD-UBND", number).replace("abstract:", extra + "abstract:")


@pytest.mark.parametrize("names", [("a.md", "b.md", "c.md"), ("c.md", "b.md", "a.md")])
def test_replacement_chains_do_not_depend_on_file_order(tmp_path, names):
    """1 replaced by 2, 2 replaced by 3: both no longer in force, in any file order; a
    replacement that has since expired does not bring the old one back."""
    folder = tmp_path / "van-ban"
    texts = [_doc("1/QĐ", "replaced_by: [2/QĐ]\n"), _doc("2/QĐ", "replaced_by: [3/QĐ]\n"),
             _doc("3/QĐ"), _doc("5/QĐ", "replaced_by: [6/QĐ]\n"),
             _doc("6/QĐ", "expires: 2024-05-01\n")]
    for name, text in zip(names + ("d.md", "e.md"), texts):
        _write_doc(folder, name, text)
    docs, problems = documents.read_folder(folder, tmp_path, TYPES, TODAY)
    assert problems == []
    status = {d.meta["number"]: d.status for d in docs}
    assert status == {"1/QĐ": "het-hieu-luc", "2/QĐ": "het-hieu-luc", "3/QĐ": "con-hieu-luc",
                      "5/QĐ": "het-hieu-luc", "6/QĐ": "het-hieu-luc"}


def test_nothing_in_the_folder_is_skipped_without_a_word(tmp_path):
    folder = tmp_path / "van-ban"
    _write_doc(folder, "a.md", _doc("1/QĐ", "files: [Bao cao.pdf, bao-cao.pdf]\n"),
               "Bao cao.pdf")
    (folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4 hai")
    _write_doc(folder, "B.MD", _doc("2/QĐ"))  # read, whatever the case of its suffix
    (folder / "2024").mkdir()
    (folder / "le.txt").write_text("x", encoding="utf-8")
    (folder / "c.md").write_bytes(_doc("3/QĐ").encode("utf-8").replace(b"UBND", b"\xff"))
    (folder / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    _write_doc(folder, "d.md", _doc("4/QĐ", "files: [link.pdf]\n"))
    docs, problems = documents.read_folder(folder, tmp_path, TYPES, TODAY)
    assert sorted(d.meta["number"] for d in docs) == ["1/QĐ", "2/QĐ", "4/QĐ"]
    assert sorted(str(p) for p in problems) == sorted([
        "van-ban/2024: folders inside the documents folder are not read; put documents and "
        "their attachments directly in the van-ban folder",
        "van-ban/a.md:6: files: bao-cao.pdf and Bao cao.pdf both become the file bao-cao.pdf "
        "when published; rename one of them",
        "van-ban/c.md:4: the file is not saved in UTF-8; save it again as UTF-8",
        "van-ban/d.md:6: files: link.pdf is not a regular file (a link or a folder); put the "
        "real file there",
        "van-ban/le.txt: warning: this file is not a document (.md) and no document attaches "
        "it; add it to a document's 'files' or delete it"])


@pytest.mark.parametrize("name, data, message", [
    ("mau.docx", {"word/document.xml": "<w/>", "setup.exe": "MZ"}, "has macros or programs "
     "inside; save it again as a file without macros"),
    ("mau.docx", {"a.txt": "x"}, "not a real Word file"),
])
def test_archives_that_are_not_documents_are_refused(tmp_path, name, data, message):
    import zipfile
    folder = tmp_path / "van-ban"
    folder.mkdir()
    with zipfile.ZipFile(folder / name, "w") as archive:
        for entry, body in data.items():
            archive.writestr(entry, body)
    _write_doc(folder, "a.md", GOOD.replace("abstract:", f"files: [{name}]\nabstract:"))
    _docs, problems = documents.read_folder(folder, tmp_path, TYPES, TODAY)
    assert [str(p) for p in problems] == [f"van-ban/a.md:6: files: {name}: {message}"]


def test_an_old_office_file_with_macros_is_refused(tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60 +
                                    "_VBA_PROJECT".encode("utf-16-le"))
    _write_doc(folder, "a.md", GOOD.replace("abstract:", "files: [cu.doc]\nabstract:"))
    _docs, problems = documents.read_folder(folder, tmp_path, TYPES, TODAY)
    assert [str(p) for p in problems] == [
        "van-ban/a.md:6: files: cu.doc: has macros (programs that run inside the file); save "
        "it again as a file without macros"]


def test_consultations_open_upcoming_and_closed():
    meta = {"consultation": {"opens": date(2024, 6, 2), "closes": date(2024, 6, 30)}}
    assert documents.consultation_state(meta, date(2024, 6, 1)) == "upcoming"
    assert documents.consultation_state(meta, date(2024, 6, 2)) == "open"
    assert documents.consultation_state(meta, date(2024, 6, 30)) == "open"
    assert documents.consultation_state(meta, date(2024, 7, 1)) == "closed"


def test_issuers_written_two_ways_share_one_page(tmp_path):
    content = _site(tmp_path)
    _write_doc(content / "van-ban", "a.md", _doc("1/QĐ").replace("UBND phường Mẫu",
                                                                  "UBND Phường Mẫu"))
    _write_doc(content / "van-ban", "b.md", _doc("2/QĐ"))
    out = build_site(content, tmp_path / "out")
    page = soup(out / "van-ban" / "co-quan" / "ubnd-phuong-mau.html")
    assert len(page.select(".doc-table tbody tr")) == 2
