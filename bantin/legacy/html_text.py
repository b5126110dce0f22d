"""Reading text out of a saved legacy page, safely: the pieces every reader shares.

Legacy HTML is untrusted: nothing of its markup survives. We keep text,
http(s) links (as link markers the importer makes Markdown links of) and photos
(as gallery entries); scripts, styles, frames, objects, event handlers,
``javascript:``/``data:`` URLs and tracking pixels are dropped before anything is
read, and so are control characters, whether typed or written as character
references (``&#1;``).
"""
import re

from bs4 import Comment, NavigableString, Tag

from bantin.core.i18n import N_, _
from bantin.core.text import UNPRINTABLE, clean_text, remove_unprintable
from bantin.legacy.text_pages import (ANY_DATE, LegacyError, _body, _date_tuple,
                                      view_count)
from bantin.legacy.header_rules import views_in

DROP = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "noscript", "form", "input", "button", "select", "textarea", "svg", "math",
        "template", "link", "meta", "base", "audio", "video", "canvas", "nav", "header",
        "footer", "aside")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt",
          "td", "th", "caption")
_SAFE_URL = re.compile(r"^https?://", re.I)
LINK_START, LINK_MID, LINK_END = "\u0000", "\u0001", "\u0002"
_TRACKER = re.compile(r"(pixel|track|beacon|analytics|counter|stat)", re.I)
_INNER_BLOCKS = ("img", "p", "div", "figure")
NO_TEXT = N_("no article text found in the page; if the page shows the article in a "
              "browser, save it again as \"Web page, complete\" and import that")


def read_meta(soup):
    """{name or property: content} of the page's <meta> tags, read before ``strip``
    drops them; values are cleaned text."""
    found = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.strip().lower(), clean_text(remove_unprintable(value)).strip())
    return found


def meta(found, *names):
    """The first of ``names`` that ``found`` (``read_meta``) has, else None."""
    return next((found[name] for name in names if found.get(name)), None)


def text_of(el):
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


def inline(el):
    """Text of an element with its http(s) links kept; no other markup."""
    return clean_text(" ".join(_inline_node(el).split()))


def _is_pixel(img):
    def small(attr):
        value = re.sub(r"\D", "", str(img.get(attr, "")))
        return value != "" and len(value) < 4 and int(value) <= 3
    return (small("width") and small("height")) or bool(_TRACKER.search(img.get("src", "")))


def image(img, caption=""):
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


def walk(el, lines, images, holds=None):
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
                walk(child, lines, images, holds)
            else:
                loose.append(_inline_node(child))
            continue
        flush()
        if child.name == "img":
            found = image(child)
            if found:
                images.append(found)
        elif child.name == "figure":
            caption = text_of(child.find("figcaption"))
            for img in child.find_all("img"):
                found = image(img, caption)
                if found:
                    images.append(found)
                    caption = ""
        elif child.name in BLOCKS and id(child) not in holds[1]:
            text = inline(child)
            if text:
                lines.append(("- " + text) if child.name == "li" else text)
        elif child.name == "br":
            continue
        else:
            walk(child, lines, images, holds)
    flush()


def strip(soup):
    """Drop active and furniture elements, comments and control characters from ``soup``."""
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


def depth(soup, limit):
    """How deep ``soup`` nests, counted no further than just past ``limit``."""
    deepest, stack = 0, [(soup, 0)]
    while stack and deepest <= limit:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in node.children if isinstance(child, Tag))
    return deepest


def sizes(el):
    """{id(element): (characters of text, tags)} under ``el``, in one pass: measuring
    each element on its own costs the depth of the page times its size."""
    found = {}
    for node in reversed(list(el.descendants)):  # children before their parents
        is_tag = isinstance(node, Tag)
        chars, tags = found.get(id(node), (0, 0)) if is_tag else (len(node), 0)
        above = found.get(id(node.parent), (0, 0))
        found[id(node.parent)] = (above[0] + chars, above[1] + tags + is_tag)
    return found


def find_date(*texts):
    """The first date in ``texts`` (each the text of an element that holds a date)."""
    for text in texts:
        match = ANY_DATE.search(text or "")
        if match:
            return _date_tuple(*match.groups())
    return None


def iso_date(value):
    """The date of an ISO 8601 value ("2023-03-05T07:15:00+07:00"), or None."""
    match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", value or "")
    if match:
        year, month, day, hour, minute = match.groups()
        return _date_tuple(day, month, year, hour, minute)
    return None


def views(*texts):
    """The view count written in the first of ``texts`` that has one, or None."""
    for text in texts:
        found = views_in(text)
        if found:
            return view_count(found)
    return None


def text_before(container, stop):
    """The text of ``container`` that comes before the element ``stop`` (its header),
    as lines; all of it when ``stop`` is not inside."""
    lines, current = [], []
    for node in container.descendants:
        if node is stop:
            break
        if isinstance(node, Tag) and node.name in BLOCKS + ("div", "br", "span", "section"):
            lines.append(" ".join("".join(current).split()))
            current = []
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            current.append(str(node))
    lines.append(" ".join("".join(current).split()))
    return [clean_text(line) for line in lines if line.strip()]


def finish(article, body_el, images, lead=None, drop=()):
    """Fill ``article`` from the body element: blocks, gallery, source, lead. The lines
    in ``drop`` (the header's date line) are left out where they open the body."""
    lines = []
    if body_el is not None:
        walk(body_el, lines, images)
    for line in drop:
        if line in lines[:6]:
            lines.remove(line)
    # Markdown link markers survive _body as text; the importer turns them into links.
    article = _body(lines, article, article.title)
    if not article.blocks and not article.gallery:
        raise LegacyError(_(NO_TEXT))
    article.summary = lead or article.summary
    article.gallery = [{"caption": i["caption"] or article.title, "file": "", "src": i["src"]}
                       for i in images] + article.gallery
    return article
