"""Văn bản (legal and administrative documents): one Markdown file with front matter
each, in ``content/van-ban/``, with the fields Vietnamese registries use (vbpl.vn,
NukeViet's ``laws`` module).

Pure: no Pelican. ``parse`` reads one file (never raises for bad content, every problem
with its line and field, for the editor); ``link`` checks the links between documents
and derives each one's status (tình trạng) from its dates on a given day.

Example:
    doc = parse(text, "content/van-ban/04-hd-ubnd.md", TYPES)
    problems = link([doc], date(2026, 12, 1))
"""
import os
import re
from dataclasses import dataclass, field

from bantin.core import attachments, datafile, frontmatter
from bantin.core.dates import parse_date
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _
from bantin.core.text import name_key, nfc, slugify

# The BANTIN_DOCUMENTS setting's defaults (bantin.plugins.documents, invoke check).
DEFAULTS = {
    "folder": "van-ban",
    "consultations": "lay-y-kien",
    "budget": "cong-khai-ngan-sach",
    "feed": "feeds/van-ban.atom.xml",
    "category": "Văn bản",  # what the site search shows for a document
    "types": ("Luật", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Chỉ thị",
              "Kế hoạch", "Thông báo", "Hướng dẫn", "Công văn", "Báo cáo", "Tờ trình",
              "Dự thảo"),
}
# field: (required, kind); the kinds are the _check_* functions below.
FIELDS = {
    "number": (False, "number"),      # số ký hiệu; required unless a draft for comments
    "type": (True, "type"),           # loại văn bản, from the declared list
    "issuer": (True, "text"),         # cơ quan ban hành
    "signer": (False, "text"),        # người ký
    "signer_title": (False, "text"),  # chức vụ người ký
    "issued": (True, "day"),          # ngày ban hành
    "effective": (False, "day"),      # ngày có hiệu lực
    "expires": (False, "day"),        # ngày hết hiệu lực
    "status": (False, "status"),      # when the dates do not tell (repealed early…)
    "field": (False, "text"),         # lĩnh vực
    "abstract": (True, "text"),       # trích yếu
    "files": (False, "files"),        # attachments next to the file
    "replaces": (False, "numbers"),
    "replaced_by": (False, "numbers"),
    "amends": (False, "numbers"),
    "budget_year": (False, "year"),   # công khai ngân sách: the year it is about
    "consultation": (False, "consultation"),  # lấy ý kiến dự thảo
    "slug": (False, "slug"),
}
LINK_FIELDS = ("replaces", "replaced_by", "amends")
# Tình trạng: the value a file may write (any case, with or without marks) -> the key.
STATUSES = {"con-hieu-luc": "Còn hiệu lực", "het-hieu-luc": "Hết hiệu lực",
            "chua-co-hieu-luc": "Chưa có hiệu lực", "du-thao": "Dự thảo"}
# Addresses the registry's own pages take under its folder.
RESERVED_SLUGS = frozenset({"index", "loai", "co-quan", "nam", "tinh-trang", "tep"})
CONSULTATION_KEYS = {"opens", "closes", "email", "address", "url"}
_NUMBER = re.compile(r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ/.\-]{0,60}$")


@dataclass
class Doc:
    """One document: clean fields, Markdown body, problems; ``status`` set by ``link``."""

    path: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    status: str = ""

    @property
    def ok(self):
        return not self.problems


def number_key(number):
    """A number/symbol as people type it, compared: "97/2019/QH14" == "97 2019 qh14".

    Example: number_key("04/HD-UBND") == number_key("04 hd ubnd")
    """
    return slugify(number)



def _text(value, limit=2000):
    return datafile.text_value(value, limit)


def _check_text(value, ctx):
    return _text(value)


def _check_number(value, ctx):
    number = _text(value, 80)
    if not _NUMBER.match(number) or not re.search(r"\d", number):
        raise ValueError(_("{number!r} is not a document number; write it as on the document, "
                           "for example 97/2019/QH14 or 04/HD-UBND", number=number))
    return number


def _check_type(value, ctx):
    wanted = name_key(_text(value, 200))
    for name in ctx["types"]:
        if name_key(name) == wanted:
            return name
    raise ValueError(_("{value!r} is not in the list of document types; use one of: {types}",
                       value=str(value), types=", ".join(ctx["types"])))


def _check_day(value, ctx):
    text = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise ValueError(_("{value!r} is not a date; write it as YYYY-MM-DD, for example "
                           "2024-03-15", value=text))
    try:
        return parse_date(text).date()
    except ValueError:
        raise ValueError(_("the date {value} does not exist", value=text)) from None


def _check_status(value, ctx):
    key = slugify(_text(value, 40))
    if key not in STATUSES:
        raise ValueError(_("{value!r} must be one of: {statuses}", value=str(value),
                           statuses=", ".join(STATUSES.values())))
    return key


def _check_numbers(value, ctx):
    items = value if isinstance(value, list) else [value]
    return [_check_number(item, ctx) for item in items]


def _check_year(value, ctx):
    text = str(value).strip()
    if not re.match(r"^(19|20)\d\d$", text):
        raise ValueError(_("{value!r} is not a year; write four digits, for example 2024",
                           value=text))
    return int(text)


def _check_slug(value, ctx):
    return frontmatter._check_slug(value, {"reserved": ()})


def _check_files(value, ctx):
    if not isinstance(value, list) or not value:
        raise ValueError(_("must be a list of attachments, one '- file: file-name.pdf' a line"))
    items = []
    for number, item in enumerate(value, start=1):
        item = {"file": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or set(map(str, item)) - {"file", "title"}:
            raise ValueError(_("item {number} may only have 'file' and 'title'", number=number))
        name = _text(item.get("file"), 200)
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(_("item {number}: {name!r} must be the name of a file next to the "
                               "document", number=number, name=name))
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if suffix not in attachments.TYPES:
            raise ValueError(_("item {number}: {name!r} is not a kind of file that can be "
                               "published; only {types}", number=number, name=name,
                               types=", ".join(attachments.TYPES)))
        title = _text(item["title"], 300) if item.get("title") else name
        items.append({"file": name, "title": title, "suffix": suffix})
    return items


def _check_consultation(value, ctx):
    if not isinstance(value, dict):
        raise ValueError(_("must have opens, closes and a way to send comments (email, "
                           "address or url)"))
    unknown = set(map(str, value)) - CONSULTATION_KEYS
    if unknown:
        raise ValueError(_("there is no entry {key!r}; the only entries are {keys}",
                           key=sorted(unknown)[0], keys=", ".join(sorted(CONSULTATION_KEYS))))
    out = {}
    for key in ("opens", "closes"):
        if key not in value:
            raise ValueError(_("'{key}' is missing: add it as a date YYYY-MM-DD", key=key))
        try:
            out[key] = _check_day(value[key], ctx)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    if out["closes"] < out["opens"]:
        raise ValueError(_("the closing day (closes) is before the opening day (opens)"))
    for key in ("email", "address", "url"):
        if value.get(key):
            out[key] = _text(value[key], 500)
    if "email" in out and not datafile.EMAIL.match(out["email"]):
        raise ValueError(_("email {email!r} is not an e-mail address", email=out["email"]))
    if "url" in out and not frontmatter._web_address(out["url"]):
        raise ValueError(_("url {url!r} must be a web address (https://…)", url=out["url"]))
    if not {"email", "address", "url"} & set(out):
        raise ValueError(_("give at least one way to send comments: email, address or url"))
    return out


_CHECKS = {name[len("_check_"):]: fn for name, fn in globals().items()
           if name.startswith("_check_")}


def parse(text, path, types, stem=""):
    """Parse one document file's text with ``types`` the declared document types
    (``stem``: the file's name, the address of a draft with neither number nor letters)."""
    front, body, body_line, problems = frontmatter.split(text, path)
    doc = Doc(path=path, body=body, body_line=body_line, problems=problems)
    if front is None:
        return doc
    data, doc.lines, load_problems = frontmatter._load(front, path)
    doc.problems += load_problems + frontmatter._body_problems(doc)
    data, ctx = data or {}, {"types": list(types)}
    for key, value in data.items():
        if key not in FIELDS:
            doc.problems.append(Problem(path, _("unknown field; the fields are: {fields}",
                                                fields=", ".join(FIELDS)),
                                        line=doc.lines[key], field=key))
            continue
        try:
            doc.meta[key] = _CHECKS[FIELDS[key][1]](value, ctx)
        except ValueError as exc:
            doc.problems.append(Problem(path, str(exc), line=doc.lines[key], field=key))
    for key, (required, _kind) in FIELDS.items():
        if required and key not in data:
            doc.problems.append(Problem(path, _("required but missing"), line=1, field=key))
    if "number" not in data and "consultation" not in data:
        doc.problems.append(Problem(path, _("required (only a draft for comments may have no "
                                            "number)"), line=1, field="number"))
    meta = doc.meta
    if "slug" not in meta and "slug" not in data:
        meta["slug"] = slugify(meta.get("number") or meta.get("abstract") or "") or slugify(stem)
    if not meta.get("slug") and "slug" not in data:
        doc.problems.append(Problem(path, _("cannot make an address from the number, the "
                                            "abstract or the file name; add a line 'slug: …'"),
                                    line=1, field="slug"))
    elif meta.get("slug") in RESERVED_SLUGS:
        doc.problems.append(Problem(path, _("the address {slug!r} belongs to a built-in page; "
                                            "choose another 'slug'", slug=meta["slug"]),
                                    line=doc.lines.get("slug"), field="slug"))
    start = meta.get("effective") or meta.get("issued")
    if start and meta.get("expires") and meta["expires"] <= start:
        doc.problems.append(Problem(path, _("the expiry date must be after the effective date "
                                            "(and the issue date)"),
                                    line=doc.lines.get("expires"), field="expires"))
    own = number_key(meta.get("number") or "")
    for key in LINK_FIELDS:
        if own and own in {number_key(n) for n in meta.get(key, ())}:
            doc.problems.append(Problem(path, _("a document cannot link to itself; remove its "
                                                "own number"), line=doc.lines.get(key),
                                        field=key))
    return doc


def status_on(meta, today, replaced=False):
    """The status a document has on ``today``: what the file says if it says one, else
    from its dates (and whether a document that has taken effect replaces it).

    Example: status_on({"issued": date(2024, 1, 2), "effective": date(2024, 2, 1)},
                       date(2024, 1, 15)) == "chua-co-hieu-luc"
    """
    if meta.get("status"):
        return meta["status"]
    if meta.get("consultation") and not meta.get("number"):
        return "du-thao"  # not issued yet: in effect or not is not the question
    if meta.get("expires") and today >= meta["expires"]:
        return "het-hieu-luc"
    if replaced:
        return "het-hieu-luc"
    if today < meta.get("effective", meta["issued"]):
        return "chua-co-hieu-luc"
    return "con-hieu-luc"


def _took_effect(meta, today):
    """Whether a document's own dates say it has taken effect by ``today`` (whatever
    happened to it since): a replacement that did is final."""
    if meta.get("consultation") and not meta.get("number"):
        return False
    return today >= meta.get("effective", meta["issued"])


def link(docs, today):
    """Check numbers and slugs are unique and every link names a document; set each
    document's ``status`` on ``today``. Returns the problems."""
    problems, by_number, by_slug = [], {}, {}
    for doc in docs:
        number = doc.meta.get("number")
        if number:
            first = by_number.setdefault(number_key(number), doc)
            if first is not doc:
                problems.append(Problem(doc.path, _("the number {number} is already used by "
                                                    "{path}", number=number, path=first.path),
                                        line=doc.lines.get("number"), field="number"))
        first = by_slug.setdefault(doc.meta.get("slug"), doc)
        if first is not doc:
            problems.append(Problem(doc.path, _("the address {slug!r} is already used by "
                                                "{path}; choose another 'slug'",
                                                slug=doc.meta["slug"], path=first.path),
                                    field="slug"))
    for doc in docs:
        for key in LINK_FIELDS:
            for number in doc.meta.get(key, ()):
                if number_key(number) not in by_number:
                    problems.append(Problem(doc.path, _("there is no document number {number} "
                                                        "in content/{folder}/", number=number,
                                                        folder="van-ban"),
                                            line=doc.lines.get(key), field=key))
    # Replaced: by a document that has taken effect, named from either side. Decided from
    # the dates alone, so the order of the files never matters.
    replaced = set()
    for doc in docs:
        if _took_effect(doc.meta, today):
            replaced.update(number_key(n) for n in doc.meta.get("replaces", ()))
    for doc in docs:
        own = number_key(doc.meta.get("number") or "")
        by = [by_number.get(number_key(n)) for n in doc.meta.get("replaced_by", ())]
        gone = own in replaced or any(d is not None and _took_effect(d.meta, today) for d in by)
        doc.status = status_on(doc.meta, today, gone)
    return problems


def consultation_state(meta, today):
    """"open", "upcoming" or "closed" for a draft taking comments (closing day included)."""
    c = meta["consultation"]
    return "upcoming" if today < c["opens"] else "open" if today <= c["closes"] else "closed"


def read_folder(root, shown_root, types, today):
    """Every document under ``root`` (``*.md``), parsed, linked, their attachments
    checked: (the good documents, every problem). ``shown_root``: paths in messages are
    relative to it. Each document gets ``files`` (``bantin.core.attachments``). A folder
    or a file that is neither a document nor one's attachment is reported, never skipped
    without a word.

    Example: docs, problems = read_folder("content/van-ban", ".", TYPES, date.today())
    """
    parsed, problems, others = [], [], []
    if not os.path.isdir(root):
        return [], []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        shown = os.path.relpath(path, shown_root)
        if not name.lower().endswith(".md"):
            others.append((name, shown, path))
            continue
        text, found = datafile.read_text(path, shown)
        doc = parse(text, shown, types, name[:-3]) if text is not None else \
            Doc(path=shown, problems=found)
        problems.extend(doc.problems)
        parsed.append(doc)
    good = [d for d in parsed if d.ok]
    problems.extend(link(good, today))
    used = set()
    for doc in good:
        doc.files, found = attachments.attachments(doc, root)
        problems.extend(found)
        used.update(os.path.basename(f["source"]) for f in doc.files)
        used.update(i["file"] for i in doc.meta.get("files", ()))
    for name, shown, path in others:
        if os.path.isdir(path) and not os.path.islink(path):
            problems.append(Problem(shown, _("folders inside the documents folder are not read; "
                                             "put documents and their attachments directly in "
                                             "the van-ban folder")))
        elif name not in used and nfc(name) not in used:
            problems.append(Problem(shown, _("this file is not a document (.md) and no document "
                                             "attaches it; add it to a document's 'files' or "
                                             "delete it"), severity="warning"))
    return good, problems
