"""Import saved legacy portal pages (Liferay, NukeViet, others) as Markdown articles.

``import_legacy(src, out, …)`` returns one ``Result`` per input file; the
invoke task ``import-legacy`` prints them. Articles go to
``OUT/<year>/<slug>.md``, photos that came with a saved page to
``OUT/images/<year>/<slug>/``. Importing the same page again gives the same
bytes; an article an editor has changed is only replaced with ``force``.
"""
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from bantin import frontmatter
from bantin.legacy_html import LINK_END, LINK_MID, LINK_START, parse_html
from bantin.legacy_text import LegacyError, parse_text
from bantin.text import name_key, nfc, slugify

SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 5 * 1024 * 1024  # a saved article page is far smaller; larger is not one
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# Read as cp1252, TCVN3 (ABC) text is full of symbols such as "µ ¸ · ¨ ®", and VNI
# text of an ASCII vowel followed by a Latin-1 letter carrying the tone ("Vieät").
_TCVN3 = re.compile(r"[\u00a1-\u00bf\u00d7]")
_VNI = re.compile(r"[aeiouyAEIOUY][\u00c0-\u00ff]")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")


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
        return f"{self.status}: {self.source}{target}{reason}"


def legacy_encoding(text):
    """Name the legacy 8-bit Vietnamese encoding ``text`` looks like, or None.

    Example: legacy_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "TCVN3"
    """
    if len(_VIETNAMESE.findall(text)) > 3:
        return None
    letters = sum(c.isalpha() for c in text) or 1
    tcvn3, vni = len(_TCVN3.findall(text)) / letters, len(_VNI.findall(text)) / letters
    if max(tcvn3, vni) < 0.05:  # real legacy text has one in almost every word
        return None
    return "TCVN3" if tcvn3 >= vni else "VNI"


def read_page(path):
    """Read and decode one saved page; LegacyError when it is not one."""
    size = path.stat().st_size
    if size == 0:
        raise LegacyError("the file is empty")
    if size > MAX_BYTES:
        raise LegacyError(f"the file is {size // (1024 * 1024)} MB; a saved article page is "
                          f"under {MAX_BYTES // (1024 * 1024)} MB")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise LegacyError("this is a binary file, not a saved text or HTML page")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    encoding = legacy_encoding(text)
    if encoding:
        raise LegacyError(f"the text is in the legacy {encoding} encoding; convert it to "
                          "Unicode (e.g. with UniKey's converter) and import again")
    return nfc(text)


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
        raise LegacyError(f"--category {fallback!r} is not a declared category; use one of: "
                          + ", ".join(categories))
    if name:
        raise LegacyError(f"legacy category {name!r} is not declared; map it in "
                          "LEGACY_CATEGORIES in pelicanconf.py or pass --category")
    raise LegacyError("the page names no category; pass --category")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def md_text(text):
    """Escape Markdown and HTML in a legacy paragraph, then restore its safe links."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^([#+-])", r"\\\1", text)  # not a heading or list item
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(f"{LINK_START}(.*?){LINK_MID}(.*?){LINK_END}",
                  lambda m: f"[{m.group(1)}](<{m.group(2).replace('>', '%3E')}>)", text)


def plain(text):
    """Link markers back to plain text (for front matter fields)."""
    return re.sub(f"{LINK_START}(.*?){LINK_MID}.*?{LINK_END}", r"\1", text)


def _figure(caption, file):
    if file:
        return f'![{md_text(caption)}]({file} "{plain(caption).replace(chr(34), chr(39))}")'
    escaped = plain(caption).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<figure class="photo photo--missing"><figcaption>{escaped}</figcaption></figure>'


def to_markdown(article, category, legacy_file):
    """The article file's text: front matter then Markdown body."""
    year, month, day, hour, minute = article.date
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if hour is not None:
        date += f" {hour:02d}:{minute or 0:02d}"
    meta = {"title": plain(article.title), "date": date, "category": category}
    if article.views is not None:
        meta["views"] = article.views
    if article.source:
        meta["source"] = plain(article.source)
    if article.summary:
        meta["summary"] = plain(article.summary)
    if article.gallery:
        meta["gallery"] = [{"caption": plain(g["caption"]), "file": g["file"]}
                           for g in article.gallery]
    meta["legacy"] = {"format": article.format, "file": legacy_file}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    blocks = []
    for block in article.blocks:
        if block[0] == "figure":
            blocks.append(_figure(block[1], block[2]))
        elif block[0] == "li":
            blocks.append("- " + md_text(block[1]))
        else:
            blocks.append(md_text(block[1]))
    return f"---\n{head}---\n\n" + "\n\n".join(blocks) + "\n"


def _plan_photos(article, page_path):
    """Name the photos saved next to the page (set in the gallery); returns (source, name)
    pairs to copy once the article is known to be written."""
    base = page_path.parent.resolve()
    copies = []
    for entry in article.gallery:
        src = entry.pop("src", "")
        local = (base / src.split("?")[0]).resolve() if src and "://" not in src else None
        if local and local.is_relative_to(base) and local.is_file() and \
                local.suffix.lower() in PHOTO_SUFFIXES:
            entry["file"] = slugify(local.stem) + local.suffix.lower()
            copies.append((local, entry["file"]))
    return copies


def import_file(path, out, categories, category_map=None, category=None, force=False,
                taken=None):
    """Import one page; returns a Result and writes nothing on failure."""
    shown = str(path)
    try:
        article = parse_page(path)
        declared = resolve_category(article.category, categories, category_map or {}, category)
    except LegacyError as exc:
        return Result(shown, "failed", str(exc))
    slug = slugify(plain(article.title))
    if not slug:
        return Result(shown, "failed", "the title gives an empty slug")
    year = f"{article.date[0]:04d}"
    target = Path(out) / year / f"{slug}.md"
    if taken is not None:
        if target in taken:
            return Result(shown, "failed", f"same slug as {taken[target]}; rename one title",
                          str(target))
        taken[target] = shown
    copies = _plan_photos(article, path)
    text = to_markdown(article, declared, path.name)
    doc = frontmatter.parse(text, str(target), categories)
    if not doc.ok:
        return Result(shown, "failed", "; ".join(str(p) for p in doc.problems))
    if target.exists():
        if target.read_text(encoding="utf-8") == text:
            return Result(shown, "unchanged", target=str(target))
        if not force:
            return Result(shown, "skipped", "the article exists and was changed; "
                          "use --force to replace it", str(target))
    photo_dir = Path(out) / "images" / year / slug
    for source, name in copies:
        photo_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, photo_dir / name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return Result(shown, "written", target=str(target))


def input_files(src):
    """The pages to import: ``src`` itself, or every *.txt/*.html/*.htm under it."""
    src = Path(src)
    if src.is_file():
        return [src]
    if not src.is_dir():
        raise LegacyError(f"{src}: no such file or folder")
    return sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def import_legacy(src, out, categories, category_map=None, category=None, force=False):
    """Import every page under ``src`` into ``out``; one Result per page.

    Example:
        import_legacy("../shared/seeds", "content", CATEGORIES_NAMES,
                      category="Công tác dân vận")
    """
    taken = {}
    return [import_file(path, out, categories, category_map, category, force, taken)
            for path in input_files(src)]
