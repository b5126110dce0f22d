"""Parse saved HTML pages of legacy portals into a ``LegacyArticle``.

Legacy HTML is untrusted: nothing of its markup survives. We keep text,
http(s) links (as Markdown links) and photos (as gallery entries); scripts,
styles, frames, objects, event handlers, ``javascript:``/``data:`` URLs and
tracking pixels are dropped before anything is read, and so are control
characters, whether typed or written as character references (``&#1;``). A page
too large or nested too deeply to be an article is refused, so no page can keep
the importer busy for long.

NukeViet's news detail view (themes/default/modules/news/detail.tpl) puts the
title in ``.news_column h1``, the time in ``span.h5`` ("Thứ tư - 21/09/2022
12:27"), the lead in ``.hometext``, a cover ``figure.article`` with an
``img`` and ``figcaption``, the body in ``#news-bodyhtml`` and "Nguồn tin:" /
"Tác giả:" in ``p.h5.text-right``. Other pages go through generic rules.
"""
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.exceptions import ParserRejectedMarkup

from bantin.legacy.text_pages import (ANY_DATE, LegacyArticle, LegacyError, _body,
                                _date_tuple, clean_text, view_count)
from bantin.core.text import UNPRINTABLE, remove_unprintable

DROP = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "noscript", "form", "input", "button", "select", "textarea", "svg", "math",
        "template", "link", "meta", "base", "audio", "video", "canvas", "nav", "header",
        "footer", "aside")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
          "td", "th", "caption")
_SAFE_URL = re.compile(r"^https?://", re.I)
LINK_START, LINK_MID, LINK_END = "\u0000", "\u0001", "\u0002"
_TRACKER = re.compile(r"(pixel|track|beacon|analytics|counter|stat)", re.I)
# html.parser costs ~100 µs a tag and nests every unclosed <p> or <font> in the one
# before; real saved pages have a few thousand tags and nest a few dozen deep.
MAX_TAGS = 20_000
MAX_DEPTH = 400
_TAG_OPEN = re.compile(r"<[A-Za-z]")
_INNER_BLOCKS = ("img", "p", "div", "figure")


def _meta(soup, *names):
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return tag["content"].strip()
    return None


def _text(el):
    return clean_text(el.get_text(" ", strip=True)) if el else ""


def _link(node):
    label = " ".join(node.get_text(" ", strip=True).split())
    href = (node.get("href") or "").strip()
    # Markers survive cleaning; the importer makes them Markdown links.
    return f"{LINK_START}{label}{LINK_MID}{href}{LINK_END}" if label and _SAFE_URL.match(href) \
        else label


def _inline_node(node):
    """Raw inline text of one node; http(s) links become link markers."""
    parts, stack = [], [node]
    while stack:  # not recursive: unclosed inline tags nest hundreds deep
        item = stack.pop()
        if isinstance(item, NavigableString):
            parts.append("" if isinstance(item, Comment) else str(item))
        elif item.name == "br":
            parts.append(" ")
        elif item.name == "a":
            parts.append(_link(item))
        elif item.name != "img":
            stack.extend(reversed(item.contents))
    return "".join(parts)


def _inline(el):
    """Text of an element with its http(s) links kept; no other markup."""
    return clean_text(" ".join(_inline_node(el).split()))


def _is_pixel(img):
    def small(attr):
        value = re.sub(r"\D", "", str(img.get(attr, "")))
        return value != "" and len(value) < 4 and int(value) <= 3
    return (small("width") and small("height")) or bool(_TRACKER.search(img.get("src", "")))


def _image(img, caption=""):
    src = (img.get("src") or "").strip()
    if not src or not re.match(r"^(https?://|[\w./%-])", src, re.I) or \
            src.lower().startswith(("javascript:", "data:", "vbscript:")) or _is_pixel(img):
        return None
    caption = caption or clean_text(img.get("alt") or img.get("title") or "").strip()
    return {"src": src, "caption": caption}


def _holders(el):
    """Ids of the elements under ``el`` holding blocks, and holding blocks or tables.

    Asking each element instead (``find``) costs the depth of the page times its size.
    """
    blocks, tables = set(), set()
    for inner in el.find_all(_INNER_BLOCKS + ("table",)):
        for found in ((tables,) if inner.name == "table" else (blocks, tables)):
            for parent in inner.parents:
                if parent is el or id(parent) in found:
                    break
                found.add(id(parent))
    return blocks, tables


def _walk(el, lines, images, holds=None):
    """Collect paragraphs (as text lines) and images of ``el`` in document order."""
    holds = holds or _holders(el)
    loose = []

    def flush():
        text = clean_text(" ".join("".join(loose).split()))
        if text:
            lines.append(text)
        loose.clear()

    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "a" or child.name in ("span", "strong", "b", "em", "i", "u", "font",
                                               "small", "sup", "sub"):
            if id(child) in holds[0]:
                flush()
                _walk(child, lines, images, holds)
            else:
                loose.append(_inline_node(child))
            continue
        flush()
        if child.name == "img":
            image = _image(child)
            if image:
                images.append(image)
        elif child.name == "figure":
            caption = _text(child.find("figcaption"))
            for img in child.find_all("img"):
                image = _image(img, caption)
                if image:
                    images.append(image)
                    caption = ""
        elif child.name in BLOCKS and id(child) not in holds[1]:
            text = _inline(child)
            if text:
                lines.append(("- " + text) if child.name == "li" else text)
        elif child.name == "br":
            continue
        else:
            _walk(child, lines, images, holds)
    flush()


def _strip(soup):
    for tag in soup.find_all(DROP):
        tag.decompose()
    comments, unprintable = [], []
    for node in soup.descendants:
        if isinstance(node, Tag):
            # Character references such as "&#1;" decode to control characters, and the
            # link markers are control characters: none may come from the page itself.
            for name, value in node.attrs.items():
                if isinstance(value, str) and UNPRINTABLE.search(value):
                    node.attrs[name] = remove_unprintable(value)
        elif isinstance(node, Comment):
            comments.append(node)
        elif UNPRINTABLE.search(node):
            unprintable.append(node)
    for comment in comments:
        comment.extract()
    for string in unprintable:
        string.replace_with(remove_unprintable(string))


def _depth(soup):
    deepest, stack = 0, [(soup, 0)]
    while stack and deepest <= MAX_DEPTH:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tag))
    return deepest


def _find_date(*texts):
    for text in texts:
        match = ANY_DATE.search(text or "")
        if match:
            return _date_tuple(*match.groups())
    return None


def _iso_date(value):
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", value or "")
    if match:
        year, month, day, hour, minute = match.groups()
        return _date_tuple(day, month, year, hour, minute)
    return None


def _views(text):
    match = re.search(r"(?:lượt xem|lượt đọc|số lần xem)\s*:?\s*([\d.,]+)", text, re.I)
    return view_count(match.group(1)) if match else None


def _finish(article, body_el, images, lead=None):
    lines = []
    if body_el is not None:
        _walk(body_el, lines, images)
    # Markdown link markers survive _body as text; importer turns them into links.
    article = _body(lines, article, article.title)
    if not article.blocks and not article.gallery:
        raise LegacyError("no article text found in the page")
    article.summary = lead or article.summary
    article.gallery = [{"caption": i["caption"] or article.title, "file": "", "src": i["src"]}
                       for i in images] + article.gallery
    return article


def parse_nukeviet_html(soup):
    column = soup.select_one(".news_column") or soup
    title = _text(column.find("h1"))
    if not title:
        raise LegacyError("no title (<h1>) found in the NukeViet page")
    when = column.select_one("span.h5") or column.find(class_="time")
    date = _find_date(_text(when)) or _iso_date(_meta(soup, "article:published_time")) \
        or _find_date(_text(column))
    if not date:
        raise LegacyError("no publication date found in the NukeViet page")
    article = LegacyArticle("nukeviet-html", title, date, views=_views(_text(column)))
    crumbs = [li for box in soup.select(".breadcrumbs, .breadcrumb") for li in box.find_all("li")]
    article.category = _text(crumbs[-1]) if crumbs else _meta(soup, "article:section")
    for line in column.select("p.h5, p.text-right"):
        text = _text(line)
        label, _, value = text.partition(":")
        if label.strip().lower() in ("nguồn tin", "nguồn") and value.strip():
            article.source = value.strip()
        elif label.strip().lower() == "tác giả" and value.strip() and not article.source:
            article.source = value.strip()
    images = []
    for figure in column.select("figure.article"):
        caption = _text(figure.find("figcaption"))
        img = figure.find("img")
        image = _image(img, caption) if img else None
        if image:
            images.append(image)
    lead = _text(column.select_one(".hometext")) or None
    return _finish(article, soup.select_one("#news-bodyhtml"), images, lead)


def parse_generic_html(soup):
    title_el = soup.find("h1")
    title = _text(title_el) or _meta(soup, "og:title") or _text(soup.find("title"))
    if not title:
        raise LegacyError("no title found (no <h1>, og:title or <title>)")
    time_el = soup.find("time")
    date = (_iso_date(time_el.get("datetime")) if time_el else None) \
        or _iso_date(_meta(soup, "article:published_time")) \
        or _find_date(_text(time_el) if time_el else "", _text(soup.body or soup))
    if not date:
        raise LegacyError("no publication date (DD/MM/YYYY) found in the page")
    body = soup.find("article") or soup.find("main") or _largest_text_block(soup)
    if body is None:
        raise LegacyError("no article text found in the page")
    if title_el is not None:
        title_el.decompose()
    if time_el is not None:
        time_el.decompose()
    sizes = _sizes(body)
    for line in body.find_all(["p", "div", "span"]):
        # The short "Cập nhật: 28/03/2024 16:05 | Lượt xem: 42" line is metadata, not text.
        chars, tags = sizes.get(id(line), (0, 0))
        if chars > 1000 or tags > 20:
            continue
        text = _text(line)
        if len(text) < 100 and ANY_DATE.search(text) and not line.find(["p", "div"]):
            line.decompose()
            break
    article = LegacyArticle("generic-html", clean_text(title), date,
                            views=_views(_text(soup.body or soup)),
                            category=_meta(soup, "article:section"))
    return _finish(article, body, [], _meta(soup, "description"))


def _sizes(el):
    """{id(element): (characters of text, tags)} under ``el``, in one pass: measuring
    each element on its own costs the depth of the page times its size."""
    sizes = {}
    for node in reversed(list(el.descendants)):  # children before their parents
        is_tag = isinstance(node, Tag)
        chars, tags = sizes.get(id(node), (0, 0)) if is_tag else (len(node), 0)
        above = sizes.get(id(node.parent), (0, 0))
        sizes[id(node.parent)] = (above[0] + chars, above[1] + tags + is_tag)
    return sizes


def _largest_text_block(soup):
    best, best_len = None, 0
    sizes = _sizes(soup)
    for div in soup.find_all(["div", "section", "td", "body"]):
        length = sum(sizes.get(id(p), (0, 0))[0] for p in div.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = div, length
    return best


MAX_OPEN_AT_END = 50


def parse_html(text):
    """Parse a saved HTML page.

    Example:
        parse_html('<div class="news_column"><h1>Tin</h1><span class="h5">Thứ hai - '
                   '06/06/2022 08:00</span><div id="news-bodyhtml"><p>Nội dung.</p></div>'
                   '</div>').date == (2022, 6, 6, 8, 0)
    """
    tags = len(_TAG_OPEN.findall(text))
    if tags > MAX_TAGS:
        raise LegacyError(f"the page has {tags} HTML tags; a saved article page has far "
                          f"fewer (at most {MAX_TAGS} are read)")
    # Python's html.parser (before 3.12.11/3.13.4) is quadratic on tags left open at the
    # end of the file (CVE-2025-6069): 20,000 of them hold it for many minutes.
    if len(_TAG_OPEN.findall(text[text.rfind(">") + 1:])) > MAX_OPEN_AT_END:
        raise LegacyError("the page ends inside unclosed tags ('<' without '>'); open it in "
                          "a browser, save it again and import that")
    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as exc:
        reason = " ".join(str(exc).split("from parser:", 1)[-1].split(": ", 1)[-1].split())
        raise LegacyError(f"the HTML cannot be read ({reason[:80]}); open it in a browser, "
                          "save it again and import that") from None
    if soup.body is None and not soup.find(["p", "div", "article", "h1"]):
        raise LegacyError("the HTML has no body")
    if _depth(soup) > MAX_DEPTH:
        raise LegacyError(f"the HTML is nested over {MAX_DEPTH} tags deep (unclosed tags?); "
                          "open it in a browser, save it again and import that")
    _strip(soup)
    try:
        if soup.select_one("#news-bodyhtml") or soup.select_one(".news_column"):
            return parse_nukeviet_html(soup)
        return parse_generic_html(soup)
    except RecursionError:
        raise LegacyError("the HTML is nested too deeply to read") from None
