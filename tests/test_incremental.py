"""The incremental preview writes exactly what a full build writes, doing much less."""
import os
import shutil
from pathlib import Path

import pytest

from bantin.build import build
from bantin.livereload.incremental import Preview
from bantin.dev.synth import generate
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


def _add(content):  # dated in the future: scheduled, previewed at nhap/ only
    (content / "2024").mkdir(exist_ok=True)
    (content / "2024" / "bai-moi-nhat.md").write_text(
        "---\ntitle: Bài mới nhất của phường\ndate: 2030-01-01 08:00\ncategory: Thông báo\n"
        "tags: [tết, hội nghị]\n---\n\nNội dung bài mới.\n", encoding="utf-8")


def _add_newest(content):  # published, newer than all others: every home page shifts by one
    (content / "2026").mkdir(exist_ok=True)
    (content / "2026" / "bai-moi-dang.md").write_text(
        "---\ntitle: Bài mới đăng của phường\ndate: 2026-01-02 08:00\ncategory: Thông báo\n"
        "---\n\nNội dung bài mới đăng.\n", encoding="utf-8")


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


def _set(path, field, value):
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:") or line == "---"
              and i > 0)
    if lines[at] == "---":
        lines.insert(at, f"{field}: {value}")
    else:
        lines[at] = f"{field}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def _retitle(content):  # the slug comes from the title: the page moves, the old one goes
    _set(_articles(content)[50], "title", "Tiêu đề đã sửa của bài viết")


def _retag(content):  # a tag nobody used before, and one article fewer in the others
    _set(_articles(content)[60], "tags", "[tag chưa có ai dùng]")


def _photo(content):
    from PIL import Image
    article = next(p for p in _articles(content) if "\ngallery:" in p.read_text("utf-8"))
    photo = sorted((content / "images").glob(f"*/{article.stem}/*.jpg"))[0]
    photo.unlink()  # a hard link shared with other articles: replace only this one
    Image.new("RGB", (800, 600), (200, 40, 40)).save(photo, quality=80)


def _draft(content):
    (content / "2024").mkdir(exist_ok=True)
    (content / "2024" / "ban-nhap.md").write_text(
        "---\ntitle: Bản nháp chưa đăng\ndate: 2024-03-01 08:00\ncategory: Thông báo\n"
        "status: draft\n---\n\nNội dung nháp.\n", encoding="utf-8")


def _empty_category(content):  # the menu changes on every page: the general path
    for path in _articles(content):
        if "category: Thông báo" in path.read_text(encoding="utf-8"):
            _set(path, "category", "Tin tức – Sự kiện")


CHANGES = {"edit": _edit, "add": _add, "add-newest": _add_newest, "delete": _delete, "recategorise": _recategorise,
           "redate": _redate, "retitle": _retitle, "retag": _retag, "photo": _photo,
           "draft": _draft, "empty-category": _empty_category}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_incremental_output_is_byte_identical_to_a_full_build(generated, tmp_path, kind):
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    cache = {"cache": str(tmp_path / "cache" / "images")}
    preview = Preview(str(ROOT / "pelicanconf.py"), str(tmp_path / "preview"), search_index=False,
                      path=str(content), bantin_search=NO_SEARCH, bantin_gallery=cache)
    first = preview.build()
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    CHANGES[kind](content)
    for path in content.rglob("*"):  # saved a later second than the first build, as in life
        if path.is_file() and before.get(path) != path.read_bytes():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    second = preview.build()
    preview.wait()  # pages only shifted by pagination are written in the background
    full = build(str(ROOT / "pelicanconf.py"), output=str(tmp_path / "full"), path=str(content),
                 bantin_search=NO_SEARCH, bantin_gallery=cache)
    expected, got = _tree(full), _tree(tmp_path / "preview")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []
    assert second.get("partial", False) == (kind != "empty-category"), second
    if kind != "empty-category":
        assert second["rendered"] < first["rendered"] / 2, (first, second)
    if kind == "edit":  # text only: that page and the feeds that carry it
        assert second["rendered"] <= 3, second
    if kind in ("add-newest", "redate"):  # every home page shifts by one
        assert second["shifted"] > 20 and second["rendered"] < 60, second


def test_a_bad_edit_is_reported_and_the_next_good_one_rebuilds(generated, tmp_path):
    from bantin.build import BuildError
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    cache = {"cache": str(tmp_path / "cache" / "images")}
    preview = Preview(str(ROOT / "pelicanconf.py"), str(tmp_path / "preview"), search_index=False,
                      path=str(content), bantin_search=NO_SEARCH, bantin_gallery=cache)
    preview.build()
    photo = next(p for p in _articles(content) if "\ncover:" in p.read_text("utf-8"))
    with_photos = photo.read_text(encoding="utf-8")
    photo.write_text(with_photos.replace("\ncover: ", "\ncover: khong-co-", 1), encoding="utf-8")
    with pytest.raises(BuildError) as error:  # a missing photo stops the build too
        preview.build()
    assert "cover: photo 'khong-co-" in str(error.value), error.value
    photo.write_text(with_photos, encoding="utf-8")
    path = _articles(content)[70]
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("\ndate:", "\ndate: 31/02/2024\nold_date:", 1), encoding="utf-8")
    with pytest.raises(BuildError) as error:
        preview.build()
    shown = f"content/{path.relative_to(content).as_posix()}"
    assert shown in str(error.value) and "date" in str(error.value)
    path.write_text(good.replace("\ntitle: ", "\ntitle: Đã sửa lại ", 1), encoding="utf-8")
    preview.build()
    after_fix = preview.build()  # nothing saved since: nothing to do
    preview.wait()
    assert after_fix["rendered"] == 0
    full = build(str(ROOT / "pelicanconf.py"), output=str(tmp_path / "full"), path=str(content),
                 bantin_search=NO_SEARCH, bantin_gallery=cache)
    assert _tree(tmp_path / "preview") == _tree(full)
