"""`invoke new`: a new draft article with Vietnam time, its address and photo folder."""
from datetime import datetime

import pytest
from conftest import ROOT, invoke
from pelican.settings import read_settings

from bantin.core.dates import VN_TZ
from bantin.editor.checker import check
from bantin.editor.newpost import NewPostError, new_article

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NAMES = [name for name, _slug, _desc in SETTINGS["CATEGORIES"]]
ALLOWED = ", ".join(NAMES)


def test_new_creates_a_draft_with_vietnam_time_and_photo_folder(tmp_path):
    now = datetime(2026, 11, 23, 9, 5, tzinfo=VN_TZ)
    path = new_article(tmp_path, "Họp tổ dân phố số 3: kế hoạch tháng 12", "thông báo", NAMES, now)
    assert path == tmp_path / "2026" / "hop-to-dan-pho-so-3-ke-hoach-thang-12.md"
    assert path.read_text(encoding="utf-8").startswith(
        "---\ntitle: 'Họp tổ dân phố số 3: kế hoạch tháng 12'\ndate: 2026-11-23 09:05\n"
        "category: Thông báo\nslug: hop-to-dan-pho-so-3-ke-hoach-thang-12\nstatus: draft\n---\n")
    assert (tmp_path / "images" / "2026" / "hop-to-dan-pho-so-3-ke-hoach-thang-12").is_dir()
    assert check(tmp_path, SETTINGS) == []


def test_new_refuses_to_overwrite_and_unknown_categories(tmp_path):
    now = datetime(2026, 11, 23, 9, 5, tzinfo=VN_TZ)
    path = new_article(tmp_path, "Lịch tiếp dân", "Thông báo", NAMES, now)
    path.write_text("edited", encoding="utf-8")
    with pytest.raises(NewPostError) as info:
        new_article(tmp_path, "Lịch tiếp dân", "Thông báo", NAMES, now)
    assert str(info.value) == f"{path} already exists; choose another title or edit that file"
    assert path.read_text(encoding="utf-8") == "edited"
    with pytest.raises(NewPostError) as info:
        new_article(tmp_path, "Bóng đá", "Thể thao", NAMES, now)
    assert str(info.value) == f"category: 'Thể thao' is not a declared category; use one of: {ALLOWED}"


def test_new_command(project):
    result = invoke(project, "new", "--title", "Tin thử", "--category", "Thông báo")
    assert result.returncode == 0, result.stderr
    year = datetime.now(VN_TZ).year
    assert result.stdout.splitlines()[0] == f"Created content/{year}/tin-thu.md"
    result = invoke(project, "new", "--title", "Tin thử", "--category", "Thông báo")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: content/{year}/tin-thu.md already exists; choose another title or edit that file")
    result = invoke(project, "new", "--title", "Tin khác", "--category", "Thể thao")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: category: 'Thể thao' is not a declared category; use one of: {ALLOWED}")


def test_new_help_and_missing_options(project):
    helped = invoke(project, "new", "--help", lang="vi")
    assert helped.returncode == 0, helped.stderr
    assert "tiêu đề bài viết, đặt trong ngoặc kép" in helped.stdout
    assert "chuyên mục của bài" in helped.stdout
    example = 'invoke new --title "Hội nghị tiếp xúc cử tri" --category "Tin tức – Sự kiện"'
    missing = invoke(project, "new", "--title", "Tin thử", lang="vi")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1] == f"Thiếu --category. Ví dụ: {example}"
    missing = invoke(project, "new", lang="vi")
    assert missing.stderr.strip().splitlines()[-1] == f"Thiếu --title. Ví dụ: {example}"
    missing = invoke(project, "new")
    assert missing.stderr.strip().splitlines()[-1] == f"Missing --title. Example: {example}"
