"""The forms in which legacy portals print an article's date, view count and section.

Each family of rules is a table of ``(name, compiled pattern)``: the name says which
form matched, and a test feeds every row real lines. The parsers ask these functions
and decide; nothing here raises or validates a date (``text_pages._date_tuple`` does).

A *date line* is a header line that is only a date (with a label, weekday, time or
view count around it): ``Ngày đăng 03/06/2022 | 10:32 | Lượt xem: 1.451``. A body
sentence that holds a date ("Sáng ngày 03/6/2022, phường tổ chức…") is not one: a
page whose only date is such a sentence has no publication date we may take.
"""
import re

from bantin.core.i18n import N_
from bantin.core.text import name_key

_DATE = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
# "08:15", "8h15", "8 giờ 15"; seconds, when printed, are dropped.
_TIME = r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{2})(?::\d{2})?(?:\s*phút)?"
# "1451", "1.451", "1,451": the separator portals print between thousands.
_VIEWS = r"(?P<views>\d{1,3}(?:[.,]\d{3})+|\d+)"
_VIEWS_WORD = r"(?:lượt\s+xem|lượt\s+đọc|số\s+lần\s+xem|đã\s+xem|xem)"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật)"
_LABEL = (r"(?:ngày\s+đăng|ngày\s+xuất\s+bản|ngày\s+cập\s+nhật|cập\s+nhật(?:\s+lúc)?|"
          r"đăng\s+ngày|đăng\s+lúc|đăng\s+tải|xuất\s+bản|thời\s+gian(?:\s+đăng)?|đăng|ngày)")
_SEP = r"\s*[-–|,·•]?\s*"
_F = re.I

# Whole lines. Group names: day, month, year, hour, minute, views.
DATE_LINES = [
    # The ward portals' Liferay journal template (the four seed dumps).
    ("liferay", re.compile(rf"^(?:ngày\s+đăng\s*:?\s*)?{_DATE}\s*(?:\|\s*{_TIME}\s*)?"
                           rf"(?:\|\s*lượt\s+xem\s*:?\s*{_VIEWS})?\s*$", _F)),
    # NukeViet's detail view: "Thứ tư - 21/09/2022 12:27", then hits and comments.
    ("nukeviet", re.compile(rf"^{_WEEKDAY}\s*[-,]\s*(?:ngày\s+)?{_DATE}\s*[-,]?\s*{_TIME}"
                            rf"(?:\s+{_VIEWS}(?:\s+\d+)?)?\s*$", _F)),
    ("label, date, time", re.compile(
        rf"^(?:{_LABEL}\s*:?\s*)?(?:{_WEEKDAY}\s*[-,]?\s*(?:ngày\s+)?)?{_DATE}"
        rf"(?:{_SEP}(?:lúc\s*)?{_TIME})?(?:{_SEP}{_VIEWS_WORD}\s*:?\s*{_VIEWS})?\s*$", _F)),
    ("time before date", re.compile(
        rf"^(?:{_LABEL}\s*:?\s*)?(?:lúc\s*)?{_TIME}\s*,?\s*(?:ngày\s+)?{_DATE}"
        rf"(?:{_SEP}{_VIEWS_WORD}\s*:?\s*{_VIEWS})?\s*$", _F)),
    ("views before date", re.compile(
        rf"^{_VIEWS_WORD}\s*:?\s*{_VIEWS}{_SEP}(?:{_LABEL}\s*:?\s*)?{_DATE}"
        rf"(?:{_SEP}(?:lúc\s*)?{_TIME})?\s*$", _F)),
    # Liferay's stock metadata: "03/06/2022 10:32 | 115 Lượt xem".
    ("count then views word", re.compile(
        rf"^(?:{_LABEL}\s*:?\s*)?{_DATE}(?:{_SEP}{_TIME})?{_SEP}{_VIEWS}\s*"
        rf"(?:lượt\s+xem|lượt\s+đọc)\s*$", _F)),
]

# A date printed after the title on the title's own line. Group "title" is the rest.
TITLE_DATES = [
    ("in parentheses", re.compile(
        rf"^(?P<title>.+?)\s*\(\s*(?:{_LABEL}\s*:?\s*)?{_DATE}(?:{_SEP}(?:lúc\s*)?{_TIME})?"
        r"\s*\)\s*$", _F)),
    ("in brackets", re.compile(
        rf"^(?P<title>.+?)\s*\[\s*(?:{_LABEL}\s*:?\s*)?{_DATE}(?:{_SEP}(?:lúc\s*)?{_TIME})?"
        r"\s*\]\s*$", _F)),
    ("after a dash", re.compile(
        rf"^(?P<title>.+?)\s+[-–—|]\s+(?:{_LABEL}\s*:?\s*)?{_DATE}"
        rf"(?:{_SEP}(?:lúc\s*)?{_TIME})?\s*$", _F)),
]

VIEW_COUNTS = [
    ("views word then count", re.compile(
        rf"(?:lượt\s+xem|lượt\s+đọc|số\s+lần\s+xem|đã\s+xem|\bxem\s*:)\s*:?\s*{_VIEWS}"
        r"(?![\d.,]*\s*/)(?!\d)", _F)),  # not the day of a date that follows
    ("count then views word", re.compile(rf"(?<![\d/.,]){_VIEWS}\s*(?:lượt\s+xem|lượt\s+đọc)",
                                         _F)),
]

# Section and menu names that stand above an article on legacy portals: a line that is
# one of these is where the article was filed, never its headline.
SECTION_NAMES = (
    "tin tức", "tin tức - sự kiện", "tin tức sự kiện", "tin tức và sự kiện", "sự kiện",
    "tin hoạt động", "hoạt động", "tin địa phương", "tin trong nước", "tin nổi bật", "tin mới",
    "tin mới nhất", "tin tổng hợp", "tin ảnh", "tin video", "thông báo", "thông báo mới",
    "văn bản", "văn bản mới", "văn bản pháp luật", "văn bản chỉ đạo điều hành", "giới thiệu",
    "liên hệ", "liên kết", "liên kết website", "trang chủ", "trang nhất", "chuyên mục",
    "bài viết chuyên sâu", "công tác đảng", "xây dựng đảng", "công tác dân vận",
    "công tác mặt trận", "hoạt động khối chính quyền", "hoạt động khối đảng",
    "hoạt động khối đoàn thể", "hoạt động của hđnd", "hoạt động của ubnd",
    "kinh tế - xã hội", "kinh tế", "văn hóa - xã hội", "văn hóa", "xã hội",
    "an ninh - quốc phòng", "quốc phòng - an ninh", "an ninh trật tự", "thủ tục hành chính",
    "cải cách hành chính", "lịch công tác", "hỏi đáp", "tuyên truyền", "thư viện ảnh",
    "video", "chuyển đổi số", "sơ đồ cổng", "sơ đồ trang")
_SECTION = "|".join(re.escape(name) for name in SECTION_NAMES)
# The names are shown to editors ("… is a section name"): marked for the catalog.
SECTION_LABELS = [
    (N_("section name"), re.compile(rf"^(?:{_SECTION})$")),
    (N_("breadcrumb"), re.compile(rf"^(?:trang chủ|trang nhất|home)\s*[»›>/-].*$|"
                                  rf"^(?:{_SECTION})(?:\s*[»›>]\s*(?:{_SECTION}))+$")),
    (N_("menu"), re.compile(rf"^(?:{_SECTION})(?:\s*[|•·]\s*(?:{_SECTION})){{2,}}$")),
]

ANY_DATE = re.compile(rf"{_DATE}")
_TIME_AFTER = re.compile(_TIME, _F)
# What a short date line holds besides its date: labels, time, views, numbers, signs.
_FURNITURE = re.compile(rf"{_TIME}|{_VIEWS_WORD}|{_WEEKDAY}|{_LABEL}|\d+|lúc|[^\w\s]", _F)
_WORDS_AROUND = 3  # words a short date line may hold besides the date ("Hà Nội, …")


def _groups(match):
    found = match.groupdict()
    return {k: found.get(k) for k in ("day", "month", "year", "hour", "minute", "views")}


def date_line(line, loose=True):
    """``(rule name, groups)`` when ``line`` is a header line holding only a date, else None.

    Groups: day, month, year, hour, minute, views (strings or None). Beyond the
    table, and unless not ``loose``, a short line whose date is nearly all it says
    ("Hà Nội, 12/03/2023") is one too: right under a title, that is its date.
    Example: date_line("Cập nhật: 12/03/2023 08:15")[1]["hour"] == "08"
    """
    line = " ".join((line or "").split())
    if len(line) > 160:  # a paragraph, not a header line
        return None
    for name, pattern in DATE_LINES:
        match = pattern.match(line)
        if match:
            return name, _groups(match)
    match = ANY_DATE.search(line) if loose else None
    if match and len(ANY_DATE.findall(line)) == 1 and len(line) <= 80 \
            and not line.rstrip().endswith((".", "?", "!", ";")):
        rest = _FURNITURE.sub(" ", ANY_DATE.sub(" ", line))
        if len(rest.split()) <= _WORDS_AROUND:
            groups = {k: None for k in ("hour", "minute", "views")}
            groups.update(match.groupdict())
            time = _TIME_AFTER.search(line[match.end():])
            if time:
                groups.update(time.groupdict())
            return "short line with a date", groups
    return None


def title_date(line):
    """``(rule name, title without the date, groups)`` for a title line that ends with its
    date, else None.

    Example: title_date("Họp dân (12/03/2023)")[1] == "Họp dân"
    """
    line = " ".join((line or "").split())
    if len(line) > 400:  # titles are shorter; the patterns backtrack on long lines
        return None
    for name, pattern in TITLE_DATES:
        match = pattern.match(line)
        if match:
            title = match.group("title").strip(" -–—|:,")
            if re.search(r"\w", title):
                return name, title, _groups(match)
    return None


def views_in(text):
    """The view count written in ``text`` as a string of digits and separators, or None.

    Example: views_in("Ngày đăng 03/06/2022 | Lượt xem: 1.451") == "1.451"
    """
    for _name, pattern in VIEW_COUNTS:
        match = pattern.search(text or "")
        if match:
            return match.group("views")
    return None


def section_label(line):
    """The rule name when ``line`` is a section, breadcrumb or menu label, else None.

    Example: section_label("TIN TỨC – SỰ KIỆN") == "section name"
    """
    key = name_key(line or "").strip(" .:")
    for name, pattern in SECTION_LABELS:
        if pattern.match(key):
            return name
    return None
