"""Parse saved HTML pages of legacy portals into a ``LegacyArticle``.

Legacy HTML is untrusted: nothing of its markup survives. We keep text,
http(s) links (as Markdown links) and photos (as gallery entries); scripts,
styles, frames, objects, event handlers, ``javascript:``/``data:`` URLs and
tracking pixels are dropped before anything is read.

NukeViet's news detail view (themes/default/modules/news/detail.tpl) puts the
title in ``.news_column h1``, the time in ``span.h5`` ("Thứ tư - 21/09/2022
12:27"), the lead in ``.hometext``, a cover ``figure.article`` with an
``img`` and ``figcaption``, the body in ``#news-bodyhtml`` and "Nguồn tin:" /
"Tác giả:" in ``p.h5.text-right``. Other pages go through generic rules.
"""
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from bantin.legacy_text import (ANY_DATE, LegacyArticle, LegacyError, _body, _date_tuple,
                                clean_text)

DROP = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "noscript", "form", "input", "button", "select", "textarea", "svg", "math",
        "template", "link", "meta", "base", "audio", "video", "canvas", "nav", "header",
        "footer", "aside")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
          "td", "th", "caption")
_SAFE_URL = re.compile(r"^https?://", re.I)
LINK_START, LINK_MID, LINK_END = "\u0000", "\u0001", "\u0002"
_TRACKER = re.compile(r"(pixel|track|beacon|analytics|counter|stat)", re.I)


def _meta(soup, *names):
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return tag["content"].strip()
    return None


def _text(el):
    return clean_text(el.get_text(" ", strip=True)) if el else ""


def _inline_node(node):
    """Raw inline text of one node; http(s) links become link markers."""
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    if node.name == "br":
        return " "
    if node.name == "img":
        return ""
    if node.name == "a":
        label = " ".join(node.get_text(" ", strip=True).split())
        href = (node.get("href") or "").strip()
        # Markers survive cleaning and escaping; the importer makes them Markdown links.
        return f"{LINK_START}{label}{LINK_MID}{href}{LINK_END}" if label and _SAFE_URL.match(href) \
            else label
    return "".join(_inline_node(child) for child in node.children)


def _inline(el):
    """Text of an element with its http(s) links kept; no other markup."""
    return clean_text(" ".join(_inline_node(el).split()))


def _is_pixel(img):
    def small(attr):
        value = re.sub(r"\D", "", str(img.get(attr, "")))
        return value != "" and int(value) <= 3
    return (small("width") and small("height")) or bool(_TRACKER.search(img.get("src", "")))


def _image(img, caption=""):
    src = (img.get("src") or "").strip()
    if not src or not re.match(r"^(https?://|[\w./%-])", src, re.I) or \
            src.lower().startswith(("javascript:", "data:", "vbscript:")) or _is_pixel(img):
        return None
    caption = caption or clean_text(img.get("alt") or img.get("title") or "").strip()
    return {"src": src, "caption": caption}


def _walk(el, lines, images):
    """Collect paragraphs (as text lines) and images of ``el`` in document order."""
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
            if child.find(["img", "p", "div", "figure"]):
                flush()
                _walk(child, lines, images)
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
        elif child.name in BLOCKS and not child.find(["p", "div", "img", "figure", "table"]):
            text = _inline(child)
            if text:
                lines.append(("- " + text) if child.name == "li" else text)
        elif child.name == "br":
            continue
        else:
            _walk(child, lines, images)
    flush()


def _strip(soup):
    for tag in soup.find_all(DROP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()


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
    return int(re.sub(r"\D", "", match.group(1))) if match else None


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
    crumbs = soup.select(".breadcrumbs li, .breadcrumb li")
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
    for line in body.find_all(["p", "div", "span"]):
        # The short "Cập nhật: 28/03/2024 16:05 | Lượt xem: 42" line is metadata, not text.
        text = _text(line)
        if len(text) < 100 and ANY_DATE.search(text) and not line.find(["p", "div"]):
            line.decompose()
            break
    article = LegacyArticle("generic-html", clean_text(title), date,
                            views=_views(_text(soup.body or soup)),
                            category=_meta(soup, "article:section"))
    return _finish(article, body, [], _meta(soup, "description"))


def _largest_text_block(soup):
    best, best_len = None, 0
    for div in soup.find_all(["div", "section", "td", "body"]):
        length = sum(len(p.get_text()) for p in div.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = div, length
    return best


def parse_html(text):
    """Parse a saved HTML page.

    Example:
        parse_html('<div class="news_column"><h1>Tin</h1><span class="h5">Thứ hai - '
                   '06/06/2022 08:00</span><div id="news-bodyhtml"><p>Nội dung.</p></div>'
                   '</div>').date == (2022, 6, 6, 8, 0)
    """
    soup = BeautifulSoup(text, "html.parser")
    if soup.body is None and not soup.find(["p", "div", "article", "h1"]):
        raise LegacyError("the HTML has no body")
    _strip(soup)
    if soup.select_one("#news-bodyhtml") or soup.select_one(".news_column"):
        return parse_nukeviet_html(soup)
    return parse_generic_html(soup)
