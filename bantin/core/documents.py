"""Văn bản (legal and administrative documents): one Markdown file with front matter
each, in ``content/van-ban/``, with the fields Vietnamese registries use (vbpl.vn,
NukeViet's ``laws`` module).

Pure: no Pelican. ``parse`` reads one file (never raises for bad content, every problem
with its line and field, in Vietnamese); ``link`` checks the links between documents
and derives each one's status (tình trạng) from its dates on a given day.

Example:
    doc = parse(text, "content/van-ban/04-hd-ubnd.md", TYPES)
    problems = link([doc], date(2026, 12, 1))
"""
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from bantin.core import frontmatter
from bantin.core.dates import parse_date
from bantin.core.frontmatter import Problem
from bantin.core.text import clean_text, name_key, slugify, unprintable

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
# Attachments a reader downloads: documents only, never a program or a page. The first
# bytes must say the same as the name (a renamed .exe is refused).
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-", "PDF"),
    ".docx": (b"PK\x03\x04", "Word"),
    ".xlsx": (b"PK\x03\x04", "Excel"),
    ".odt": (b"PK\x03\x04", "OpenDocument"),
    ".ods": (b"PK\x03\x04", "OpenDocument"),
    ".doc": (b"\xd0\xcf\x11\xe0", "Word"),
    ".xls": (b"\xd0\xcf\x11\xe0", "Excel"),
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CONSULTATION_KEYS = {"opens", "closes", "email", "address", "url"}
_NUMBER = re.compile(r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ/.\-]{0,60}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError("phải là một dòng chữ")
    text = clean_text(str(value)).strip()
    if unprintable(text):
        raise ValueError("có ký tự điều khiển không nhìn thấy; hãy xóa nó")
    if len(text) > limit:
        raise ValueError(f"dài {len(text)} ký tự; tối đa {limit}")
    if not text:
        raise ValueError("không được để trống")
    return text


def _check_text(value, ctx):
    return _text(value)


def _check_number(value, ctx):
    number = _text(value, 80)
    if not _NUMBER.match(number) or not re.search(r"\d", number):
        raise ValueError(f"{number!r} không phải số ký hiệu; hãy viết như trên văn bản, "
                         "ví dụ 97/2019/QH14 hoặc 04/HD-UBND")
    return number


def _check_type(value, ctx):
    wanted = name_key(_text(value, 200))
    for name in ctx["types"]:
        if name_key(name) == wanted:
            return name
    raise ValueError(f"{str(value)!r} không có trong danh sách loại văn bản; hãy dùng một "
                     f"trong: {', '.join(ctx['types'])}")


def _check_day(value, ctx):
    text = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise ValueError(f"{text!r} không phải ngày; hãy viết theo dạng YYYY-MM-DD, "
                         "ví dụ 2024-03-15")
    try:
        return parse_date(text).date()
    except ValueError:
        raise ValueError(f"ngày {text} không tồn tại") from None


def _check_status(value, ctx):
    key = slugify(_text(value, 40))
    if key not in STATUSES:
        raise ValueError(f"{str(value)!r} phải là một trong: {', '.join(STATUSES.values())}")
    return key


def _check_numbers(value, ctx):
    items = value if isinstance(value, list) else [value]
    return [_check_number(item, ctx) for item in items]


def _check_year(value, ctx):
    text = str(value).strip()
    if not re.match(r"^(19|20)\d\d$", text):
        raise ValueError(f"{text!r} không phải năm; ví dụ 2024")
    return int(text)


def _check_slug(value, ctx):
    return frontmatter._check_slug(value, {"reserved": ()})


def _check_files(value, ctx):
    if not isinstance(value, list) or not value:
        raise ValueError("phải là danh sách tệp đính kèm, mỗi dòng '- file: tên-tệp.pdf'")
    items = []
    for number, item in enumerate(value, start=1):
        item = {"file": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or set(map(str, item)) - {"file", "title"}:
            raise ValueError(f"mục {number} chỉ có 'file' và 'title'")
        name = _text(item.get("file"), 200)
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"mục {number}: {name!r} phải là tên một tệp đặt cạnh văn bản")
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if suffix not in ATTACHMENT_TYPES:
            raise ValueError(f"mục {number}: {name!r} không phải loại tệp được đăng; chỉ "
                             f"{', '.join(ATTACHMENT_TYPES)}")
        title = _text(item["title"], 300) if item.get("title") else name
        items.append({"file": name, "title": title, "suffix": suffix})
    return items


def _check_consultation(value, ctx):
    if not isinstance(value, dict):
        raise ValueError("phải có opens, closes và cách gửi góp ý (email, address hoặc url)")
    unknown = set(map(str, value)) - CONSULTATION_KEYS
    if unknown:
        raise ValueError(f"không có mục {sorted(unknown)[0]!r}; chỉ có "
                         f"{', '.join(sorted(CONSULTATION_KEYS))}")
    out = {}
    for key in ("opens", "closes"):
        if key not in value:
            raise ValueError(f"thiếu '{key}' (ngày YYYY-MM-DD)")
        try:
            out[key] = _check_day(value[key], ctx)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    if out["closes"] < out["opens"]:
        raise ValueError("ngày kết thúc (closes) trước ngày bắt đầu (opens)")
    for key in ("email", "address", "url"):
        if value.get(key):
            out[key] = _text(value[key], 500)
    if "email" in out and not _EMAIL.match(out["email"]):
        raise ValueError(f"email {out['email']!r} không phải địa chỉ thư")
    if "url" in out and not frontmatter._web_address(out["url"]):
        raise ValueError(f"url {out['url']!r} phải là địa chỉ web (https://…)")
    if not {"email", "address", "url"} & set(out):
        raise ValueError("cần ít nhất một cách gửi góp ý: email, address hoặc url")
    return out


_CHECKS = {name[len("_check_"):]: fn for name, fn in globals().items()
           if name.startswith("_check_")}


def parse(text, path, types):
    """Parse one document file's text with ``types`` the declared document types."""
    front, body, body_line, problems = frontmatter.split(text, path)
    doc = Doc(path=path, body=body, body_line=body_line, problems=problems)
    if front is None:
        return doc
    data, doc.lines, load_problems = frontmatter._load(front, path)
    doc.problems += load_problems
    ctx = {"types": list(types)}
    for key, value in (data or {}).items():
        if key not in FIELDS:
            doc.problems.append(Problem(path, "trường không có; các trường dùng được: "
                                        + ", ".join(FIELDS), line=doc.lines[key], field=key))
            continue
        try:
            doc.meta[key] = _CHECKS[FIELDS[key][1]](value, ctx)
        except ValueError as exc:
            doc.problems.append(Problem(path, str(exc), line=doc.lines[key], field=key))
    for key, (required, _kind) in FIELDS.items():
        if required and key not in (data or {}):
            doc.problems.append(Problem(path, "bắt buộc nhưng chưa có", line=1, field=key))
    if "number" not in (data or {}) and "consultation" not in (data or {}):
        doc.problems.append(Problem(path, "bắt buộc (chỉ dự thảo lấy ý kiến mới không có "
                                    "số ký hiệu)", line=1, field="number"))
    meta = doc.meta
    if "slug" not in meta and (meta.get("number") or meta.get("abstract")):
        meta["slug"] = slugify(meta.get("number") or meta["abstract"])
    if meta.get("effective") and meta.get("expires") and meta["expires"] <= meta["effective"]:
        doc.problems.append(Problem(path, "ngày hết hiệu lực phải sau ngày có hiệu lực",
                                    line=doc.lines.get("expires"), field="expires"))
    return doc


def status_on(meta, today, replaced=False):
    """The status a document has on ``today``: what the file says if it says one, else
    from its dates (and whether a document in effect replaces it).

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


def link(docs, today):
    """Check numbers and slugs are unique and every link names a document; set each
    document's ``status`` on ``today``. Returns the problems."""
    problems, by_number, by_slug = [], {}, {}
    for doc in docs:
        number = doc.meta.get("number")
        if number:
            first = by_number.setdefault(number_key(number), doc)
            if first is not doc:
                problems.append(Problem(doc.path, f"số {number} đã dùng cho {first.path}",
                                        line=doc.lines.get("number"), field="number"))
        first = by_slug.setdefault(doc.meta.get("slug"), doc)
        if first is not doc:
            problems.append(Problem(doc.path, f"địa chỉ {doc.meta['slug']!r} đã dùng cho "
                                    f"{first.path}; đặt 'slug' khác", field="slug"))
    for doc in docs:
        for key in LINK_FIELDS:
            for number in doc.meta.get(key, ()):
                if number_key(number) not in by_number:
                    problems.append(Problem(doc.path, f"không có văn bản số {number} trong "
                                            "content/van-ban/", line=doc.lines.get(key),
                                            field=key))
    in_effect_replacing = set()
    for doc in docs:
        doc.status = status_on(doc.meta, today)
    for doc in docs:
        if doc.status == "con-hieu-luc":
            in_effect_replacing.update(number_key(n) for n in doc.meta.get("replaces", ()))
    for doc in docs:
        replaced = number_key(doc.meta.get("number") or "") in in_effect_replacing or any(
            by_number.get(number_key(n)) is not None and
            by_number[number_key(n)].status == "con-hieu-luc"
            for n in doc.meta.get("replaced_by", ()))
        doc.status = status_on(doc.meta, today, replaced)
    return problems


def consultation_open(meta, today):
    """Whether a draft takes comments on ``today`` (closing day included)."""
    c = meta.get("consultation")
    return bool(c) and c["opens"] <= today <= c["closes"]


def find(docs, number):
    """The document with ``number`` (typed either way), or None."""
    key = number_key(number)
    return next((d for d in docs if number_key(d.meta.get("number") or "") == key), None)


def attachment_problem(path, suffix, size):
    """Why an attachment cannot be published, or None: its size and its first bytes
    against its name."""
    if size > MAX_ATTACHMENT_BYTES:
        return (f"nặng {size / 1048576:.1f} MB; tối đa {MAX_ATTACHMENT_BYTES // 1048576} MB "
                "(hãy nén hoặc chia nhỏ tệp)")
    with open(path, "rb") as fh:
        head = fh.read(8)
    magic, kind = ATTACHMENT_TYPES[suffix]
    if not head.startswith(magic):
        return f"không phải tệp {kind} thật (nội dung không khớp đuôi {suffix})"
    if magic == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return f"tệp {kind} bị hỏng"
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return "có macro (chương trình chạy trong tệp); hãy lưu lại thành tệp không có macro"
    return None


def attachments(doc, folder):
    """(files to publish, problems) of ``doc``'s ``files``, found in ``folder``: each
    {"title", "source", "bytes", "kind", "suffix", "stem"}."""
    found, problems = [], []
    for item in doc.meta.get("files", ()):
        path = os.path.join(folder, item["file"])
        if not os.path.isfile(path):
            problems.append(Problem(doc.path, f"không có tệp {item['file']} cạnh văn bản "
                                    "(trong cùng thư mục)", line=doc.lines.get("files"),
                                    field="files"))
            continue
        size = os.path.getsize(path)
        why = attachment_problem(path, item["suffix"], size)
        if why:
            problems.append(Problem(doc.path, f"{item['file']}: {why}",
                                    line=doc.lines.get("files"), field="files"))
            continue
        found.append({"title": item["title"], "source": path, "bytes": size,
                      "kind": ATTACHMENT_TYPES[item["suffix"]][1], "suffix": item["suffix"],
                      "stem": slugify(item["file"][:-len(item["suffix"])]) or "tep"})
    return found, problems


def read_folder(root, shown_root, types, today):
    """Every document under ``root`` (``*.md``), parsed, linked, their attachments
    checked: (the good documents, every problem). ``shown_root``: paths in messages are
    relative to it. Each document gets ``files`` (see ``attachments``).

    Example: docs, problems = read_folder("content/van-ban", ".", TYPES, date.today())
    """
    parsed, problems = [], []
    if not os.path.isdir(root):
        return [], []
    for name in sorted(os.listdir(root)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(root, name)
        shown = os.path.relpath(path, shown_root)
        with open(path, encoding="utf-8", errors="replace") as fh:
            doc = parse(fh.read(), shown, types)
        problems.extend(doc.problems)
        parsed.append(doc)
    good = [d for d in parsed if d.ok]
    problems.extend(link(good, today))
    for doc in good:
        doc.files, found = attachments(doc, root)
        problems.extend(found)
    return good, problems


__all__ = ["Doc", "FIELDS", "STATUSES", "parse", "link", "status_on", "number_key",
           "consultation_open", "find", "attachment_problem", "date"]
