"""Check content without building (``invoke check``), fast enough for every save.

``check(content_dir, settings, only=None) -> list[Problem]``: the front-matter
rules of the build, plus what a build cannot see: duplicate slugs and titles,
text hygiene, photos, dead internal links and active content (the build's own
rules, ``bantin.core.safety``, on the converted HTML). Rules are data (``HYGIENE``);
each finding names the file and line.
"""
import re
from collections import defaultdict
from pathlib import Path

from bantin.core import dates, documents, frontmatter, safety
from bantin.core.frontmatter import photo_folder, photo_path
from bantin.core.i18n import N_, _
from bantin.core.text import legacy_encoding, nfc
from bantin.core.settings import page_dirs, plugin_settings

DEFAULTS = {
    "max_photo_mb": 10,
    "embed_hosts": safety.DEFAULT_EMBED_HOSTS,  # read by bantin.core.safety.embed_hosts
}

# (regex, severity, message): checked line by line on the whole file.
HYGIENE = [
    (re.compile("\u00a0"), "warning", N_("non-breaking space; use a normal space")),
    (re.compile("[\u00d0\u00f0]"), "warning", N_("look-alike 'Ð' (U+00D0); use 'Đ'")),
    (re.compile(r"<span[^>]*\bstyle\s*=|mso-|class=\"?Mso", re.I), "error",
     N_("HTML pasted from Word (<span style=…>, mso-…); paste as plain text")),
]
_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def config(settings):
    """The ``BANTIN_CHECK`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_CHECK", DEFAULTS)


def _line_of(text, index):
    return text.count("\n", 0, index) + 1


def _load(path, shown, categories, page, reserved):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc = frontmatter.Document(path=shown)
        doc.problems.append(frontmatter.Problem(
            shown, _("is not UTF-8 text (byte {byte}); save it as UTF-8", byte=exc.start)))
        return doc, ""
    return (frontmatter.parse(text, shown, categories, page=page, reserved=reserved),
            text.lstrip("\ufeff"))


def _text_rules(doc, text, cfg):
    problems = []
    if not frontmatter.nfc(text) == text:
        first = next(n for n, line in enumerate(text.split("\n"), 1) if nfc(line) != line)
        problems.append(frontmatter.Problem(
            doc.path, _("text is not in Unicode NFC (decomposed accents, e.g. typed on a Mac); "
                        "it is normalised when built"), line=first, severity="warning"))
    encoding = legacy_encoding(doc.body)
    if encoding:
        problems.append(frontmatter.Problem(
            doc.path, _("text looks like the legacy {encoding} encoding; convert it to Unicode",
                        encoding=encoding), line=doc.body_line))
    for number, line in enumerate(text.split("\n"), 1):
        for rx, severity, message in HYGIENE:
            if rx.search(line):
                problems.append(frontmatter.Problem(doc.path, _(message), line=number,
                                                    severity=severity))
    return problems


def _photo_rules(doc, content, cfg):
    problems = []
    if "date" not in doc.meta or "slug" not in doc.meta:
        return problems
    folder = content / photo_folder(doc.meta)
    limit = cfg["max_photo_mb"] * 1024 * 1024
    items = [("cover", doc.meta["cover"], None)] if doc.meta.get("cover") else []
    items += [("gallery", g["file"], n) for n, g in enumerate(doc.meta.get("gallery", []), 1)]
    for field, name, number in items:
        line = doc.lines.get(field)
        if not name:
            problems.append(frontmatter.Problem(
                doc.path, _("item {number} has no photo file; it will not be shown",
                            number=number), line=line, field=field, severity="warning"))
            continue
        problems += _photo_file(doc, photo_path(folder, name), name, field, line, limit, content)
    for match in _MD_LINK.finditer(doc.body):
        if match.group(1) and not re.match(r"^[a-z]+:", match.group(3)):
            line = doc.body_line + _line_of(doc.body, match.start()) - 1
            if not match.group(2).strip():
                problems.append(frontmatter.Problem(
                    doc.path, _("image {name!r} has no description: write "
                                "![what the photo shows](file.jpg)", name=match.group(3)),
                    line=line))
            problems += _photo_file(doc, photo_path(folder, match.group(3)), match.group(3), None, line,
                                    limit, content)
    return problems


def _photo_file(doc, path, name, field, line, limit, content):
    if not path.resolve().is_relative_to(content.resolve()):
        return [frontmatter.Problem(doc.path, _("photo {name!r} is outside content/",
                                                name=name), line=line, field=field)]
    if not path.is_file():
        return [frontmatter.Problem(doc.path, _(
            "photo {name!r} not found in {folder}/", name=name,
            folder=f"{content.name}/{path.parent.relative_to(content)}"), line=line, field=field)]
    size = path.stat().st_size
    if size > limit:
        return [frontmatter.Problem(
            doc.path, _("photo {name!r} is {size} MB, over the {limit} MB limit; "
                        "export it smaller", name=name, size=f"{size / 1048576:.1f}",
                        limit=limit // 1048576), line=line, field=field)]
    return []


def _link_rules(doc, content, known_urls):
    problems = []
    for match in _MD_LINK.finditer(doc.body):
        target = match.group(3)
        if match.group(1) or re.match(r"^([a-z]+:|#|//)", target, re.I):
            continue
        line = doc.body_line + _line_of(doc.body, match.start()) - 1
        path = target.split("#")[0]
        if path.startswith(("{filename}", "{static}")):
            if not (content / path.split("}", 1)[1].lstrip("/")).exists():
                problems.append(frontmatter.Problem(doc.path, _(
                    "link {target!r} points to a file that does not exist", target=target),
                    line=line))
        elif path.lstrip("/") not in known_urls:
            problems.append(frontmatter.Problem(doc.path, _(
                "link {target!r} points to no page of the site", target=target), line=line))
    return problems


def _site_rules(docs):
    problems = []
    by_slug, by_title = defaultdict(list), defaultdict(list)
    for doc, page in docs:
        if "slug" in doc.meta:
            by_slug[("page" if page else "article", doc.meta["slug"])].append(doc)
        if not page and "title" in doc.meta and "date" in doc.meta:
            by_title[(doc.meta["title"].casefold(), doc.meta["date"].date())].append(doc)
    for (_kind, slug), group in by_slug.items():
        first, *others = sorted(group, key=lambda d: d.path)
        for other in others:
            problems.append(frontmatter.Problem(
                other.path, _("{slug!r} is already used by {path}; set a different 'slug'",
                              slug=slug, path=first.path),
                line=other.lines.get("slug", other.lines.get("title")), field="slug"))
    for group in by_title.values():
        first, *others = sorted(group, key=lambda d: d.path)
        for other in others:
            problems.append(frontmatter.Problem(
                other.path, _("same title on the same day as {path}; is it a duplicate?",
                              path=first.path),
                line=other.lines.get("title"), field="title"))
    return problems


def _known_urls(settings, docs):
    """Addresses an internal link may point to, from the URL settings."""
    article, page = settings.get("ARTICLE_URL", "{slug}.html"), settings.get("PAGE_URL",
                                                                          "pages/{slug}.html")
    known = {(page if is_page else article).format(slug=d.meta["slug"])
             for d, is_page in docs if "slug" in d.meta}
    category = settings.get("CATEGORY_URL", "category/{slug}.html")
    known |= {category.format(slug=slug) for _n, slug, _d in settings.get("CATEGORIES", ())}
    known |= {settings.get(key) or "" for key in ("INDEX_SAVE_AS", "CATEGORIES_URL", "TAGS_URL",
                                                  "ARCHIVES_URL", "SEARCH_URL")}
    return known | {"index.html", ""}


def _document_rules(content, settings, docs):
    """Văn bản: each file's fields, links and attachments; numbers cited by articles."""
    cfg = plugin_settings(settings, "BANTIN_DOCUMENTS", documents.DEFAULTS)
    good, problems = documents.read_folder(content / cfg["folder"], content.parent,
                                           cfg["types"], dates.now_vn().date())
    numbers = {documents.number_key(d.meta["number"]) for d in good if d.meta.get("number")}
    for doc, page in docs:
        for number in doc.meta.get("documents", ()) if not page else ():
            if documents.number_key(number) not in numbers:
                problems.append(frontmatter.Problem(
                    doc.path, _("there is no document number {number} in {folder}/",
                                number=number, folder=f"{content.name}/{cfg['folder']}"),
                    line=doc.lines.get("documents"), field="documents"))
    return problems


def check(content, settings, only=None):
    """All problems of the content under ``content`` (only those of ``only`` if given).

    Example:
        problems = check(Path("content"), read_settings("pelicanconf.py"))
        errors = [p for p in problems if p.severity == "error"]
    """
    content = Path(content)
    cfg = config(settings)
    categories = [name for name, _slug, _desc in settings.get("CATEGORIES", ())]
    reserved = frontmatter.reserved_slugs(settings)
    markdown = safety.markdown_converter(settings)
    hosts = safety.embed_hosts(settings)
    pages = page_dirs(settings)
    # Photos and files copied as they are: not articles.
    skip = {d.strip("/") for d in [*settings.get("ARTICLE_EXCLUDES", ()),
                                   *settings.get("STATIC_PATHS", ())]} - set(pages)
    docs, texts = [], {}
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content)
        if rel.parts[0] in skip:
            continue
        shown = str(Path(content.name) / rel)
        page = rel.parts[0] in pages
        doc, text = _load(path, shown, categories, page, reserved)
        docs.append((doc, page))
        texts[shown] = (text, path)
    known = _known_urls(settings, docs)
    wanted = None if only is None else {str(Path(content.name) / Path(p).resolve()
                                            .relative_to(content.resolve())) for p in only}
    problems = []
    for doc, page in docs:
        problems += doc.problems
        text, _path = texts[doc.path]
        problems += _text_rules(doc, text, cfg)
        if doc.ok and (wanted is None or doc.path in wanted):
            problems += safety.render_body(doc, markdown, hosts)[1]
        if doc.ok and not page:
            problems += _photo_rules(doc, content, cfg)
        problems += _link_rules(doc, content, known)
    problems += _site_rules(docs)
    problems += _document_rules(content, settings, docs)
    if wanted is not None:
        problems = [p for p in problems if p.path in wanted]
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def github_annotation(problem):
    """One GitHub workflow command, shown on the pull request's diff.

    Example: github_annotation(Problem("content/a.md", "x", line=3))
             == "::error file=content/a.md,line=3::x"
    """
    where = f"file={problem.path}" + (f",line={problem.line}" if problem.line else "")
    what = problem.text()
    what = what.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity} {where}::{what}"
