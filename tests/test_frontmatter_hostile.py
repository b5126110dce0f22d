"""Front matter that tries to crash, slow down or fool the reader.

Every case gives a clear problem with its line (and field), or the text the
editor typed; never a traceback, never seconds of work or gigabytes of memory.
"""
import subprocess
import sys
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, seed, settings, strategies as st

from active_content import scan_site
from bantin.core import frontmatter, safety
from bantin.build import load_settings
from conftest import ROOT, build_site, write_raw

CATEGORIES = ["Thông báo", "Tin tức – Sự kiện"]
HEAD = "---\ntitle: Tin thử\ndate: 2022-06-03 10:32\ncategory: Thông báo\n"


def _parse(front, body="Nội dung.\n", head=HEAD):
    return frontmatter.parse(head + front + "---\n" + body, "content/a.md", CATEGORIES)


def _errors(doc):
    return [str(p) for p in doc.problems if p.severity == "error"]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))

REFUSED = [
    ("python tag", "legacy: !!python/object/apply:os.system ['echo x']\n",
     "content/a.md:5: YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not "
     "allowed; write plain text"),
    ("local tag", "source: !foo bar\n", "content/a.md:5: YAML tags (!foo) are not allowed; write plain text"),
    ("anchor", "source: &s Ban biên tập\n",
     "content/a.md:5: YAML anchors (&name) are not allowed; write the value out"),
    ("recursive alias", "legacy: &a {x: *a}\n",
     "content/a.md:5: YAML anchors (&name) are not allowed; write the value out"),
    ("alias bomb", BOMB, "content/a.md:5: YAML anchors (&name) are not allowed; write the value out"),
    ("deep nesting", "legacy: " + "[" * 10000 + "]" * 10000 + "\n",
     "content/a.md:5: the front matter is nested too deeply"),
    ("deep block nesting", "legacy:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 8)) + "  " * 8 + "x: y\n",
     "content/a.md:9: the front matter is nested too deeply"),
    ("huge front matter", "summary: " + "chữ " * 20000 + "\n",
     "content/a.md:2: the front matter is over 32 KB; it holds only short fields"),
    ("control in title", "", "content/a.md:2: title: invisible control character U+0007 is not "
     "allowed; delete it"),
    ("control in caption", "gallery:\n- file: a.jpg\n  caption: Ảnh\x1b[31m\n",
     "content/a.md:7: gallery: invisible control character U+001B is not allowed; delete it"),
    ("yaml escape", 'source: "Ban \\x01 biên tập"\n',
     "content/a.md:5: source: invisible control character U+0001 is not allowed; delete it"),
    ("yaml bidi escape", 'source: "Ban \\u202e biên tập"\n',
     "content/a.md:5: source: invisible control character U+202E is not allowed; delete it"),
    ("bidi override", "source: Ban \u202ebiên tập\n",
     "content/a.md:5: source: invisible control character U+202E is not allowed; delete it"),
    ("views with colon", "views: 1:30\n",
     "content/a.md:5: views: '1:30' is not a whole number (write e.g. 1451 or 1.451)"),
    ("views float", "views: 1.5\n",
     "content/a.md:5: views: '1.5' is not a whole number (write e.g. 1451 or 1.451)"),
    ("emoji title", "", "content/a.md:2: title: has no letter or digit to make the address from; "
     "add a 'slug: …' line"),
    ("slug index", "slug: index\n",
     "content/a.md:5: slug: 'index' is the address of a page the site already has; choose another"),
    ("slug 404", "slug: '404'\n",
     "content/a.md:5: slug: '404' is the address of a page the site already has; choose another"),
    ("slug of a home page", "slug: index-trang-2\n",
     "content/a.md:5: slug: 'index-trang-2' is the address of a page the site already has; "
     "choose another"),
    ("slug search", "slug: tim-kiem\n",
     "content/a.md:5: slug: 'tim-kiem' is the address of a page the site already has; choose another"),
    ("title gives a reserved slug", "", "content/a.md:2: title: 'index' is the address of a page "
     "the site already has; choose another"),
    ("slug too long", "slug: " + "-".join(["tin"] * 60) + "\n",
     "content/a.md:5: slug: 'tin-tin-tin-tin-tin-tin-tin-tin-tin-tin-'… is 239 characters long; "
     "at most 100"),
    ("title too long", "", "content/a.md:2: title: is 400 characters long; at most 300"),
    ("tag object", "tags: [{a: b}]\n", "content/a.md:5: tags: must be text"),
    ("control in body", "", "content/a.md:7: invisible control character U+0000 in the text; delete it"),
]
HEADS = {"control in title": HEAD.replace("Tin thử", "Tin\x07 thử"),
         "emoji title": HEAD.replace("Tin thử", "🎉🎉"),
         "title gives a reserved slug": HEAD.replace("Tin thử", "Index"),
         "title too long": HEAD.replace("Tin thử", "ơ" * 400)}
BODIES = {"control in body": "Dòng một.\nDòng\x00 hai.\n"}


@pytest.mark.parametrize("name,front,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_line_and_field_quickly(name, front, message):
    args = (front, BODIES.get(name, "Nội dung.\n"), HEADS.get(name, HEAD))
    started = time.process_time()  # CPU time: the machine may be busy with other work
    doc = _parse(*args)
    elapsed = time.process_time() - started
    tracemalloc.start()  # (a second run: tracing slows everything down)
    _parse(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message in _errors(doc)
    assert elapsed < 0.5 and peak < 64 * 1024 * 1024


TYPED = [  # what the editor typed is what the field holds
    ("title: yes\n", "title", "yes"),
    ("title: 1.000\n", "title", "1.000"),
    ("title: null\n", "title", "null"),
    ("title: 2022-06-03\n", "title", "2022-06-03"),
    ("title: Tổ #3 họp\n", "title", "Tổ #3 họp"),
    ("title: 'PHƯỚC LONG: Cần…'\n", "title", "PHƯỚC LONG: Cần…"),
    ("title: PHƯỚC LONG: Cần…\n", "title", "PHƯỚC LONG: Cần…"),
    ("views: 010\n", "views", 10),
    ("views: 1.451\n", "views", 1451),
    ("views: 2.003.120\n", "views", 2003120),
    ("views: '7'\n", "views", 7),
    ("source: ~\n", "source", "~"),
    ("gallery:\n- file: a.jpg\n  caption: Tổ #3 đón khách\n", "gallery",
     [{"file": "a.jpg", "caption": "Tổ #3 đón khách", "alt": "Tổ #3 đón khách"}]),
    ("cover: anh-1.jpg   # ảnh đầu bài\n", "cover", "anh-1.jpg"),
    ("tags: [yes, 010, Đảng]\n", "tags", ["yes", "010", "Đảng"]),
]


@pytest.mark.parametrize("front,field,value", TYPED, ids=[t[0].strip()[:30] for t in TYPED])
def test_scalars_are_the_text_typed(front, field, value):
    head = HEAD if field != "title" else HEAD.replace("title: Tin thử\n", "")
    doc = _parse(front, head=head)
    assert _errors(doc) == [] and doc.meta[field] == value


def test_check_command_never_shows_a_traceback(tmp_path):
    """`invoke check` on a folder of the nastiest files: one line each, exit 1."""
    content = tmp_path / "content"
    for number, (name, front, _message) in enumerate(REFUSED):
        head = HEADS.get(name, HEAD).replace("Tin thử", f"Tin thử {number}") \
            if name not in HEADS else HEADS[name]
        write_raw(content, f"2022/bai-{number:02d}.md",
                  head + front + "---\n" + BODIES.get(name, "Nội dung.\n"))
    (tmp_path / "pelicanconf.py").write_text((ROOT / "pelicanconf.py").read_text())
    (tmp_path / "tasks.py").write_text((ROOT / "tasks.py").read_text())
    (tmp_path / "theme").symlink_to(ROOT / "theme")
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    printed = result.stdout.splitlines()
    for number in range(len(REFUSED)):
        assert any(line.startswith(f"content/2022/bai-{number:02d}.md:") for line in printed)


# Property-based: front matter made of real fields, YAML syntax, hostile markup and
# any Unicode, including controls. Whatever comes in, parse() answers quickly.
KEYS = st.sampled_from(["title", "date", "category", "views", "source", "summary", "tags",
                        "slug", "status", "cover", "gallery", "legacy", "titel", "caption"])
NASTY = st.sampled_from(["<script>alert(1)</script>", "\" onerror=\"alert(1)", "javascript:x",
                         "&a", "*a", "!!python/name:os.system", "!x", "{", "[", "]", "}", ": ",
                         " #", "|", ">", "'", '"', "\\", "---", "...", "%YAML 1.1", "\x00", "\x1b",
                         "\u202e", "🎉", "Đ", "\ufeff", "\t", "? ", "- ", "0x1F", "1_000", "~"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
VALUE = st.lists(st.one_of(NASTY, TEXT, st.sampled_from(["Tin mới", "Thông báo", "2022-06-03",
                                                         "anh.jpg", "12"])), max_size=6).map("".join)
LINE = st.one_of(
    st.tuples(KEYS, VALUE).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(st.sampled_from(["  ", "- ", "  - ", "    "]), KEYS, VALUE).map(
        lambda t: f"{t[0]}{t[1]}: {t[2]}"),
    VALUE,
)
ACCEPTED = {}  # slug: text of an article that parse() and the body rules accepted
MARKDOWN = safety.markdown_converter(load_settings(str(ROOT / "pelicanconf.py")))


@seed(20261201)
@settings(max_examples=1500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=12), st.lists(st.one_of(NASTY, TEXT), max_size=8).map("".join))
def test_any_front_matter_gives_problems_or_text_quickly(lines, body):
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    started = time.process_time()
    doc = frontmatter.parse(text, "content/x.md", CATEGORIES)
    assert time.process_time() - started < 0.5
    for problem in doc.problems:
        assert problem.path == "content/x.md" and problem.message
    for key in ("title", "source", "summary"):
        assert key not in doc.meta or isinstance(doc.meta[key], str)
    if doc.ok:
        _html, body_problems = safety.render_body(doc, MARKDOWN, safety.DEFAULT_EMBED_HOSTS)
        photos = doc.meta.get("cover") or any(g["file"] for g in doc.meta.get("gallery", []))
        if not body_problems and not photos:
            ACCEPTED.setdefault(doc.meta["slug"], text)


def test_accepted_front_matter_builds_without_active_content(tmp_path):
    """The articles the property test accepted (with a valid head), built for real."""
    content = tmp_path / "content"
    for number, text in enumerate(list(ACCEPTED.values())[:80]):
        (content / "2022").mkdir(parents=True, exist_ok=True)
        (content / "2022" / f"x{number}.md").write_text(text, encoding="utf-8")
    # Hostile but valid, so that the build always has something to chew on.
    for number, value in enumerate(["<script>alert(1)</script>", "\" onerror=\"alert(1)",
                                    "</title><script>alert(1)</script>", "{{ 7*7 }}"]):
        write_raw(content, f"2022/h{number}.md",
                  f"---\ntitle: 'Tin {value}'\ndate: 2022-06-0{number + 1}\ncategory: Thông báo\n"
                  f"source: '{value}'\nsummary: '{value}'\nslug: h-{number}\n---\nNội dung.\n")
    out = build_site(content, tmp_path / "output")
    assert scan_site(out) == {}
    assert len(list(out.glob("*.html"))) >= 4 + min(len(ACCEPTED), 80) // 2
