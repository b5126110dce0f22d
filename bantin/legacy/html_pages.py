"""Parse saved HTML pages of legacy portals into a ``LegacyArticle``.

Legacy HTML is untrusted (``html_text`` says what is kept of it). A page too large or
nested too deeply to be an article is refused, so no page can keep the importer busy
for long.

Article pages of NukeViet 4.x and 3.x and of Liferay's asset publisher are read by
``html_portals``; other pages by the generic rules here. The headline is the <h1>
(else og:title, else <title>) unless it is a section name; the date comes from a date
element (<time>, ``[itemprop=datePublished]``, ``article:published_time``), a date line
right under the headline, or the headline's own line. A page whose only date is in
its text is refused. List, menu, home and search pages raise ``NotAnArticle``.
"""
import re

from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup

from bantin.core.i18n import _
from bantin.legacy.header_rules import date_line, section_label, title_date
from bantin.legacy.html_portals import (liferay_portlet_title, parse_liferay,
                                        parse_nukeviet3, parse_nukeviet4, portal_kind)
from bantin.legacy.html_text import (BLOCKS, DROP, LINK_END, LINK_MID, LINK_START,  # noqa: F401
                                     NO_TEXT, depth, find_date, finish, iso_date, meta,
                                     read_meta, sizes, strip, text_of, views, walk)
from bantin.legacy.text_pages import (ANY_DATE, LegacyArticle, LegacyError, NotAnArticle,
                                      body_date_error, check_title, date_of, no_headline)

# html.parser costs ~100 µs a tag and nests every unclosed <p> or <font> in the one
# before; real saved pages have a few thousand tags and nest a few dozen deep.
MAX_TAGS = 20_000
MAX_DEPTH = 400
_TAG_OPEN = re.compile(r"<[A-Za-z]")
# A list or menu page: at least this many links, holding more text than the rest of
# the page, or this many headings that are links (teasers).
MIN_LIST_LINKS = 8
MIN_TEASERS = 3
_TITLE_WORDS = 7  # an article's title, as a link; menu entries are shorter
_HEADER_LINES = 4  # lines under the headline where its date may stand
_SEARCH = re.compile(r"kết quả tìm kiếm|tìm thấy \d+|search results", re.I)


def _page_links(root):
    return [a for a in root.find_all("a", href=True)
            if not str(a["href"]).strip().lower().startswith(("#", "javascript", "mailto"))
            and text_of(a)]


def _headline(soup, found_meta):
    """(the <h1> or None, title): the first candidate that is no section name."""
    h1 = soup.find("h1")
    labels = []
    for el, text, whole in ((h1, text_of(h1), True), (None, meta(found_meta, "og:title"), True),
                            (None, text_of(soup.find("title")), False)):
        text = " ".join((text or "").split())  # one line, as the page shows it
        # <title> carries the portal's name after a dash: "Tin tức - Cổng TTĐT phường".
        name = text if whole else re.split(r"\s+[-–|»]\s+", text or "", maxsplit=1)[0]
        if text and section_label(name):
            labels.append(text)
        elif text:
            return el, text
    if labels:
        raise no_headline(_("the page's only title, {title!r}, is a section name",
                            title=labels[0]))
    raise LegacyError(_("no title found (no <h1>, og:title or <title>)"))


def _date_element(soup):
    """The date of the page's one date element outside links and lists, else None."""
    found = [el for el in soup.find_all("time") + soup.select("[itemprop=datePublished]")
             if not el.find_parent(["a", "li"])]
    if len(found) != 1:  # several: teasers of a list, each with its date
        return None, None
    el = found[0]
    return el, iso_date(el.get("datetime")) or iso_date(text_of(el)) or find_date(text_of(el))


_NOT_BARE = re.compile(rf"{LINK_MID}[^{LINK_END}]*{LINK_END}|{LINK_START}|\s+")


def _bare(line):
    """``line`` without link addresses and spaces: how a headline's line is recognised
    whether its inline parts were read with spaces between them or not."""
    return _NOT_BARE.sub("", line)


def _header_lines(lines, title):
    """The lines around the headline's line in which its date may stand."""
    target, begin, at = _bare(title), None, None
    for start in range(len(lines) if target else 0):
        joined = ""
        # A headline holding an icon or a line break is read as several lines.
        for end in range(start, min(start + 5, len(lines))):
            joined += _bare(lines[end])
            if joined == target:
                begin, at = start, end
            if at is not None or not target.startswith(joined):
                break
        if at is not None:
            break
    if at is None:
        return [], []
    above = lines[begin - 1:begin] if begin else []
    below = []
    for line in lines[at + 1:at + 1 + _HEADER_LINES]:
        if LINK_START in line or line.startswith("- "):
            break  # a teaser or list: the header is over
        below.append(line)
        if len(line) > 160:
            break  # a paragraph of the text
    return above, below


def dated_headline(soup, found_meta):
    """(h1, title, date, views, date line, time element) of a generic page, or LegacyError."""
    h1, title = _headline(soup, found_meta)
    lines = []
    walk(soup.body or soup, lines, [])
    # The header is where the headline is printed; an og:title standing in for an <h1>
    # that is a section name is printed nowhere, and the <h1> marks the place.
    above, below = _header_lines(lines, title)
    if not (above or below) and h1 is None and soup.find("h1") is not None:
        above, below = _header_lines(lines, " ".join(text_of(soup.find("h1")).split()))
    time_el, date = _date_element(soup)
    date = date or iso_date(meta(found_meta, "article:published_time"))
    line = None
    for candidate in below + [above_line for above_line in above
                              if date_line(above_line, loose=False)]:
        found = date_line(candidate)
        if found:
            line, date = candidate, date or date_of(found[1])
            break
    in_title = title_date(title)
    day = tuple(int(in_title[2][k]) for k in ("year", "month", "day")) if in_title else None
    if in_title and (not date or date[:3] == day):
        title, date = in_title[1], date or date_of(in_title[2])
    if not date:
        text = text_of(soup.body or soup)
        if ANY_DATE.search(text):
            raise body_date_error(text)
        raise LegacyError(_("no publication date (DD/MM/YYYY) found in the page; save the "
                            "article's own page again (with its date under the title) and "
                            "import that"))
    counted = views(*([line] if line else []), *below)
    return h1, check_title(title), date, counted, line, time_el


def not_an_article(soup, found_meta):
    """Raise ``NotAnArticle`` when a page of no known portal is a list, menu or search page:
    many links, little text of its own, and no dated headline."""
    root = soup.body or soup
    links = _page_links(root)
    teasers = [a for a in links if a.find_parent(["h2", "h3", "h4"])]
    link_chars = sum(len(text_of(a)) for a in links)
    own_chars = len(text_of(root)) - link_chars
    titles = [a for a in links if len(text_of(a).split()) >= _TITLE_WORDS]
    search = _SEARCH.search(text_of(root)) and len(titles) >= 2
    if not search and len(teasers) < MIN_TEASERS and (len(links) < MIN_LIST_LINKS
                                                      or own_chars >= link_chars):
        return
    try:
        dated_headline(soup, found_meta)
        return  # a dated headline: an article with many links around it
    except LegacyError:
        pass
    if search:
        raise NotAnArticle(_("a search page ({count} results, no article body)",
                             count=len(titles)))
    if len(teasers) >= MIN_TEASERS or len(titles) >= MIN_LIST_LINKS:
        raise NotAnArticle(_("a list of articles ({count} links to articles, no article body)",
                             count=max(len(teasers), len(titles))))
    raise NotAnArticle(_("a menu or home page ({count} links, almost no text of its own)",
                         count=len(links)))


def parse_generic_html(soup, found_meta=None):
    found_meta = found_meta or {}
    h1, title, date, counted, line, time_el = dated_headline(soup, found_meta)
    body = soup.find("article") or soup.find("main") or _largest_text_block(soup)
    if body is None:
        raise LegacyError(_(NO_TEXT))
    for el in (h1, time_el):
        if el is not None and (el is h1 or len(text_of(el)) < 100):
            el.decompose()  # a date element is furniture unless it wraps text
    article = LegacyArticle("generic-html", title, date, views=counted,
                            category=meta(found_meta, "article:section"))
    return finish(article, body, [], meta(found_meta, "description"),
                  drop=[line] if line else [])


def _largest_text_block(soup):
    """The element whose own paragraphs hold the most text."""
    best, best_len = None, 0
    found = sizes(soup)
    for div in soup.find_all(["div", "section", "td", "body"]):
        length = sum(found.get(id(p), (0, 0))[0] for p in div.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = div, length
    return best


MAX_OPEN_AT_END = 50


def parse_html(text):
    """Parse a saved HTML page; ``NotAnArticle`` when it is a list, menu, home or search
    page, ``LegacyError`` when it is an article that cannot be read.

    Example:
        parse_html('<div class="news_column"><h1>Tin</h1><span class="h5">Thứ hai - '
                   '06/06/2022 08:00</span><div id="news-bodyhtml"><p>Nội dung.</p></div>'
                   '</div>').date == (2022, 6, 6, 8, 0)
    """
    tags = len(_TAG_OPEN.findall(text))
    if tags > MAX_TAGS:
        raise LegacyError(_("the page has {tags} HTML tags; a saved article page has far "
                            "fewer (at most {limit} are read)", tags=tags, limit=MAX_TAGS))
    # Python's html.parser (before 3.12.11/3.13.4) is quadratic on tags left open at the
    # end of the file (CVE-2025-6069): 20,000 of them hold it for many minutes.
    if len(_TAG_OPEN.findall(text[text.rfind(">") + 1:])) > MAX_OPEN_AT_END:
        raise LegacyError(_("the page ends inside unclosed tags ('<' without '>'); open it "
                            "in a browser, save it again and import that"))
    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as exc:
        reason = " ".join(str(exc).split("from parser:", 1)[-1].split(": ", 1)[-1].split())
        raise LegacyError(_("the HTML cannot be read ({reason}); open it in a browser, save "
                            "it again and import that", reason=reason[:80])) from None
    if soup.body is None and not soup.find(["p", "div", "article", "h1"]):
        raise LegacyError(_("the HTML has no body"))
    if depth(soup, MAX_DEPTH) > MAX_DEPTH:
        raise LegacyError(_("the HTML is nested over {depth} tags deep (unclosed tags?); "
                            "open it in a browser, save it again and import that",
                            depth=MAX_DEPTH))
    found_meta, portlet_title = read_meta(soup), liferay_portlet_title(soup)
    strip(soup)
    try:
        kind = portal_kind(soup)
        if kind == "nukeviet4":
            return parse_nukeviet4(soup, found_meta)
        if kind == "nukeviet3":
            return parse_nukeviet3(soup, found_meta)
        if kind == "liferay":
            return parse_liferay(soup, found_meta, portlet_title)
        not_an_article(soup, found_meta)
        return parse_generic_html(soup, found_meta)
    except RecursionError:
        raise LegacyError(_("the HTML is nested too deeply to read")) from None
