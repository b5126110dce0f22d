"""Parse plain-text dumps of legacy portal pages (Liferay, NukeViet, others).

Pure functions: ``parse_text(text) -> LegacyArticle``; raises ``LegacyError``
with a message an editor can act on when the page cannot be understood.
Each non-empty line of a dump is one paragraph of the original page.
"""
import re
from dataclasses import dataclass, field

from bantin.core.errors import UserError
from bantin.core.text import clean_text, fold, remove_unprintable


class LegacyError(UserError, ValueError):
    """The legacy page cannot be imported; the message says why."""


class NotAnArticle(LegacyError):
    """The page is not an article (a list, a menu, a home page): skipped, not failed."""


@dataclass
class LegacyArticle:
    """What we recover from one legacy page."""

    format: str
    title: str
    date: tuple  # (year, month, day, hour, minute) with hour None when no time
    category: str | None = None
    views: int | None = None
    source: str | None = None
    summary: str | None = None
    blocks: list = field(default_factory=list)  # ("p", text) | ("li", text) | ("figure", caption, file)
    gallery: list = field(default_factory=list)  # {"caption": …, "file": …}


_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_TIME = r"(\d{1,2}):(\d{2})"
LIFERAY_HEADER = re.compile(
    rf"^(?:Ngày đăng\s*:?\s*)?{_DATE}\s*(?:\|\s*{_TIME}\s*)?(?:\|\s*Lượt xem\s*:?\s*(\d+))?\s*$",
    re.I)
NUKEVIET_HEADER = re.compile(
    rf"^(?:Thứ\s+\S+|Chủ\s+nhật)\s*-\s*{_DATE}\s+{_TIME}(?:\s+(\d+)(?:\s+(\d+))?)?\s*$", re.I)
ANY_DATE = re.compile(rf"{_DATE}(?:\D{{1,12}}?{_TIME})?")
GALLERY_MARKER = re.compile(r"^(?:một số |một vài |)(?:hình ảnh|ảnh)\b[^.]{0,80}:\s*$", re.I)
INLINE_PHOTO = re.compile(r"^(?:hình ảnh|ảnh)\s*:\s*(.+)$", re.I)
SOURCE = re.compile(r"^(?:nguồn tin|nguồn|tác giả)\s*:\s*(.+)$", re.I)
# NukeViet furniture that may appear even without a "Nguồn tin" line before it.
FURNITURE = re.compile(r"^(tổng số điểm|click để đánh giá|thống kê truy cập|liên kết$|"
                       r"bạn đã không sử dụng site|từ khóa:|tags?:|chia sẻ|in bài|"
                       r"những tin mới hơn|những tin cũ hơn)", re.I)
_MAX_HEADER_LINES = 8
def paragraphs(text):
    """Cleaned non-empty lines of ``text`` (NFC, plain spaces, no control characters)."""
    return [line for line in clean_text(remove_unprintable(text)).split("\n") if line.strip()]


def view_count(text):
    """The view count in ``text`` ("1.451"), or None when there is none or it is not one.

    Example: view_count("1.451") == 1451
    """
    digits = re.sub(r"\D", "", text or "")
    return int(digits) if 0 < len(digits) <= 12 else None


def _date_tuple(day, month, year, hour=None, minute=None):
    year, month, day = int(year), int(month), int(day)
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        raise LegacyError(f"the date {day:02d}/{month:02d}/{year} is not a valid date")
    return (year, month, day, int(hour) if hour else None, int(minute) if minute else None)


def _body(lines, article, title):
    """Turn body paragraphs into blocks, gallery, source; drop page furniture."""
    in_gallery = False
    if lines and fold(lines[0]).rstrip(".") == fold(title).rstrip("."):
        lines = lines[1:]  # the title repeated as the first body line
    previous = None
    for line in lines:
        source = SOURCE.match(line)
        if source:
            article.source = source.group(1).strip()
            break
        if FURNITURE.match(line):
            break
        if GALLERY_MARKER.match(line) and not INLINE_PHOTO.match(line):
            in_gallery = True
            continue
        if in_gallery:
            # A caption wrapped over two paragraphs: the second starts in lower case.
            if article.gallery and line[:1].islower():
                article.gallery[-1]["caption"] += " " + line
            else:
                article.gallery.append({"caption": line, "file": ""})
            continue
        photo = INLINE_PHOTO.match(line)
        if photo:
            article.blocks.append(("figure", photo.group(1).strip(), ""))
        elif line == previous:
            # A caption printed twice (alt text, then caption) is one photo.
            article.blocks[-1] = ("figure", line, "")
        elif re.match(r"^[-–•]\s+", line):
            article.blocks.append(("li", re.sub(r"^[-–•]\s+", "", line)))
        else:
            article.blocks.append(("p", line))
        previous = line
    return article


def parse_liferay(lines):
    """Category line, title, ``Ngày đăng DD/MM/YYYY | HH:MM | Lượt xem: N``, body."""
    for index, line in enumerate(lines[:_MAX_HEADER_LINES]):
        match = LIFERAY_HEADER.match(line)
        if match and index >= 1:
            day, month, year, hour, minute, views = match.groups()
            before = lines[:index]
            category = before[0] if len(before) > 1 else None
            title = " ".join(before[1:] if len(before) > 1 else before)
            article = LegacyArticle(
                "liferay-text", title, _date_tuple(day, month, year, hour, minute),
                category=category, views=view_count(views))
            return _body(lines[index + 1:], article, title)
    return None


def parse_nukeviet(lines):
    """Title, ``Thứ tư - 21/09/2022 12:27 250 0``, lead, body, ``Nguồn tin: …``, furniture."""
    for index, line in enumerate(lines[:_MAX_HEADER_LINES]):
        match = NUKEVIET_HEADER.match(line)
        if match and index >= 1:
            day, month, year, hour, minute, views, _comments = match.groups()
            title = " ".join(lines[:index])
            article = LegacyArticle(
                "nukeviet-text", title, _date_tuple(day, month, year, hour, minute),
                views=view_count(views))
            rest = lines[index + 1:]
            if rest and fold(rest[0]).rstrip(".") == fold(title).rstrip("."):
                rest = rest[1:]
            if len(rest) > 1:
                article.summary, rest = rest[0], rest[1:]
            return _body(rest, article, title)
    return None


def parse_generic(lines, fmt="generic-text"):
    """Title = first line; date (and time) = first date found near the top."""
    if not lines:
        raise LegacyError("no text found")
    for index, line in enumerate(lines[:_MAX_HEADER_LINES + 4]):
        match = ANY_DATE.search(line)
        if match:
            title = lines[0] if index > 0 else None
            if not title:
                raise LegacyError("no title found before the date line")
            day, month, year, hour, minute = match.groups()
            article = LegacyArticle(fmt, title, _date_tuple(day, month, year, hour, minute))
            views = re.search(r"(?:lượt xem|lượt đọc|xem)\s*:?\s*(\d+)", line, re.I)
            article.views = view_count(views.group(1)) if views else None
            return _body(lines[index + 1:], article, title)
    raise LegacyError("no publication date (DD/MM/YYYY) found near the top of the page")


def parse_text(text):
    """Parse a plain-text dump, trying Liferay, then NukeViet, then the generic rules.

    Example:
        parse_text("Tin tức\\n\\nTiêu đề\\n16/11/2021 | 14:41\\n\\nThân bài.").date
        == (2021, 11, 16, 14, 41)
    """
    lines = paragraphs(text)
    if not lines:
        raise LegacyError("the file is empty")
    return parse_liferay(lines) or parse_nukeviet(lines) or parse_generic(lines)
