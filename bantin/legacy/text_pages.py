"""Parse plain-text dumps of legacy portal pages (Liferay, NukeViet, others).

Pure functions: ``parse_text(text) -> LegacyArticle``; raises ``LegacyError``
with a message an editor can act on when the page cannot be understood.
Each non-empty line of a dump is one paragraph of the original page.

A page is refused rather than given a title or date it does not print: a section
name (the category line) is never taken for the headline, and the date must stand
in the header — on the title's line or a date line just under it (the forms are in
``header_rules``). A date found only further down belongs to the text.
"""
import datetime
import re
from dataclasses import dataclass, field

from bantin.core.errors import UserError
from bantin.core.i18n import _
from bantin.core.text import clean_text, fold, remove_unprintable
from bantin.legacy.header_rules import DATE_LINES, date_line, section_label, title_date, views_in


class LegacyError(UserError, ValueError):
    """The legacy page cannot be imported; the message says why."""


class NotAnArticle(LegacyError):
    """The page is not an article (a list, menu, home or search page of the old portal);
    the message says what it is. A mirror holds many: they are skipped, not failed."""


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


LIFERAY_HEADER = dict(DATE_LINES)["liferay"]
NUKEVIET_HEADER = dict(DATE_LINES)["nukeviet"]
# Any date in running text, with the time that follows it closely: only to tell an
# editor where the one date of a page is, or inside an element that holds the date.
ANY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\D{1,12}?(\d{1,2})(?::|h)(\d{2}))?")
GALLERY_MARKER = re.compile(r"^(?:một số |một vài |)(?:hình ảnh|ảnh)\b[^.]{0,80}:\s*$", re.I)
INLINE_PHOTO = re.compile(r"^(?:hình ảnh|ảnh)\s*:\s*(.+)$", re.I)
SOURCE = re.compile(r"^(?:nguồn tin|nguồn|tác giả)\s*:\s*(.+)$", re.I)
# NukeViet furniture that may appear even without a "Nguồn tin" line before it.
FURNITURE = re.compile(r"^(tổng số điểm|click để đánh giá|thống kê truy cập|liên kết$|"
                       r"bạn đã không sử dụng site|từ khóa:|tags?:|chia sẻ|in bài|"
                       r"những tin mới hơn|những tin cũ hơn)", re.I)
# The date line of a Liferay or NukeViet dump comes under the title: at most a category
# and a title of two lines above it. Further down it is a line of the text.
_MAX_ABOVE_DATE = 3
MAX_TITLE = 300  # characters; the front matter refuses longer titles
_CATEGORY_WORDS = 6


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
    shown = f"{day:02d}/{month:02d}/{year}"
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise LegacyError(_("the date {date} is not a valid date; correct it in the saved "
                            "page and import again", date=shown)) from None
    if not 1990 <= year <= 2100:
        raise LegacyError(_("the date {date} is not between 1990 and 2100; correct it in the "
                            "saved page and import again", date=shown))
    if hour is not None and (int(hour) > 23 or int(minute or 0) > 59):
        raise LegacyError(_("the time {hour}:{minute} is not a valid time; correct it in the "
                            "saved page and import again", hour=hour, minute=minute))
    return (year, month, day, int(hour) if hour else None, int(minute) if hour else None)


def date_of(groups):
    """The date tuple of a header rule's groups (``header_rules.date_line``)."""
    return _date_tuple(groups["day"], groups["month"], groups["year"], groups["hour"],
                       groups["minute"])


def _quote(text, size=60):
    """``text`` on one line, cut to ``size`` characters (messages quote it: ``{line!r}``)."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"


def no_headline(reason):
    return LegacyError(_("no headline: {reason}; put the article's title above its date and "
                         "import again, or import the article's own page", reason=reason))


def _around(text, match, before=40, after=20):
    """The words of ``text`` around ``match``, so an editor can find the place."""
    head = text[max(0, match.start() - before):match.start()]
    if match.start() > before:
        head = "…" + head.split(" ", 1)[-1]
    tail = text[match.end():match.end() + after]
    if len(text) > match.end() + after:
        tail = tail.rsplit(" ", 1)[0] + "…"
    return " ".join(f"{head}{match.group()}{tail}".split())


def body_date_error(text):
    """The refusal for a page whose one date is in its text (``text``: where it is)."""
    match = ANY_DATE.search(text)
    where = _around(text, match) if match else text
    return LegacyError(_("no publication date in the page header; the only date is in the "
                         "text ({text!r}); put the date the article was published under its "
                         "title and import again", text=_quote(where, 80)))


def check_title(title):
    """``title``, refused when it is a section name or menu rather than a headline."""
    kind = section_label(title)
    if kind:
        raise no_headline(_("{title!r} is a {kind}, not the article's title",
                            title=_quote(title), kind=_(kind)))
    return title


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


def _header(lines, rule):
    """(index of the date line, its groups) when one of the first lines matches ``rule``."""
    pattern = dict(DATE_LINES)[rule]
    for index, line in enumerate(lines[:_MAX_ABOVE_DATE + 1]):
        match = pattern.match(" ".join(line.split()))
        if match and index >= 1 and sum(map(len, lines[:index])) <= MAX_TITLE + 200:
            return index, match.groupdict()
    return None, None


def parse_liferay(lines):
    """Category line, title, ``Ngày đăng DD/MM/YYYY | HH:MM | Lượt xem: N``, body."""
    index, groups = _header(lines, "liferay")
    if index is None:
        return None
    before = lines[:index]
    if len(before) == 1 and section_label(before[0]):
        raise no_headline(_("the only line above the date line is {line!r}, a section name",
                            line=_quote(before[0])))
    source = next((SOURCE.match(line).group(1).strip() for line in before[1:]
                   if SOURCE.match(line)), None)
    before = [before[0]] + [line for line in before[1:] if not SOURCE.match(line)]
    # Liferay prints the portlet's title (the category) first: with two lines or more
    # above the date, the first is the category even when it is no name we know.
    category = before.pop(0) if len(before) > 1 else None
    title = " ".join(before)
    article = LegacyArticle("liferay-text", check_title(title), date_of(groups),
                            category=category, views=view_count(groups["views"]), source=source)
    return _body(lines[index + 1:], article, title)


def parse_nukeviet(lines):
    """Title, ``Thứ tư - 21/09/2022 12:27 250 0``, lead, body, ``Nguồn tin: …``, furniture."""
    index, groups = _header(lines, "nukeviet")
    if index is None:
        return None
    category = None
    before = lines[:index]
    while before and section_label(before[0]):
        category, before = category or before[0], before[1:]
    if not before:
        raise no_headline(_("above the date line there is only the section {section!r}",
                            section=_quote(category)))
    title = check_title(" ".join(before))
    article = LegacyArticle("nukeviet-text", title, date_of(groups), category=category,
                            views=view_count(groups["views"]))
    rest = lines[index + 1:]
    if rest and fold(rest[0]).rstrip(".") == fold(title).rstrip("."):
        rest = rest[1:]
    if len(rest) > 1:
        article.summary, rest = rest[0], rest[1:]
    return _body(rest, article, title)


def _same_day(one, other):
    return all(int(one[k]) == int(other[k]) for k in ("day", "month", "year"))


def parse_generic(lines, fmt="generic-text"):
    """Title, then its date: on the title's line or the line under it (or under a second
    title or author line). A page whose only date is further down is refused."""
    if not lines:
        raise LegacyError(_("no text found"))
    start, category = 0, None
    while start < min(len(lines), 3) and section_label(lines[start]):
        category, start = category or lines[start], start + 1
    if start == len(lines):
        raise no_headline(_("the page holds only the section name {line!r}",
                            line=_quote(lines[0])))
    first = lines[start]
    if date_line(first, loose=False):
        if start:
            raise no_headline(_("the line above the date, {line!r}, is a section name",
                                line=_quote(lines[start - 1])))
        raise no_headline(_("the page starts with its date line ({line!r})", line=_quote(first)))
    title, source, at = first, None, start
    found = date_line(lines[start + 1]) if start + 1 < len(lines) else None
    if found:
        at = start + 1
    elif start + 2 < len(lines) and len(lines[start + 1]) <= 160:
        # A second line above the date: an author, a title over two lines, or the
        # title under its category.
        found = date_line(lines[start + 2], loose=False)
        if found:
            at, middle = start + 2, lines[start + 1]
            if SOURCE.match(middle):
                source = SOURCE.match(middle).group(1).strip()
            elif category is None and len(first.split()) <= _CATEGORY_WORDS:
                category, title = first, middle
            else:
                title = f"{first} {middle}"
    groups = found[1] if found else None
    in_title = title_date(title)
    if in_title and (not groups or _same_day(in_title[2], groups)):
        title, groups = in_title[1], groups or in_title[2]
    if not groups:
        dated = next((line for line in lines[start:] if ANY_DATE.search(line)), None)
        if dated:
            raise body_date_error(dated)
        raise LegacyError(_("no publication date (DD/MM/YYYY) found near the top of the page"))
    article = LegacyArticle(fmt, check_title(title), date_of(groups), category=category,
                            source=source)
    views = groups["views"] or (views_in(lines[at]) if found else None)
    article.views = view_count(views) if views else None
    return _body(lines[at + 1:], article, title)


def parse_text(text):
    """Parse a plain-text dump, trying Liferay, then NukeViet, then the generic rules.

    Example:
        parse_text("Tin tức\\n\\nTiêu đề\\n16/11/2021 | 14:41\\n\\nThân bài.").date
        == (2021, 11, 16, 14, 41)
    """
    lines = paragraphs(text)
    if not lines:
        raise LegacyError(_("the file is empty"))
    return parse_liferay(lines) or parse_nukeviet(lines) or parse_generic(lines)
