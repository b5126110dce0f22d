"""Giới thiệu and Liên hệ from content/to-chuc.yaml, in Vietnamese and in English."""
import json

import pytest
import yaml

from bantin.core import organisation
from conftest import ROOT, soup

GOOD = """name: Ủy ban nhân dân phường Mẫu
name_en: People's Committee of Mau Ward
address: Số 1 đường Mẫu
address_en: 1 Mau Street
phone: 024 0000 0000
email: ubnd@example.org
"""


@pytest.mark.parametrize("extra, expected", [
    ("", []),
    ("hours: Thứ Hai – Thứ Sáu", ["content/to-chuc.yaml:7: hours_en: hours_en is missing: the "
                                   "English version of hours (the English pages never show the "
                                   "Vietnamese instead)"]),
    ("fax: 024 1", ["content/to-chuc.yaml:7: fax: unknown field; the fields are: "
                    + ", ".join(organisation.FIELDS)]),
    ("hotline: gọi ngay", ["content/to-chuc.yaml:7: hotline: 'gọi ngay' is not a phone number; "
                           "write it like 024 3827 1234"]),
    ("leaders:\n  - name: A\n    title: Chủ tịch",
     ["content/to-chuc.yaml:7: leaders: item 1: title_en is missing (the English version of "
      "title)"]),
    ("units:\n  - name: Văn phòng\n    name_en: Office\n    boss: B",
     ["content/to-chuc.yaml:7: units: item 1: there is no field 'boss'; the only fields are "
      "email, head, name, name_en, phone, title"]),
])
def test_data_file_rules(extra, expected):
    _org, problems = organisation.parse(GOOD + extra, "content/to-chuc.yaml")
    assert [str(p) for p in problems] == expected


def test_missing_required_field():
    _org, problems = organisation.parse(GOOD.replace("email: ubnd@example.org\n", ""),
                                        "content/to-chuc.yaml")
    assert [str(p) for p in problems] == ["content/to-chuc.yaml:1: email: required but missing"]


def _vietnamese_strings():
    strings = yaml.safe_load((ROOT / "theme" / "strings.yaml").read_text(encoding="utf-8"))
    strings.pop("en")
    return {v for v in strings.values() if isinstance(v, str) and " " in v and "{" not in v}


@pytest.mark.parametrize("vi, en", [("trang/gioi-thieu.html", "en/about.html"),
                                    ("trang/lien-he.html", "en/contact.html")])
def test_pages_in_both_languages(demo_site, vi, en):
    data = yaml.safe_load((ROOT / "content" / "to-chuc.yaml").read_text(encoding="utf-8"))
    vi_page, en_page = soup(demo_site / vi), soup(demo_site / en)
    assert vi_page.html["lang"] == "vi" and en_page.html["lang"] == "en"
    # Each links to the other.
    assert vi_page.select_one(".language-switch a")["href"].endswith(en)
    assert en_page.select_one(".language-switch a")["href"].endswith(vi)
    # The English page: English data, and none of the theme's Vietnamese strings.
    text = en_page.get_text(" ")
    assert data["address_en"] in text or vi.endswith("gioi-thieu.html")
    for marked in en_page.select('main [lang="vi"], nav [lang="vi"]'):
        marked.decompose()  # people's names and the link home: Vietnamese, and marked so
    text = en_page.get_text(" ")
    left = [s for s in _vietnamese_strings() if s in text]
    assert left == []
    for page, lang in ((vi_page, "vi"), (en_page, "en")):
        ld = json.loads(page.find("script", type="application/ld+json").string)
        assert ld["@type"] == "GovernmentOrganization"
        assert ld["name"] == (data["name_en"] if lang == "en" else data["name"])
        assert ld["telephone"] == data["phone"] and ld["email"] == data["email"]
        titles = [m["member"]["jobTitle"] for m in ld["member"]]
        assert titles == [p["title_en" if lang == "en" else "title"] for p in data["leaders"]]


def test_leaders_and_units_as_the_data_says(demo_site):
    data = yaml.safe_load((ROOT / "content" / "to-chuc.yaml").read_text(encoding="utf-8"))
    page = soup(demo_site / "trang" / "gioi-thieu.html")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in page.select(".org-leaders tbody tr")]
    assert [r[:2] for r in rows] == [[p["title"], p["name"]] for p in data["leaders"]]
    assert all("dữ liệu mẫu" in p["name"] for p in data["leaders"])  # placeholders only
    assert [li.get_text() for li in page.select(".org-units li")] == [u["name"] for u in data["units"]]
    footer = soup(demo_site / "index.html").select_one(".site-footer")
    assert data["address"] in footer.get_text()
    assert [a["href"].rsplit("/", 2)[-2:] for a in footer.select(".site-footer__links a")][:3] == [
        ["trang", "gioi-thieu.html"], ["trang", "lien-he.html"], ["en", "about.html"]]


def test_a_page_at_the_organisation_pages_address_is_refused(tmp_path):
    import shutil
    from bantin.build import BuildError
    from conftest import build_site, write_article
    content = tmp_path / "content"
    write_article(content / "2024", "bai.md", title="Bài")
    shutil.copy(ROOT / "content" / "to-chuc.yaml", content / "to-chuc.yaml")
    (content / "pages").mkdir()
    (content / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nCũ.\n",
                                                      encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build_site(content, tmp_path / "out")
    assert "content/pages/gioi-thieu.md: slug: the address trang/gioi-thieu.html is a page " \
        "made from content/to-chuc.yaml; delete this page" in str(failed.value)


def test_phone_links_keep_only_the_number(demo_site):
    from bantin.plugins.theme import tel
    assert tel("024 0000 0000 (số minh họa)") == "02400000000"
    assert tel("024 0000 0000 (javascript:alert(1) bấm)") == "02400000000"
    assert tel("+84 24 3827 1234") == "+842438271234"
    page = soup(demo_site / "trang" / "lien-he.html")
    assert all(a["href"][4:].lstrip("+").isdigit() for a in page.select('a[href^="tel:"]'))
