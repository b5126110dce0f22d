"""Parse and validate an article's YAML front matter.

The core is ``parse(text, path, categories)``: pure, no Pelican, shared by the build,
``invoke check`` and the legacy importer, so an editor gets one message from every tool.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bantin.core import plainyaml
from bantin.core.dates import example_date, parse_date
from bantin.core.i18n import N_, _
from bantin.core.text import clean_text, name_key, nfc, slugify, unprintable

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
    "cover_caption": (False, "text"),
    "gallery": (False, "gallery"),
    "legacy": (False, "legacy"),
    "documents": (False, "numbers"),  # documents cited, by number (bantin.core.documents)
}
PAGE_FIELDS = {
    "title": (True, "text"),
    "summary": (False, "text"),
    "slug": (False, "slug"),
    "status": (False, "status"),
}
STATUSES = ("published", "draft", "hidden")
# Pages the theme writes at the top of the site, whatever the URL settings say.
RESERVED_SLUGS = frozenset({"index", "404", "feeds", "anh", "theme", "pagefind", "sitemap",
                            "robots", "favicon", "tim-kiem", "nhap", "trang"})
GALLERY_KEYS = {"file", "caption", "alt"}
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
        what = _("warning: {message}", message=self.text()) if self.severity == "warning" \
            else self.text()
        return f"{where}: {what}"

    def text(self):
        """The problem without its place or severity: "field: message"."""
        return _("{field}: {message}", field=self.field, message=self.message) \
            if self.field else self.message


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


MAX_FILE_BYTES = 2 * 1024 * 1024  # a real article is a few dozen KB
TEXT_LIMITS = {"title": 300, "source": 300, "summary": 2000, "caption": 1000, "alt": 500,
               "cover_caption": 1000, "tag": 100, "file": 200, "slug": 100, "legacy": 1000}
MAX_ITEMS = {"tags": 30, "gallery": 500}


def photo_folder(meta):
    """Where an article's photos live, relative to content/: images/<year>/<slug>."""
    return Path("images") / f"{meta['date'].year:04d}" / meta["slug"]


def photo_path(folder, name):
    """The file ``name`` in ``folder`` whatever the Unicode form of its name (the front
    matter is NFC, a Mac writes NFD). Example: photo_path(Path("images/2022/x"), "ảnh 1.jpg")
    """
    path = Path(folder) / name
    if path.exists() or not Path(folder).is_dir():
        return path
    wanted = nfc(name)
    for entry in Path(folder).iterdir():
        if nfc(entry.name) == wanted:
            return entry
    return path


def split(text, path):
    """Split raw file text into (front-matter lines, body, body line, problems)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_FILE_BYTES:
        return None, "", 1, [Problem(path, _(
            "the file has {size} KB of text; an article is at most {limit} MB",
            size=len(text) // 1024, limit=MAX_FILE_BYTES // 1048576))]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None, "", 1, [Problem(path, _("the file is empty"))]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, "", 1, [Problem(path, _("the file must start with a '---' line "
                                       "followed by the front matter"), line=1)]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            body = "\n".join(lines[index + 1:])
            return lines[1:index], body, index + 2, []
    return None, "", 1, [Problem(path, _("the front matter has no closing '---' line"), line=1)]


def _load(front_lines, path):
    """YAML-parse the front matter; return (mapping, key->line, problems)."""
    data, key_lines, errors = plainyaml.load(front_lines)
    return data, key_lines, [Problem(path, message, line=line, field=field)
                             for message, line, field in errors]


def _as_text(value, limit=None):
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError(_("must be text"))
    text = clean_text(str(value)).strip()
    bad = unprintable(text)  # written as a YAML escape ("\x01"), it passed the line check
    if bad:
        raise ValueError(_("invisible control character {char} is not allowed; delete it",
                           char=bad))
    if limit and len(text) > limit:
        raise ValueError(_("is {length} characters long; at most {limit}", length=len(text),
                           limit=limit))
    return text


def _check_text(value, ctx):
    text = _as_text(value, TEXT_LIMITS.get(ctx["field"]))
    if not text:
        raise ValueError(_("must not be empty"))
    return text


# The date messages, also filled in by the web editor's script (bantin/core/cmsconfig.py).
DATE_IMPOSSIBLE = N_("{value!r} is not a valid date: there is no {shown}; "
                     "write YYYY-MM-DD HH:MM, e.g. {example}")
DATE_SHAPE = N_("{value!r} is not a date; write YYYY-MM-DD HH:MM, e.g. 2022-06-03 09:00")


def _check_date(value, ctx):
    text = _as_text(value)
    try:
        return parse_date(text)
    except ValueError as exc:
        example = example_date(text)
        if example:  # the right shape, but no such day or time (31/02, 25:00)
            raise ValueError(_(DATE_IMPOSSIBLE, value=text, shown=example[0],
                               example=example[1])) from exc
        raise ValueError(_(DATE_SHAPE, value=text)) from exc


def _check_category(value, ctx):
    wanted = name_key(_as_text(value, 200))
    for name in ctx["categories"]:
        if name_key(name) == wanted:
            return name
    allowed = ", ".join(ctx["categories"])
    raise ValueError(_("{value!r} is not a declared category; use one of: {allowed}",
                       value=str(value), allowed=allowed))


_COUNT = re.compile(r"^(\d{1,12}|\d{1,3}(?:\.\d{3}){1,3})$")


def _check_count(value, ctx):
    """A whole number as Vietnamese portals print it: 1451 or 1.451."""
    text = _as_text(value, 20)
    if text.startswith("-") and _COUNT.match(text[1:]):
        raise ValueError(_("{value} must be 0 or more", value=text))
    if not _COUNT.match(text):
        raise ValueError(_("{value!r} is not a whole number (write e.g. 1451 or 1.451)",
                           value=text))
    return int(text.replace(".", ""))


def _check_tags(value, ctx):
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(_("must be a list of tags"))
    if len(items) > MAX_ITEMS["tags"]:
        raise ValueError(_("has {count} tags; at most {limit}", count=len(items),
                           limit=MAX_ITEMS["tags"]))
    tags = [t for t in (_as_text(item, TEXT_LIMITS["tag"]) for item in items) if t]
    for tag in tags:
        if not slugify(tag):
            raise ValueError(_("tag {tag!r} has no letter or digit to make its address from",
                               tag=tag))
    return tags


def _slug_problem(slug, reserved):
    if len(slug) > TEXT_LIMITS["slug"]:
        return _("{start!r}… is {length} characters long; at most {limit}", start=slug[:40],
                 length=len(slug), limit=TEXT_LIMITS["slug"])
    base = re.sub(r"-trang-\d+$", "", slug)
    if slug in reserved or base in reserved:
        return _("{slug!r} is the address of a page the site already has; choose another",
                 slug=slug)
    return None


def _check_slug(value, ctx):
    slug = _as_text(value, 1000)
    if not _SLUG_RE.match(slug):
        raise ValueError(_("{slug!r} must be lower-case ASCII words joined by '-'", slug=slug))
    problem = _slug_problem(slug, ctx["reserved"])
    if problem:
        raise ValueError(problem)
    return slug


def _check_status(value, ctx):
    status = _as_text(value, 20).lower()
    if status not in STATUSES:
        raise ValueError(_("{status!r} must be one of: {allowed}", status=status,
                           allowed=", ".join(STATUSES)))
    return status


def _check_file(value, ctx):
    name = "" if value is None else _as_text(value, TEXT_LIMITS["file"])
    if len(name.encode("utf-8")) > 250:
        raise ValueError(_("file name {start!r}… is too long", start=name[:40]))
    return name


def _check_gallery(value, ctx):
    if not isinstance(value, list):
        raise ValueError(_("must be a list of '- file: …, caption: …' items"))
    if len(value) > MAX_ITEMS["gallery"]:
        raise ValueError(_("has {count} photos; at most {limit}", count=len(value),
                           limit=MAX_ITEMS["gallery"]))
    items = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueError(_("item {number} must have 'file' and 'caption'", number=number))
        unknown = set(map(str, item)) - GALLERY_KEYS
        if unknown:
            raise ValueError(_("item {number} has unknown key {key!r}", number=number,
                               key=sorted(unknown)[0]))
        try:
            caption = _as_text(item.get("caption") or "", TEXT_LIMITS["caption"])
            if not caption:
                raise ValueError(_("needs a caption"))
            entry = {"file": _check_file(item.get("file"), ctx), "caption": caption}
            entry["alt"] = _as_text(item["alt"], TEXT_LIMITS["alt"]) if item.get("alt") \
                else caption
        except ValueError as exc:
            raise ValueError(_("item {number} {problem}", number=number, problem=exc)) from exc
        items.append(entry)
    return items


def _check_numbers(value, ctx):
    items = value if isinstance(value, list) else [value]
    if not items or len(items) > MAX_ITEMS["tags"]:
        raise ValueError(_("must list 1 to {limit} document numbers", limit=MAX_ITEMS["tags"]))
    return [_as_text(item, 80) for item in items]


def _check_mapping(value, ctx):
    if not isinstance(value, dict):
        raise ValueError(_("must be a mapping"))
    return {str(k): _as_text(v, TEXT_LIMITS["legacy"]) for k, v in value.items()}


def _web_address(url):
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    except ValueError:
        return False


MAX_LEGACY_COPIES = 20


def _check_legacy(value, ctx):
    """Where an imported article came from: one mapping, or a list of them when the
    same story was on several old portals (the first is the one kept)."""
    if isinstance(value, list):
        if not value or len(value) > MAX_LEGACY_COPIES:
            raise ValueError(_("must list 1 to {limit} old addresses", limit=MAX_LEGACY_COPIES))
        entries = [_check_mapping(item, ctx) for item in value]
    else:
        entries = [_check_mapping(value, ctx)]
    for entry in entries:
        if entry.get("url") and not _web_address(entry["url"]):
            raise ValueError(_("url {url!r} is not a web address (http:// or https://)",
                               url=entry["url"][:80]))
    return entries if isinstance(value, list) else entries[0]


_CHECKS = {name[len("_check_"):]: fn for name, fn in globals().items()
           if name.startswith("_check_")}


def reserved_slugs(settings):
    """Article slugs that would collide with a page or folder the site writes.

    Example: "index" in reserved_slugs({}) and "tim-kiem" in reserved_slugs(settings)
    """
    names = set(RESERVED_SLUGS)
    for key, value in settings.items():
        if key.endswith(("_SAVE_AS", "_URL")) and isinstance(value, str) and value:
            first = value.split("/")[0]
            if "{" not in first:
                names.add(first[:-5] if first.endswith(".html") else first)
    names.update(settings.get("DIRECT_TEMPLATES", ()))
    return frozenset(names)


def _body_problems(doc):
    problems = []
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        bad = unprintable(line)
        if bad:
            problems.append(Problem(doc.path, _(
                "invisible control character {char} in the text; delete it", char=bad),
                line=number))
            if len(problems) >= 5:
                break
    return problems


def parse(text, path, categories=(), page=False, reserved=None):
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
    reserved = RESERVED_SLUGS if reserved is None else reserved
    ctx = {"categories": list(categories), "reserved": () if page else reserved}
    doc.problems += _body_problems(doc)
    for key, value in data.items():
        ctx["field"] = key
        if key not in rules:
            doc.problems.append(Problem(path, _("unknown field; allowed fields: {allowed}",
                                                allowed=", ".join(rules)),
                                        line=doc.lines[key], field=key))
            continue
        try:
            doc.meta[key] = _CHECKS[rules[key][1]](value, ctx)
        except ValueError as exc:
            doc.problems.append(Problem(path, str(exc), line=doc.lines[key], field=key))
    for key, (required, _kind) in rules.items():
        if required and key not in data:
            doc.problems.append(Problem(path, _("is required but missing"), line=1, field=key))
    if "cover_caption" in data and "cover" not in data:
        doc.problems.append(Problem(path, _("a caption for a lead photo that is not there: add "
                                            "'cover: …' or remove this line"),
                                    line=doc.lines["cover_caption"], field="cover_caption"))
    if "slug" not in doc.meta and "slug" not in data and doc.meta.get("title"):
        slug = slugify(doc.meta["title"])
        problem = _("has no letter or digit to make the address from; add a 'slug: …' line") \
            if not slug else _slug_problem(slug, ctx["reserved"])
        if problem:
            doc.problems.append(Problem(path, problem, line=doc.lines.get("title"), field="title"))
        else:
            doc.meta["slug"] = slug
    doc.meta.setdefault("status", "published")
    if not page:
        doc.meta.setdefault("views", 0)
    return doc
