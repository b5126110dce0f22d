"""Thủ tục hành chính: a list by field, each procedure a link to a state portal only."""
import pytest
import yaml

from bantin.core import procedures
from conftest import ROOT, soup

PATH = "content/thu-tuc.yaml"
HOSTS = (".gov.vn",)
ITEM = "procedures:\n  - name: Đăng ký khai sinh\n    field: Hộ tịch\n    url: {url}\n"


@pytest.mark.parametrize("url, problem", [
    ("https://dichvucong.gov.vn/p/home/x.html?ma=1.001193", None),
    ("https://dichvucong.hanoi.gov.vn/thu-tuc/1", None),
    ("http://dichvucong.gov.vn/x", "'http://dichvucong.gov.vn/x' must be an https page of a "
                                   "public-service portal (.gov.vn)"),
    ("https://dichvucong.gov.vn.evil.example/x", "'https://dichvucong.gov.vn.evil.example/x' "
                                                 "must be an https page of a public-service "
                                                 "portal (.gov.vn)"),
    ("https://fakegov.vn/x", "'https://fakegov.vn/x' must be an https page of a public-service "
                             "portal (.gov.vn)"),
    ("javascript:alert(1)", "'javascript:alert(1)' must be an https page of a public-service "
                            "portal (.gov.vn)"),
    # What browsers read otherwise than a URL parser: backslashes, users, ports.
    ("https://evil.example\\.gov.vn/k", "'https://evil.example\\\\.gov.vn/k' must be an "
                                        "https page of a public-service portal (.gov.vn)"),
    ("https://evil.com\\@x.gov.vn/", "'https://evil.com\\\\@x.gov.vn/' must be an https page "
                                     "of a public-service portal (.gov.vn)"),
    ("https://u:p@x.gov.vn/", "'https://u:p@x.gov.vn/' must be an https page of a "
                              "public-service portal (.gov.vn)"),
    ("https://x.gov.vn:8443/", "'https://x.gov.vn:8443/' must be an https page of a "
                               "public-service portal (.gov.vn)"),
])
def test_only_links_to_state_portals(url, problem):
    _items, problems = procedures.parse(ITEM.format(url=url), PATH, HOSTS)
    assert [str(p) for p in problems] == ([f"{PATH}:1: procedures: item 1: {problem}"]
                                          if problem else [])


def test_missing_field_and_unknown_key():
    text = "procedures:\n  - name: A\n    url: https://a.gov.vn/\n  - name: B\n    field: C\n" \
           "    url: https://a.gov.vn/\n    gia: 0\n"
    _items, problems = procedures.parse(text, PATH, HOSTS)
    assert [str(p) for p in problems] == [
        f"{PATH}:1: procedures: item 1: field is missing",
        f"{PATH}:1: procedures: item 2: there is no field 'gia'; the only fields are name, "
        "field, url, code"]


def test_demo_page_lists_every_procedure_by_field(demo_site):
    data = yaml.safe_load((ROOT / "content" / "thu-tuc.yaml").read_text(encoding="utf-8"))
    page = soup(demo_site / "thu-tuc-hanh-chinh" / "index.html")
    links = page.select(".procedures a")
    assert sorted(a.get_text() for a in links) == sorted(p["name"] for p in data["procedures"])
    assert all(a["href"].startswith("https://") and ".gov.vn/" in a["href"] for a in links)
    fields = [h.get_text() for h in page.select("main h2")]
    assert fields == sorted({p["field"] for p in data["procedures"]}, key=fields.index) and \
        len(fields) == 3
    assert page.select_one('nav.site-nav a[aria-current="page"]').get_text() == "Thủ tục hành chính"


def test_a_line_that_would_end_the_data_is_refused():
    text = ITEM.format(url="https://a.gov.vn/") + "---\n  - name: B\n    field: C\n" \
        "    url: https://a.gov.vn/\n"
    items, problems = procedures.parse(text, PATH, HOSTS)
    assert [str(p) for p in problems] == [
        f"{PATH}:5: the line '---' ends the data here and everything after it would be "
        "ignored; delete this line"]


def test_data_files_must_be_utf8(tmp_path):
    from bantin.core import datafile
    path = tmp_path / "thu-tuc.yaml"
    path.write_bytes("procedures:\n  - name: Th".encode() + b"\xf4ng\n")
    assert datafile.read_text(str(path), PATH) == (None, [datafile.Problem(
        PATH, "the file is not saved in UTF-8; save it again as UTF-8", line=2)])
