"""Every message in Vietnamese by default and in English with BANTIN_LANG=en.

The catalog's completeness (every message of the code translated, with the
placeholders it is given), exact messages of the check rules in both languages,
and a failed build that says each problem once, on whole lines.
"""
from pathlib import Path

import pytest

from bantin.core import i18n
from bantin.dev import messages
from bantin.editor.checker import check, github_annotation
from tests.conftest import invoke, write_article


def test_every_message_of_the_code_has_its_vietnamese():
    found = messages.extract()
    catalog = messages.read("vi")
    missing = [m for m in found if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == [], "run `invoke messages` and translate these in vi.po"
    unused = [m.id for m in catalog if m.id and m.id not in found]
    assert unused == [], "run `invoke messages` to drop messages the code no longer has"
    assert not [m.id for m in catalog if m.id and m.fuzzy]


def test_translations_use_only_the_values_the_code_gives():
    for message in messages.read("vi"):
        if message.id:
            assert messages.placeholders(message.string) <= messages.placeholders(message.id), \
                message.id
            message.string.format(**{k: 1 for k in messages.placeholders(message.id)})


@pytest.mark.parametrize("lang, expected", [("vi", "vi"), ("en", "en"), ("EN", "en"),
                                            ("", "vi"), ("fr", "vi"), ("vi_VN.UTF-8", "vi")])
def test_language_comes_from_bantin_lang(monkeypatch, lang, expected):
    monkeypatch.setenv("BANTIN_LANG", lang)
    assert i18n.language() == expected


SETTINGS = {"CATEGORIES": [("Tin tức – Sự kiện", "tin-tuc-su-kien", "")],
            "ARTICLE_URL": "{slug}.html", "PAGE_URL": "trang/{slug}.html"}
FRONT = "---\ntitle: Họp tổ dân phố\ndate: 2022-06-03 10:32\ncategory: Tin tức – Sự kiện\n"

# (file text, Vietnamese line, English line): the check rules an editor meets most.
RULES = [
    (FRONT.replace("2022-06-03 10:32", "2022-02-31 09:00") + "---\nA\n",
     "content/a.md:3: trường date: ngày 31/02/2022 09:00 không tồn tại. Hãy viết theo dạng "
     "YYYY-MM-DD HH:MM, ví dụ 2022-02-28 09:00.",
     "content/a.md:3: date: '2022-02-31 09:00' is not a valid date: there is no 31/02/2022 "
     "09:00; write YYYY-MM-DD HH:MM, e.g. 2022-02-28 09:00"),
    (FRONT.replace("2022-06-03 10:32", "03/06/2022") + "---\nA\n",
     "content/a.md:3: trường date: “03/06/2022” không phải là ngày. Hãy viết theo dạng "
     "YYYY-MM-DD HH:MM, ví dụ 2022-06-03 09:00.",
     "content/a.md:3: date: '03/06/2022' is not a date; write YYYY-MM-DD HH:MM, "
     "e.g. 2022-06-03 09:00"),
    (FRONT + "titel: Sai\n---\nA\n",
     "content/a.md:5: trường titel: không có trường này (có thể viết sai tên). Các trường được "
     "dùng: title, date, category, views, source, summary, tags, slug, status, cover, "
     "cover_caption, gallery, legacy, documents.",
     "content/a.md:5: titel: unknown field; allowed fields: title, date, category, views, "
     "source, summary, tags, slug, status, cover, cover_caption, gallery, legacy, documents"),
    (FRONT + "\tsummary: x\n---\nA\n",
     "content/a.md:5: phần thông tin bài có ký tự tab. Hãy thay bằng dấu cách.",
     "content/a.md:5: tab character in the front matter; use spaces"),
    (FRONT.replace("Tin tức – Sự kiện", "Thể thao") + "---\nA\n",
     "content/a.md:4: trường category: “Thể thao” không phải là chuyên mục của trang. Hãy chọn "
     "một trong: Tin tức – Sự kiện.",
     "content/a.md:4: category: 'Thể thao' is not a declared category; use one of: "
     "Tin tức – Sự kiện"),
    ("---\ndate: 2022-06-03 10:32\ncategory: Tin tức – Sự kiện\n---\nA\n",
     "content/a.md:1: trường title: bắt buộc phải có nhưng đang thiếu. Hãy thêm dòng này vào "
     "phần thông tin bài.",
     "content/a.md:1: title: is required but missing"),
    (FRONT + "views: nhiều\n---\nA\n",
     "content/a.md:5: trường views: “nhiều” không phải là số nguyên. Hãy viết ví dụ 1451 hoặc "
     "1.451.",
     "content/a.md:5: views: 'nhiều' is not a whole number (write e.g. 1451 or 1.451)"),
    (FRONT + "gallery:\n- file: ''\n  caption: Quang cảnh\n---\nA\n",
     "content/a.md:5: cảnh báo: trường gallery: ảnh thứ 1 chưa có tệp ảnh nên sẽ không hiện",
     "content/a.md:5: warning: gallery: item 1 has no photo file; it will not be shown"),
    (FRONT + "cover: anh.jpg\n---\nA\n",
     "content/a.md:5: trường cover: không tìm thấy ảnh “anh.jpg” trong "
     "content/images/2022/hop-to-dan-pho/. Hãy kiểm tra tên tệp hoặc chép ảnh vào thư mục đó.",
     "content/a.md:5: cover: photo 'anh.jpg' not found in content/images/2022/hop-to-dan-pho/"),
    (FRONT + "---\nA <script>alert(1)</script>\n",
     "content/a.md:6: bài viết không được chứa thẻ <script> (mã chạy trên trình duyệt của người "
     "đọc). Hãy xóa thẻ này",
     "content/a.md:6: active content <script> is not allowed in an article"),
    (FRONT + "---\nXem [bài cũ](khong-co.html).\n",
     "content/a.md:6: liên kết “khong-co.html” không trỏ tới trang nào của trang web. Hãy kiểm "
     "tra địa chỉ liên kết.",
     "content/a.md:6: link 'khong-co.html' points to no page of the site"),
    ("title: Thiếu dòng mở\n",
     "content/a.md:1: tệp phải bắt đầu bằng một dòng '---', tiếp theo là phần thông tin bài "
     "(title, date, category…)",
     "content/a.md:1: the file must start with a '---' line followed by the front matter"),
]


@pytest.mark.parametrize("text, vietnamese, english", RULES,
                         ids=[r[2].split(": ", 1)[1][:40] for r in RULES])
def test_check_rules_say_the_same_in_both_languages(tmp_path, monkeypatch, text, vietnamese,
                                                    english):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(text, encoding="utf-8")
    for lang, expected in (("vi", vietnamese), ("en", english)):
        monkeypatch.setenv("BANTIN_LANG", lang)
        assert [str(p) for p in check(content, SETTINGS)] == [expected]


def test_github_annotations_are_in_vietnamese(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(RULES[0][0], encoding="utf-8")
    monkeypatch.setenv("BANTIN_LANG", "vi")
    [problem] = check(content, SETTINGS)
    assert github_annotation(problem) == (
        "::error file=content/a.md,line=3::trường date: ngày 31/02/2022 09:00 không tồn tại. "
        "Hãy viết theo dạng YYYY-MM-DD HH:MM, ví dụ 2022-02-28 09:00.")


LONG = "hoi-nghi-doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-phuong-voi-nhan-dan-tren-dia-ban"


def _broken_project(project):
    write_article(project / "content" / "2022", "ngay-sai.md", date="2022-02-31 09:00")
    (project / "content" / "2022" / f"{LONG}.md").write_text(
        "---\ntitle: Có tab\ndate: 2022-02-01 09:00\ncategory: Tin tức – Sự kiện\n"
        "\tsummary: x\n---\nThân bài.\n", encoding="utf-8")
    write_article(project / "content" / "2022", "bai-tot.md", title="Bài tốt")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_failed_build_says_each_problem_once_on_whole_lines(project, lang):
    _broken_project(project)
    result = invoke(project, "build", lang=lang)
    assert result.returncode == 1
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    heading = {"vi": "Chưa dựng được trang (2 lỗi), chưa có gì được đăng. Hãy sửa các lỗi "
                     "dưới đây rồi dựng lại:",
               "en": "The site was not built (2 problem(s)); nothing was published. Correct "
                     "these and build again:"}[lang]
    date = {"vi": "content/2022/ngay-sai.md:3: trường date: ngày 31/02/2022 09:00 không tồn "
                  "tại. Hãy viết theo dạng YYYY-MM-DD HH:MM, ví dụ 2022-02-28 09:00.",
            "en": "content/2022/ngay-sai.md:3: date: '2022-02-31 09:00' is not a valid date: "
                  "there is no 31/02/2022 09:00; write YYYY-MM-DD HH:MM, "
                  "e.g. 2022-02-28 09:00"}[lang]
    tab = {"vi": f"content/2022/{LONG}.md:5: phần thông tin bài có ký tự tab. Hãy thay bằng "
                 "dấu cách.",
           "en": f"content/2022/{LONG}.md:5: tab character in the front matter; "
                 "use spaces"}[lang]
    assert lines == [heading, tab, date]
    assert not (project / "output").exists()


def test_verbose_build_shows_pelicans_log(project):
    _broken_project(project)
    result = invoke(project, "build", "--verbose")
    assert result.returncode == 1
    assert "Could not process" in result.stdout + result.stderr


def test_a_good_build_of_the_demo_prints_no_warning(tmp_path):
    root = Path(__file__).resolve().parent.parent
    result = invoke(root, "build", "--output", str(tmp_path / "site"), lang="vi")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    checked = invoke(root, "check", lang="vi")
    assert checked.returncode == 0
    assert checked.stdout == "" and checked.stderr == "0 lỗi, 0 cảnh báo\n"
