"""The incremental preview writes exactly what a full build writes, doing much less."""
import os
import shutil
from pathlib import Path

import pytest

from bantin.build import build
from bantin.incremental import Preview
from bantin.synth import generate
from conftest import ROOT

NO_SEARCH = {"enabled": False}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    base = tmp_path_factory.mktemp("gen300")
    content, _ = generate(base, 300, seed=3, gallery_share=0.05)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    return content


def _tree(folder):
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith("pagefind"):  # Pagefind's own output varies
            out[rel] = path.read_bytes()
    return out


def _articles(content):
    return sorted(p for p in content.glob("20*/*.md"))


def _edit(content):
    path = _articles(content)[10]
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn văn mới được biên tập viên thêm.\n",
                    encoding="utf-8")


def _add(content):
    (content / "2024").mkdir(exist_ok=True)
    (content / "2024" / "bai-moi-nhat.md").write_text(
        "---\ntitle: Bài mới nhất của phường\ndate: 2030-01-01 08:00\ncategory: Thông báo\n"
        "tags: [tết, hội nghị]\n---\n\nNội dung bài mới.\n", encoding="utf-8")


def _delete(content):
    _articles(content)[20].unlink()


def _recategorise(content):
    for path in _articles(content)[30:35]:
        text = path.read_text(encoding="utf-8")
        lines = [("category: Công tác dân vận" if l.startswith("category:") else l)
                 for l in text.split("\n")]
        path.write_text("\n".join(lines), encoding="utf-8")


def _redate(content):
    path = _articles(content)[40]  # becomes the newest: every listing shifts by one
    text = path.read_text(encoding="utf-8")
    lines = [("date: 2031-05-05 09:00" if l.startswith("date:") else l) for l in text.split("\n")]
    path.write_text("\n".join(lines), encoding="utf-8")


CHANGES = {"edit": _edit, "add": _add, "delete": _delete, "recategorise": _recategorise,
           "redate": _redate}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_incremental_output_is_byte_identical_to_a_full_build(generated, tmp_path, kind):
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    cache = {"cache": str(tmp_path / "cache" / "images")}
    preview = Preview(str(ROOT / "pelicanconf.py"), str(tmp_path / "preview"), search_index=False,
                      path=str(content), bantin_search=NO_SEARCH, bantin_gallery=cache)
    first = preview.build()
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    CHANGES[kind](content)
    for path in content.rglob("*.md"):  # saved a later second than the first build, as in life
        if before.get(path) != path.read_bytes():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    second = preview.build()
    full = build(str(ROOT / "pelicanconf.py"), output=str(tmp_path / "full"), path=str(content),
                 bantin_search=NO_SEARCH, bantin_gallery=cache)
    expected, got = _tree(full), _tree(tmp_path / "preview")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []
    assert second["rendered"] < first["rendered"] / 2, (first, second)
    if kind == "edit":  # text only: the fast path, one page and the feeds that carry it
        assert second.get("fast") and second["rendered"] <= 3, second
