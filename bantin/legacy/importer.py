"""Import saved legacy portal pages (Liferay, NukeViet, others) as Markdown articles.

One page at a time: ``parse_page`` reads it, ``to_markdown`` makes the article file,
``refusals`` says why the build would refuse it. Whole folders and portals (slugs,
duplicates, writing, the report) are ``bantin.legacy.migrate``'s. Photos that came
with a saved page go to ``OUT/images/<year>/<slug>/``.

A legacy page is untrusted. What the importer writes is text only: front-matter
values are YAML strings, body paragraphs are escaped for Markdown and HTML, links
keep only http(s) and mailto addresses, and control characters are removed.
The exact file text then goes through the checks an editor's file gets (front
matter, then the body converted and scanned for active content) before it is
written; a page that fails them is reported and nothing is written.
"""
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import yaml
from markdown import Markdown

from bantin.core import frontmatter, safety
from bantin.core.i18n import N_, _
from bantin.legacy.html_pages import LINK_END, LINK_MID, LINK_START, parse_html
from bantin.legacy.text_pages import LegacyError, parse_text
from bantin.core.safety import url_scheme
from bantin.core.text import (UNPRINTABLE, clean_text, legacy_encoding, name_key, nfc,
                              remove_unprintable, slugify)

# libyaml's emitter when installed (PyYAML's wheels have it): the same text, 5× faster.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 5 * 1024 * 1024  # a saved article page is far smaller; larger is not one
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
LINK_SCHEMES = ("", "http", "https", "mailto")  # "" is a relative address
# Without the site's settings: pelicanconf's Markdown. "extra" (attribute lists,
# definition lists, footnotes…) is the richest syntax the text must stay text under.
DEFAULT_MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {},
                                          "markdown.extensions.sane_lists": {}},
                    "output_format": "html5"}
# How each outcome reads on the terminal (the JSON report keeps these English words).
STATUS_NAMES = {"written": N_("written"), "unchanged": N_("unchanged"), "merged": N_("merged"),
                "skipped": N_("skipped"), "failed": N_("failed")}


@dataclass
class Result:
    """What happened to one input file."""

    source: str
    status: str  # written | unchanged | skipped | failed
    message: str = ""
    target: str = ""

    def __str__(self):
        target = f" -> {self.target}" if self.target else ""
        reason = f": {self.message}" if self.message else ""
        status = _(STATUS_NAMES[self.status]) if self.status in STATUS_NAMES else self.status
        return _printable(f"{status}: {self.source}{target}{reason}")


def _printable(text):
    """One terminal line: a file name may hold escape sequences, newlines or undecodable
    bytes (lone surrogates, which print() cannot encode)."""
    return re.sub(f"\n|{UNPRINTABLE.pattern}", lambda m: repr(m.group())[1:-1], text)




def read_page(path):
    """Read and decode one saved page; LegacyError when it is not one."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if 0 < size <= MAX_BYTES else b""
    except OSError as exc:
        raise LegacyError(_("the file cannot be read ({reason})",
                            reason=exc.strerror or exc)) from None
    if size == 0:
        raise LegacyError(_("the file is empty"))
    if size > MAX_BYTES:
        raise LegacyError(_("the file is {size} MB; a saved article page is under {limit} MB",
                            size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    if b"\x00" in raw[:4096]:
        raise LegacyError(_("this is a binary file, not a saved text or HTML page"))
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LegacyError(_("the text is neither UTF-8 nor Windows-1258; save it as UTF-8 "
                            "and import again"))
    encoding = legacy_encoding(text)
    if encoding:
        raise LegacyError(_("the text is in the legacy {encoding} encoding; convert it to "
                            "Unicode (e.g. with UniKey's converter) and import again",
                            encoding=encoding))
    return nfc(remove_unprintable(text))


def parse_page(path):
    text = read_page(path)
    looks_html = path.suffix.lower() in (".html", ".htm") or \
        re.match(r"\s*(<!doctype|<html|<head|<body)", text, re.I)
    return parse_html(text) if looks_html else parse_text(text)


def resolve_category(name, categories, category_map, fallback):
    """Declared category for a legacy one: same name after case folding, the
    map in pelicanconf (LEGACY_CATEGORIES), then ``--category``."""
    mapped = {name_key(k): v for k, v in category_map.items()}.get(name_key(name or ""))
    for candidate in (name, mapped, fallback):
        if candidate:
            for declared in categories:
                if name_key(declared) == name_key(candidate):
                    return declared
    if fallback:
        raise LegacyError(_("--category {category!r} is not a declared category; use one of: "
                            "{categories}", category=fallback, categories=", ".join(categories)))
    if name:
        raise LegacyError(_("legacy category {name!r} is not declared; map it in "
                            "LEGACY_CATEGORIES in pelicanconf.py or pass --category",
                            name=name[:80]))
    raise LegacyError(_("the page names no category; pass --category"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!])")
_LINK = re.compile(f"{LINK_START}([^{LINK_START}-{LINK_END}]*){LINK_MID}"
                   f"([^{LINK_START}-{LINK_END}]*){LINK_END}")


def _pieces(text):
    """(words, address) pieces of a legacy paragraph, address None outside links.

    Only the markers legacy_html made are links; stray ones go with the other
    control characters.
    """
    at = 0
    for match in _LINK.finditer(text):
        yield _one_line(text[at:match.start()]), None
        yield _one_line(match.group(1)), _link_address(match.group(2))
        at = match.end()
    yield _one_line(text[at:]), None


def _one_line(text):
    return re.sub(r"[ \n]{2,}|\n", " ", remove_unprintable(text))


def _link_address(url):
    """``url`` ready for ``[…](<…>)``; None unless it is http(s), mailto or relative."""
    url = remove_unprintable(url).strip()
    # Decoded once more, as a careless reader of the page might: still a safe scheme.
    if not url or {url_scheme(url), url_scheme(html.unescape(url))} - set(LINK_SCHEMES):
        return None
    # Quoted, it cannot end the <…>, start a code span or hold an escape; "&amp;"
    # reads back as "&" in the browser.
    return quote(url, safe="!#$%&'()*+,-./:;=?@_~").replace("&", "&amp;")


def _escape(words):
    """Text for a Markdown paragraph: no HTML, no inline Markdown, no {: attributes}."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(words, quote=False))


def md_text(text):
    """A legacy paragraph as Markdown that reads back as its words; only its http(s)
    and mailto links stay links."""
    out = []
    for words, address in _pieces(text):
        label = _escape(words)
        out.append(f"[{label}](<{address}>)" if address and label.strip() else label)
    text = "".join(out).strip()
    text = re.sub(r"^([#+-])", r"\\\1", text)  # not a heading or list item
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    # Not a definition (": …") or a code fence ("~~~"): Markdown has no escape for these.
    return re.sub(r"^[:~]", lambda m: f"&#{ord(m.group())};", text)


def plain(text):
    """One line of plain text, link markers back to their words (for front matter)."""
    words = clean_text("".join(words for words, _address in _pieces(text)))
    return " ".join(line for line in words.split("\n") if line)


def _figure(caption, file):
    caption = plain(caption)
    if file:
        return f'![{md_text(caption)}]({file} "{html.escape(caption)}")'
    return '<figure class="photo photo--missing"><figcaption>' \
        f'{html.escape(caption, quote=False)}</figcaption></figure>'


def legacy_entry(article, legacy_file, portal=None, url=None):
    """Where the article came from, as its front matter records it."""
    entry = {"portal": plain(portal or ""), "url": plain(url or ""),
             "format": article.format, "file": plain(legacy_file)}
    return {k: v for k, v in entry.items() if v}


def to_markdown(article, category, legacy, slug=None):
    """The article file's text: front matter then Markdown body.

    ``legacy``: a file name, or the ``legacy`` front-matter value (one mapping, or a
    list of them for a story merged from several portals); ``slug`` only when it is
    not the one the title gives."""
    year, month, day, hour, minute = article.date
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is not None:
        date += f" {hour:02d}:{minute or 0:02d}"
    title = plain(article.title)
    meta = {"title": title, "date": date, "category": category}
    if article.views is not None:
        meta["views"] = article.views
    lead_in_body = []
    for key in ("source", "summary"):
        value = plain(getattr(article, key) or "")
        if key == "summary" and len(value) > frontmatter.TEXT_LIMITS["summary"]:
            lead_in_body = [("p", article.summary)]  # a whole paragraph, not a lead: kept as one
        elif value:
            meta[key] = value
    if any(g["file"] for g in article.gallery):
        meta["gallery"] = [{"caption": plain(g["caption"]) or title, "file": g["file"]}
                           for g in article.gallery if g["file"]]
    # Gallery photos the saved page does not hold (a text dump): their captions stay, at
    # the end of the text as the old page showed them, instead of empty gallery items.
    unsaved = [("figure", g["caption"] or title, "") for g in article.gallery if not g["file"]]
    if slug and slug != slugify(title):
        meta["slug"] = slug
    meta["legacy"] = legacy_entry(article, legacy) if isinstance(legacy, str) else legacy
    head = yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False,
                     width=1_000_000)
    blocks = []
    for block in lead_in_body + article.blocks + unsaved:
        if block[0] == "figure":
            blocks.append(_figure(block[1], block[2]) if plain(block[1]) else "")
        elif block[0] == "li":
            item = md_text(block[1])
            blocks.append("- " + item if item else "")
        else:
            blocks.append(md_text(block[1]))
    return f"---\n{head}---\n\n" + "\n\n".join(b for b in blocks if b) + "\n"


def _is_photo(path):
    with open(path, "rb") as fh:
        head = fh.read(12)
    return head.startswith(PHOTO_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _photo_file(src, page_path, root, site):
    """The saved file of the photo at address ``src`` in the page: beside the page, or
    anywhere in the portal's mirror ``root`` ("/uploads/…", or a full address on the
    portal's own host ``site``); never outside it."""
    src = src.split("#")[0].split("?")[0]
    if "://" in src:
        host, _slash, path = src.split("://", 1)[1].partition("/")
        if not site or host.lower() != site.lower():
            return None
        src = "/" + path
    src = unquote(src)
    local = ((root / src.lstrip("/")) if src.startswith("/") else (page_path.parent / src))
    local = local.resolve()
    return local if local.is_relative_to(root) else None


def _plan_photos(article, page_path, root=None, site=""):
    """Name the photos saved with the page (set in the gallery); returns (source, name)
    pairs to copy once the article is known to be written. ``root``: the folder of the
    portal's mirror (default: the page's folder); ``site``: the portal's host name."""
    root = Path(root or page_path.parent).resolve()
    copies, names = [], set()
    for entry in article.gallery:
        src = remove_unprintable(entry.pop("src", ""))
        local = _photo_file(src, page_path, root, site) if src else None
        if local and local.is_file() and \
                local.suffix.lower() in PHOTO_SUFFIXES and _is_photo(local):
            stem = slugify(local.stem) or "anh"
            name, number = stem + local.suffix.lower(), 1
            while name in names:  # "Ảnh 1.jpg" and "anh-1.jpg" are two photos
                number += 1
                name = f"{stem}-{number}{local.suffix.lower()}"
            names.add(name)
            entry["file"] = name
            copies.append((local, name))
    return copies


@dataclass
class Checks:
    """What the build checks an editor's file with: the site's Markdown, the hosts an
    <iframe> may come from and the slugs the site keeps for itself."""

    markdown: Markdown
    embed_hosts: frozenset
    reserved: frozenset

    @classmethod
    def of(cls, settings=None):
        """Checks from Pelican settings; without them, pelicanconf's Markdown."""
        settings = settings or {"MARKDOWN": DEFAULT_MARKDOWN}
        return cls(safety.markdown_converter(settings), safety.embed_hosts(settings),
                   frontmatter.reserved_slugs(settings))


def _reason(problem):
    where = problem.field or (_("line {line}", line=problem.line) if problem.line else "")
    return f"{where}: {problem.message}" if where else problem.message


def refusals(text, shown, categories, checks):
    """Why the build or ``invoke check`` would refuse the file ``text``; [] when it would not."""
    doc = frontmatter.parse(text, shown, categories, reserved=checks.reserved)
    problems = [p for p in doc.problems if p.severity == "error"]
    if doc.body.strip():
        problems += safety.render_body(doc, checks.markdown, checks.embed_hosts)[1]
    return [_reason(p) for p in problems]
