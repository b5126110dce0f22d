"""Parse and validate an article's YAML front matter.

The core is ``parse(text, path, categories)``: pure, no Pelican, shared by the
build (``bantin.content``), ``invoke check`` and the legacy importer, so an
editor gets the same message from every tool.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bantin.dates import parse_date
from bantin.text import clean_text, name_key, nfc, slugify

# field: (required, kind). Kinds are checked by the _check_* functions below.
ARTICLE_FIELDS = {
    "title": (True, "text"),
    "date": (True, "date"),
    "category": (True, "category"),
    "views": (False, "count"),
    "source": (False, "text"),
    "summary": (False, "text"),
    "tags": (False, "tags"),
    "slug": (False, "slug"),
    "status": (False, "status"),
    "cover": (False, "file"),
    "gallery": (False, "gallery"),
    "legacy": (False, "mapping"),
}
PAGE_FIELDS = {
    "title": (True, "text"),
    "summary": (False, "text"),
    "slug": (False, "slug"),
    "status": (False, "status"),
}
STATUSES = ("published", "draft", "hidden")
GALLERY_KEYS = {"file", "caption", "alt"}

# Plain scalars that editors type unquoted and YAML would misread: a headline
# with "PHƯỚC LONG: …" or "Tổ #3". We quote them before YAML sees them.
_TEXT_LINE = re.compile(r"^(title|source|summary|cover|slug|category):[ ]+(.*?)\s*$")
_YAML_START = tuple("\"'|>[{&*!%@`")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Problem:
    """One thing wrong with a content file, printed as ``path:line: field: message``."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


@dataclass
class Document:
    """A parsed content file: clean metadata, Markdown body and its problems."""

    path: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict)  # field -> line number
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not any(p.severity == "error" for p in self.problems)


# libyaml's parser when available: front matter of 10,000 articles is parsed on every build.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader that leaves dates as strings, so we can name the bad one."""


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser: slower, but it points at the right line of a mistake."""


_Loader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _quote_text_line(line):
    match = _TEXT_LINE.match(line)
    if not match:
        return line
    key, value = match.groups()
    if not value or value.startswith(_YAML_START):
        return line
    if ": " in value or value.endswith(":") or " #" in value:
        return "{}: '{}'".format(key, value.replace("'", "''"))
    return line


def photo_folder(meta):
    """Where an article's photos live, relative to content/: images/<year>/<slug>."""
    return Path("images") / f"{meta['date'].year:04d}" / meta["slug"]


def split(text, path):
    """Split raw file text into (front-matter lines, body, body line, problems)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None, "", 1, [Problem(path, "the file is empty")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, "", 1, [Problem(path, "the file must start with a '---' line "
                                     "followed by the front matter", line=1)]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            body = "\n".join(lines[index + 1:])
            return lines[1:index], body, index + 2, []
    return None, "", 1, [Problem(path, "the front matter has no closing '---' line", line=1)]


def _load(front_lines, path):
    """YAML-load the front matter; return (mapping, key->line, problems)."""
    problems = []
    for number, line in enumerate(front_lines, start=2):
        if "\t" in line:
            problems.append(Problem(path, "tab character in the front matter; use spaces",
                                    line=number))
    if problems:
        return {}, {}, problems
    source = "\n".join(_quote_text_line(line) for line in front_lines)
    loader = _Loader(source)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader = _PyLoader(source)
            node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        return {}, {}, [Problem(path, f"front matter is not valid YAML ({reason})", line=line)]
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem(path, "front matter must be 'key: value' lines", line=2)]
    data, key_lines = {}, {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in data:
            problems.append(Problem(path, "appears twice", line=line, field=key))
            continue
        key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)
    return data, key_lines, problems


def _as_text(value):
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError("must be text")
    return clean_text(str(value)).strip()


def _check_text(value, ctx):
    text = _as_text(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _check_date(value, ctx):
    try:
        return parse_date(value)
    except ValueError as exc:
        if str(exc) == "is not a valid date":
            raise ValueError(f"{str(value)!r} is not a valid date") from exc
        raise ValueError(f"{str(value)!r} is not a date; write YYYY-MM-DD HH:MM") from exc


def _check_category(value, ctx):
    wanted = name_key(_as_text(value))
    for name in ctx["categories"]:
        if name_key(name) == wanted:
            return name
    allowed = ", ".join(ctx["categories"])
    raise ValueError(f"{str(value)!r} is not a declared category; use one of: {allowed}")


def _check_count(value, ctx):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    if value < 0:
        raise ValueError(f"{value!r} must be 0 or more")
    return value


def _check_tags(value, ctx):
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("must be a list of tags")
    return [t for t in (_as_text(item) for item in items) if t]


def _check_slug(value, ctx):
    slug = _as_text(value)
    if not _SLUG_RE.match(slug):
        raise ValueError(f"{slug!r} must be lower-case ASCII words joined by '-'")
    return slug


def _check_status(value, ctx):
    status = _as_text(value).lower()
    if status not in STATUSES:
        raise ValueError(f"{status!r} must be one of: {', '.join(STATUSES)}")
    return status


def _check_file(value, ctx):
    return "" if value is None else _as_text(value)


def _check_gallery(value, ctx):
    if not isinstance(value, list):
        raise ValueError("must be a list of '- file: …, caption: …' items")
    items = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"item {number} must have 'file' and 'caption'")
        unknown = set(map(str, item)) - GALLERY_KEYS
        if unknown:
            raise ValueError(f"item {number} has unknown key {sorted(unknown)[0]!r}")
        caption = _as_text(item.get("caption") or "")
        if not caption:
            raise ValueError(f"item {number} needs a caption")
        entry = {"file": _check_file(item.get("file"), ctx), "caption": caption}
        entry["alt"] = _as_text(item["alt"]) if item.get("alt") else caption
        items.append(entry)
    return items


def _check_mapping(value, ctx):
    if not isinstance(value, dict):
        raise ValueError("must be a mapping")
    return value


_CHECKS = {name[len("_check_"):]: fn for name, fn in globals().items()
           if name.startswith("_check_")}


def parse(text, path, categories=(), page=False):
    """Parse one content file's text; never raises for bad content.

    Example:
        doc = parse("---\\ntitle: A\\n---\\nBody", "content/pages/a.md", page=True)
        doc.ok and doc.meta["slug"] == "a"
    """
    front, body, body_line, problems = split(text, path)
    doc = Document(path=path, body=body, body_line=body_line, problems=problems)
    if front is None:
        return doc
    data, doc.lines, load_problems = _load(front, path)
    doc.problems += load_problems
    if load_problems and not data:
        return doc
    rules = PAGE_FIELDS if page else ARTICLE_FIELDS
    ctx = {"categories": list(categories)}
    for key, value in data.items():
        if key not in rules:
            allowed = ", ".join(rules)
            doc.problems.append(Problem(path, f"unknown field; allowed fields: {allowed}",
                                        line=doc.lines[key], field=key))
            continue
        try:
            doc.meta[key] = _CHECKS[rules[key][1]](value, ctx)
        except ValueError as exc:
            doc.problems.append(Problem(path, str(exc), line=doc.lines[key], field=key))
    for key, (required, _kind) in rules.items():
        if required and key not in data:
            doc.problems.append(Problem(path, "is required but missing", line=1, field=key))
    if "slug" not in doc.meta and doc.meta.get("title"):
        doc.meta["slug"] = slugify(doc.meta["title"])
    doc.meta.setdefault("status", "published")
    if not page:
        doc.meta.setdefault("views", 0)
    return doc
