"""Property-based: the data files an editor writes — documents (van-ban/*.md), the
organisation (to-chuc.yaml), a week's schedule (lich-cong-tac/*.yaml), the procedures
(thu-tuc.yaml) — made of their real fields, YAML syntax, hostile markup and any Unicode.
Whatever comes in, each parser answers quickly with values or problems naming the file,
and what they accept builds into pages with nothing active in them."""
import time

from hypothesis import HealthCheck, given, seed, settings, strategies as st

import pelicanconf
from active_content import scan_site
from bantin.core import documents, organisation, procedures, schedule
from conftest import build_site, write_article

TYPES = pelicanconf.BANTIN_DOCUMENTS["types"]
HOSTS = [".gov.vn"]
NASTY = st.sampled_from(["<script>alert(1)</script>", "\" onerror=\"alert(1)", "javascript:x",
                         "</title><svg onload=alert(1)>", "{{ 7*7 }}", "&a", "*a", "!x", "{",
                         "[", "]", "}", ": ", " #", "|", ">", "'", '"', "\\", "---", "\x00",
                         "\x1b", "\u202e", "Đ", "\ufeff", "\t", "- ", "~", "%", "\r"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=24)
PLAUSIBLE = st.sampled_from([
    "Quyết định", "Thông báo", "15/QĐ-UBND", "97/2019/QH14", "2024-03-15", "2026-11-30",
    "2026-12-01", "08:00", "14h30", "UBND phường Mẫu", "Chủ tịch UBND phường", "024 0000 0001",
    "bantin@example.org", "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma=1",
    "http://x.gov.vn", "https://evil.example/x.gov.vn", "du-thao", "con-hieu-luc", "2024",
    "a.pdf", "Hội trường", "Tư pháp – Hộ tịch", "1.001234"])
VALUE = st.lists(st.one_of(PLAUSIBLE, PLAUSIBLE, NASTY, TEXT), max_size=4).map("".join)


# Text the parsers should take: hostile markup and YAML syntax, quoted, no control
# characters (those are refused: the raw values above try them).
PRINTABLE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co",
                                                                      "Cn", "Zl", "Zp")),
                    min_size=1, max_size=24)
QUOTED = st.lists(st.one_of(PLAUSIBLE, NASTY.filter(str.isprintable), PRINTABLE),
                  min_size=1, max_size=4).map(lambda v: "'" + "".join(v).replace("'", "''") + "'")


def _mutated(base, junk_keys):
    """A valid file's lines, each kept, given a drawn value (quoted or raw: hostile
    markup, YAML syntax, any Unicode) or dropped; then a few drawn lines."""
    def one(line):
        key, sep, _value = line.partition(": ")
        if not sep:
            return st.just(line)
        return st.one_of(*[st.just(line)] * 4, QUOTED.map(f"{key}: {{}}".format),
                         QUOTED.map(f"{key}: {{}}".format), VALUE.map(f"{key}: {{}}".format),
                         st.just(""))
    junk = st.tuples(st.sampled_from(["", "  ", "- "]), st.sampled_from(junk_keys), VALUE).map(
        lambda t: f"{t[0]}{t[1]}: {t[2]}")
    return st.tuples(*[one(line) for line in base.splitlines()],
                     st.one_of(*[st.just([])] * 3, st.lists(st.one_of(junk, VALUE), max_size=2))).map(
        lambda t: "\n".join(list(t[:-1]) + t[-1]))


DOCUMENT = """number: 15/QĐ-UBND
type: Quyết định
issuer: UBND phường Mẫu
signer: Nguyễn Văn A
signer_title: Chủ tịch
issued: 2024-03-15
effective: 2024-04-01
field: Văn hóa
abstract: Ban hành quy chế văn hóa"""
ORGANISATION = """name: Ủy ban nhân dân phường Mẫu
name_en: People's Committee of Mau Ward
address: Số 1 đường Ví Dụ
address_en: 1 Vi Du Street
phone: 024 0000 0000
hotline: 024 0000 0001
email: bantin@example.org
hours: Thứ Hai đến Thứ Sáu
hours_en: Monday to Friday
leaders:
  - name: Nguyễn Văn A
    title: Chủ tịch
    title_en: Chairperson
    phone: 024 0000 0002"""
SCHEDULE = """week: 2026-11-30
items:
  - day: 2026-12-01
    time: '08:00'
    content: Họp giao ban
    lead: Chủ tịch UBND phường
    place: Hội trường
  - day: 2026-12-03
    content: Tiếp công dân"""
PROCEDURES = """procedures:
  - name: Đăng ký khai sinh
    field: Hộ tịch
    url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma=1
    code: 1.001193
  - name: Chứng thực bản sao
    field: Chứng thực
    url: https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html"""


def _answered(parse, text, path):
    started = time.process_time()
    value, problems = parse(text, path)
    assert time.process_time() - started < 0.5
    for problem in problems:
        assert problem.path == path and problem.message
    return value, problems


SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@seed(20261202)
@settings(max_examples=800, **SETTINGS)
@given(_mutated(DOCUMENT, list(documents.FIELDS) + ["titel"]),
       st.one_of(st.just("Toàn văn."), st.lists(st.one_of(NASTY, TEXT, PLAUSIBLE),
                                                max_size=6).map("".join)))
def test_any_document_file_gives_problems_or_a_document_quickly(lines, body):
    text = "---\n" + lines + "\n---\n" + body
    doc = _answered(lambda t, p: (d := documents.parse(t, p, TYPES, "x"), d.problems), text,
                    "content/van-ban/x.md")[0]
    assert doc.ok or doc.problems


@seed(20261202)
@settings(max_examples=600, **SETTINGS)
@given(_mutated(ORGANISATION, list(organisation.FIELDS) + ["about_en", "fax", "title"]))
def test_any_organisation_file_gives_problems_or_the_organisation_quickly(text):
    org, problems = _answered(organisation.parse, text, "content/to-chuc.yaml")
    assert problems or org["name"]


@seed(20261202)
@settings(max_examples=600, **SETTINGS)
@given(_mutated(SCHEDULE, list(schedule.ITEM_KEYS) + ["week", "note"]))
def test_any_schedule_file_gives_problems_or_a_week_quickly(text):
    week, problems = _answered(schedule.parse, text, "content/lich-cong-tac/2026-11-30.yaml")
    assert problems or week["days"]


@seed(20261202)
@settings(max_examples=600, **SETTINGS)
@given(_mutated(PROCEDURES, list(procedures.ITEM_KEYS) + ["link"]))
def test_any_procedures_file_gives_problems_or_links_quickly(text):
    items, problems = _answered(lambda t, p: procedures.parse(t, p, HOSTS), text,
                                "content/thu-tuc.yaml")
    for item in items:
        assert item["url"].startswith("https://")


# Hostile but valid, so that the build below always has each kind to chew on.
SCRIPT = "<script>alert(1)</script>"
VALID = {
    "document": f"---\nnumber: 9/QĐ-UBND\ntype: Quyết định\nissuer: 'UBND {SCRIPT}'\n"
                f"signer: '\" onerror=\"alert(1)'\nissued: 2024-01-02\nabstract: '{SCRIPT}'\n---\n"
                "Toàn văn.\n",
    "organisation": f"name: '{SCRIPT}'\nname_en: '{SCRIPT}'\naddress: '</title>{SCRIPT}'\n"
                    f"address_en: x\nphone: 024 0000 0000\nemail: a@example.org\n",
    "schedule": f"week: 2026-11-30\nitems:\n- day: 2026-12-01\n  time: '08:00'\n"
                f"  content: '{SCRIPT}'\n  place: '\" onerror=\"alert(1)'\n",
    "procedures": f"procedures:\n- name: '{SCRIPT}'\n  field: '{{{{ 7*7 }}}}'\n"
                  f"  url: https://dichvucong.gov.vn/p?a=1&b=\"x\"\n",
}


def _taken(kind, text):
    """``text`` when the parser takes it (the build must then publish it safely), else the
    valid base file: every drawn site builds, with as much hostile text as was accepted."""
    if kind == "document":
        doc = documents.parse(f"---\n{text}\n---\nToàn văn.\n", "x.md", TYPES, "x")
        taken = doc.ok and not doc.meta.get("files") and \
            not any(doc.meta.get(k) for k in documents.LINK_FIELDS)
        return f"---\n{text if taken else DOCUMENT}\n---\nToàn văn.\n"
    parse, base = {"organisation": (organisation.parse, ORGANISATION),
                   "schedule": (schedule.parse, SCHEDULE),
                   "procedures": (lambda t, p: procedures.parse(t, p, HOSTS), PROCEDURES)}[kind]
    return text if not parse(text, "x.yaml")[1] else base


@seed(20261202)
@settings(max_examples=30, **SETTINGS)
@given(_mutated(DOCUMENT, list(documents.FIELDS)), _mutated(ORGANISATION, ["about"]),
       _mutated(SCHEDULE, list(schedule.ITEM_KEYS)), _mutated(PROCEDURES, ["code"]))
def test_accepted_data_files_build_without_active_content(tmp_path_factory, document, org,
                                                           week, procs):
    """Whatever the parsers accept, built for real: no page has anything that could run."""
    content = tmp_path_factory.mktemp("site") / "content"
    write_article(content, "2026/tin.md", date="2026-11-02 08:00")
    (content / "van-ban").mkdir()
    (content / "van-ban" / "van-ban.md").write_text(_taken("document", document),
                                                     encoding="utf-8")
    (content / "to-chuc.yaml").write_text(_taken("organisation", org), encoding="utf-8")
    (content / "lich-cong-tac").mkdir()
    (content / "lich-cong-tac" / "2026-11-30.yaml").write_text(_taken("schedule", week),
                                                               encoding="utf-8")
    (content / "thu-tuc.yaml").write_text(_taken("procedures", procs), encoding="utf-8")
    out = build_site(content, content.parent / "output")
    assert scan_site(out) == {}
    assert (out / "trang" / "gioi-thieu.html").exists()


def test_hostile_valid_data_files_build_without_active_content(tmp_path):
    content = tmp_path / "content"
    write_article(content, "2026/tin.md", date="2026-11-02 08:00")
    (content / "van-ban").mkdir()
    (content / "van-ban" / "9-qd-ubnd.md").write_text(VALID["document"], encoding="utf-8")
    (content / "to-chuc.yaml").write_text(VALID["organisation"], encoding="utf-8")
    (content / "lich-cong-tac").mkdir()
    (content / "lich-cong-tac" / "2026-11-30.yaml").write_text(VALID["schedule"],
                                                               encoding="utf-8")
    (content / "thu-tuc.yaml").write_text(VALID["procedures"], encoding="utf-8")
    out = build_site(content, tmp_path / "output")
    assert scan_site(out) == {}
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert sum("&lt;script&gt;alert(1)&lt;/script&gt;" in p for p in pages) >= 4
