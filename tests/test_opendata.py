"""The static JSON API: every file valid against its JSON Schema, JSON Feed 1.1 for the
articles, no file over 1 MB at 30,000 articles, linked from the pages."""
import json
from datetime import datetime, timedelta
from types import SimpleNamespace

from jsonschema import Draft202012Validator, FormatChecker

from bantin.core.dates import VN_TZ
from bantin.plugins import opendata
from conftest import ROOT, soup

SCHEMAS = ROOT / "bantin" / "plugins" / "schemas"


def schema_for(path):
    parts = path.parts
    if parts[0] == "bai-viet.json" or parts[0] == "bai-viet" or parts[0].startswith("bai-viet-"):
        return "json-feed-1.1"
    if parts[0] == "van-ban":
        return "van-ban-muc"
    if parts[0] == "lich-cong-tac":
        return "lich-cong-tac-tuan"
    return path.stem.split("-trang-")[0]


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_every_file_is_valid_against_its_schema(demo_site):
    api = demo_site / "api"
    files = sorted(p for p in api.rglob("*.json") if "schemas" not in p.parts)
    seen = set()
    for path in files:
        rel = path.relative_to(api)
        name = schema_for(rel)
        seen.add(name)
        errors = [e.message for e in validator(name).iter_errors(
            json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], (rel, errors)
    assert seen == {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.json")}
    # The schemas are published beside the files.
    assert sorted(p.name for p in (api / "schemas").iterdir()) == \
        sorted(p.name for p in SCHEMAS.glob("*.json"))


def test_articles_feed_and_documents(demo_site):
    feed = json.loads((demo_site / "api" / "bai-viet.json").read_text(encoding="utf-8"))
    articles = sorted((ROOT / "content").glob("20*/*.md"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == len(articles) and "next_url" not in feed
    dates = [i["date_published"] for i in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    registry = json.loads((demo_site / "api" / "van-ban.json").read_text(encoding="utf-8"))
    assert len(registry["documents"]) == len(list((ROOT / "content" / "van-ban").glob("*.md")))
    one = json.loads((demo_site / "api" / "van-ban" / "15-qd-ubnd.json").read_text("utf-8"))
    assert (one["legislationIdentifier"], one["legislationLegalForce"], one["replacedBy"]) == \
        ("15/QĐ-UBND", "NotInForce", ["86/QĐ-UBND"])
    page = soup(demo_site / "index.html")
    link = page.find("link", type="application/feed+json")
    assert link["href"].endswith("api/bai-viet.json")


def _article(number, start):
    return SimpleNamespace(
        url=f"bai-viet-so-{number}-ve-hoat-dong-cua-uy-ban-nhan-dan-phuong-nam-2025.html",
        title="Phường tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền "
              f"với Nhân dân lần thứ {number}", lead="Sáng nay, tại hội trường " * 20,
        date=start - timedelta(hours=number), metadata={}, modified=None,
        category=SimpleNamespace(name="Tin tức – Sự kiện", slug="tin-tuc-su-kien"))


def test_no_file_over_one_megabyte_at_30000_articles():
    start = datetime(2026, 12, 1, 8, 0, tzinfo=VN_TZ)
    articles = [_article(n, start) for n in range(30000)]
    pages = opendata.feed_pages(articles, "Bản tin", "api", "bai-viet", "https://phuong.gov.vn",
                                opendata.DEFAULTS["page_size"])
    sizes = [len(json.dumps(p, ensure_ascii=False).encode()) for p in pages.values()]
    assert len(pages) == 150 and max(sizes) < 1024 * 1024
    # Following next_url from the first file reaches every article once.
    seen, name = [], "bai-viet.json"
    while name:
        seen += [i["id"] for i in pages[name]["items"]]
        name = pages[name].get("next_url", "").rsplit("/", 1)[-1] or None
    assert len(seen) == len(set(seen)) == 30000
    check = validator("json-feed-1.1")
    assert not list(check.iter_errors(pages["bai-viet-trang-150.json"]))
