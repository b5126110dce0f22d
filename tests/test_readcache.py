"""The read cache: a build reads each article once, whatever the number of builds.

Real builds into tmp_path; the cache file is inspected with sqlite3 and tampered with
to prove that a later build takes its entries (and sanitises them again).
"""
import json
import sqlite3
import zlib
import pytest

from bantin.core import readcache
from bantin.build import BuildError
from conftest import build_site, soup, write_article

@pytest.mark.parametrize("content", ["<p>x</p>", "", "<p>đ</p>" * 1000])
def test_entries_round_trip(content):
    assert readcache.unpack(json.loads(readcache.pack(content))) == content


@pytest.mark.parametrize("entry", [
    None, {}, [], "x", {"content": 1},
    {"content": "<p>x</p>", "meta": {"_content": "<script>alert(1)</script>"}},  # metadata
    {"content": "x" * (readcache.MAX_ENTRY_CHARS + 1)},
])
def test_a_strange_entry_is_a_miss(entry):
    assert readcache.unpack(entry) is None


def test_keys_depend_on_every_part():
    base = readcache.key("salt", "content/a.md", "False", b"text")
    assert base != readcache.key("salt2", "content/a.md", "False", b"text")
    assert base != readcache.key("salt", "content/b.md", "False", b"text")
    assert base != readcache.key("salt", "content/a.md", "True", b"text")
    assert base != readcache.key("salt", "content/a.md", "False", b"text ")
    # parts are length-prefixed: moving a boundary is another key
    assert readcache.key("s", "ab", "c") != readcache.key("s", "a", "bc")


def test_planted_metadata_is_never_used(tmp_path):
    """Only the body comes from the cache: the front matter is read from the file."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    write_article(content, "2022/mot.md", title="Bài một")
    build_site(content, tmp_path / "out1", cache=str(cache))
    with sqlite3.connect(cache / "content.sqlite3") as db:
        for key, value in _entries(cache).items():
            entry = {"content": json.loads(value)["content"],
                     "meta": {"_content": "<script>alert(1)</script>", "save_as": "index.html",
                              "title": "Tiêu đề giả"}}
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (_stored(entry), key))
    out = build_site(content, tmp_path / "out2", cache=str(cache))
    page = soup(out / "bai-mot.html")
    assert page.select_one("h1").get_text() == "Bài một"
    assert "alert" not in (out / "bai-mot.html").read_text(encoding="utf-8")
    assert "Tiêu đề giả" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("planted", [
    "CREATE VIEW entries AS SELECT 'k' AS key, '[[[[' AS value, 0 AS used",
    "CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT, used REAL); "
    "CREATE TRIGGER t AFTER UPDATE ON entries BEGIN DELETE FROM entries; END",
])
def test_a_planted_database_is_replaced(tmp_path, planted):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(planted)
    with readcache.ReadCache(path) as cache:
        assert cache.get("k") is None
        cache.put_text("k", readcache.pack("<p>x</p>"))
    with readcache.ReadCache(path) as cache:
        assert readcache.unpack(cache.get("k")) == "<p>x</p>"


def test_deeply_nested_json_is_a_miss(tmp_path):
    with readcache.ReadCache(tmp_path / "c.sqlite3") as cache:
        cache.put_text("k", "[" * 100000)
        assert cache.get("k") is None


def test_a_damaged_cache_file_is_replaced(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"not a database" * 100)
    with readcache.ReadCache(path) as cache:
        assert cache.get("k") is None
        cache.put("k", {"v": 1})
    with readcache.ReadCache(path) as cache:
        assert cache.get("k") == {"v": 1}


def _entries(cache_dir):
    """{key: the entry's JSON text} (stored compressed)."""
    with sqlite3.connect(cache_dir / "content.sqlite3") as db:
        return {k: zlib.decompress(v).decode("utf-8")
                for k, v in db.execute("SELECT key, value FROM entries")}


def _stored(entry):
    """An entry as the cache stores it: JSON, compressed."""
    return zlib.compress(json.dumps(entry).encode("utf-8"))


def _pages(output):
    return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}


def test_a_second_build_reads_from_the_cache_and_sanitises_again(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    write_article(content, "2022/mot.md", title="Bài một", body="Đoạn **một**.")
    write_article(content, "2022/hai.md", title="Bài hai", body="Đoạn hai.")
    first = build_site(content, tmp_path / "out1", cache=str(cache))
    entries = _entries(cache)
    assert len(entries) == 2
    # Planted in the cache (CI restores that folder): the next build shows the entry's
    # text, without its script.
    with sqlite3.connect(cache / "content.sqlite3") as db:
        for key, value in entries.items():
            entry = json.loads(value)
            if "một" in entry["content"]:
                entry["content"] = ("<p>Chữ từ bộ nhớ đệm</p><script>alert(1)</script>"
                                    "<p onclick=alert(2)><a href=\"javascript:alert(3)\">liên kết</a></p>")
                db.execute("UPDATE entries SET value = ? WHERE key = ?",
                           (_stored(entry), key))
    second = build_site(content, tmp_path / "out2", cache=str(cache))
    page = soup(second / "bai-mot.html")
    body = page.select_one(".article__body")
    assert "Chữ từ bộ nhớ đệm" in body.get_text()
    assert page.find("script", string=lambda s: s and "alert" in s) is None
    assert not [tag for tag in body.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert body.find("a", href=lambda h: h and "javascript" in h) is None
    assert (first / "bai-hai.html").read_bytes() == (second / "bai-hai.html").read_bytes()


def test_files_with_problems_are_never_kept_and_fail_every_time(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    write_article(content, "2022/tot.md", title="Bài tốt")
    write_article(content, "2022/xau.md", title="Bài xấu", category="Không có")
    for attempt in range(2):
        with pytest.raises(BuildError, match=r"content/2022/xau.md:4: category:"):
            build_site(content, tmp_path / f"out{attempt}", cache=str(cache))
    assert [json.loads(v)["content"] for v in _entries(cache).values()] == [
        "<p>Nội dung bài viết.</p>"]


def test_files_are_converted_in_several_processes_with_the_same_result(tmp_path):
    content = tmp_path / "content"
    for number in range(12):
        write_article(content, f"2021/bai-{number}.md", title=f"Tin số {number}",
                      date=f"2021-03-{number + 1:02d} 08:00", tags="[dân vận, Đảng]",
                      body=f"Đoạn **{number}** với [liên kết](https://example.org/{number}).\n\n"
                           "| a | b |\n|---|---|\n| 1 | 2 |")
    alone = build_site(content, tmp_path / "alone", bantin_content={"cache": None})
    forked = build_site(content, tmp_path / "forked", cache=str(tmp_path / "cache"),
                        bantin_content={"cache": str(tmp_path / "cache" / "content.sqlite3"),
                                        "workers": 2, "min_files": 1})
    assert len(_entries(tmp_path / "cache")) == 12
    assert _pages(alone) == _pages(forked)
    again = build_site(content, tmp_path / "again", cache=str(tmp_path / "cache"))
    assert _pages(again) == _pages(alone)


def test_unknown_options_are_refused(tmp_path):
    write_article(tmp_path / "content", "a.md")
    with pytest.raises(BuildError, match="BANTIN_CONTENT: unknown option 'cahce'"):
        build_site(tmp_path / "content", tmp_path / "out", bantin_content={"cahce": "x"})


def test_the_key_covers_all_the_code_that_reading_runs():
    import subprocess
    import sys
    from bantin.plugins.content import _READING_CODE
    used = subprocess.run(
        [sys.executable, "-c", "import sys, bantin.core.frontmatter, bantin.core.safety;"
         "print(' '.join(m for m in sys.modules if m.startswith('bantin.core.')))"],
        capture_output=True, text=True, check=True).stdout.split()
    assert {m.rsplit(".", 1)[1] for m in used} <= {p.stem for p in _READING_CODE}


@pytest.mark.parametrize("path, start", [
    ("/a/b/c.md", "/a"), ("/a/b/c.md", "/a/"), ("/a/b/../c.md", "/a"), ("rel/c.md", "/a"),
    ("/ab/c.md", "/a"), ("/a/./b.md", "/a"), ("/a//b.md", "/a"), ("/a/.h/b.md", "/a"),
    ("/a/b/c.md", "/a/../a"), ("/a", "/a")])
def test_the_fast_relative_path_is_os_relpath(path, start):
    import os
    from bantin.plugins.content import _relative
    assert _relative(path, start) == os.path.relpath(path, start)


def test_a_planted_entry_that_inflates_past_the_limit_is_a_miss(tmp_path):
    cache = tmp_path / "c.sqlite3"
    with readcache.ReadCache(str(cache)) as store:
        store.put("k", {"v": 1})
    with sqlite3.connect(cache) as db:
        bomb = zlib.compress(b'"' + b"a" * (readcache.MAX_ENTRY_CHARS + 10) + b'"', 9)
        assert len(bomb) < 100_000
        db.execute("UPDATE entries SET value = ? WHERE key = 'k'", (bomb,))
    with readcache.ReadCache(str(cache)) as store:
        assert store.get("k") is None
