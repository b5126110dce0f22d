"""A document's attachments (``bantin.core.documents``): only documents a reader opens,
each checked by its content, never a program. Pure: no Pelican.

Example:
    files, problems = attachments(doc, "content/van-ban")
"""
import os
import zipfile

from bantin.core.frontmatter import Problem, photo_path
from bantin.core.text import slugify

# suffix: (first bytes, kind shown, a file an archive of this kind must hold)
TYPES = {
    ".pdf": (b"%PDF-", "PDF", None),
    ".docx": (b"PK\x03\x04", "Word", "[Content_Types].xml"),
    ".xlsx": (b"PK\x03\x04", "Excel", "[Content_Types].xml"),
    ".odt": (b"PK\x03\x04", "OpenDocument", "mimetype"),
    ".ods": (b"PK\x03\x04", "OpenDocument", "mimetype"),
    ".doc": (b"\xd0\xcf\x11\xe0", "Word", None),
    ".xls": (b"\xd0\xcf\x11\xe0", "Excel", None),
}
MAX_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 5000  # a real .docx holds a few dozen files
# Inside an archive: programs and scripts, and the parts where Office keeps macros.
ACTIVE_ENTRIES = (".exe", ".dll", ".bat", ".cmd", ".com", ".scr", ".js", ".vbs", ".ps1",
                  ".jar", ".msi", ".sh", "vbaproject.bin")
# An old Office file's macros live in streams with these names (UTF-16 in its directory).
OLE_MACROS = ("_VBA_PROJECT".encode("utf-16-le"), "Macros".encode("utf-16-le"))


def problem(path, suffix, size):
    """Why an attachment cannot be published, or None."""
    if size > MAX_BYTES:
        return (f"nặng {size / 1048576:.1f} MB; tối đa {MAX_BYTES // 1048576} MB "
                "(hãy nén hoặc chia nhỏ tệp)")
    with open(path, "rb") as fh:
        head = fh.read(8)
    magic, kind, required = TYPES[suffix]
    if not head.startswith(magic):
        return f"không phải tệp {kind} thật (nội dung không khớp đuôi {suffix})"
    if required:
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_ENTRIES:
                    return f"tệp {kind} có {len(infos)} tệp bên trong; quá nhiều"
                names = [i.filename.lower() for i in infos]
        except (zipfile.BadZipFile, OSError, ValueError):
            return f"tệp {kind} bị hỏng"
        if any(n.endswith(ACTIVE_ENTRIES) for n in names):
            return "có macro hoặc chương trình bên trong; hãy lưu lại thành tệp không có macro"
        if required.lower() not in names:
            return f"không phải tệp {kind} thật"
    elif magic == b"\xd0\xcf\x11\xe0":
        with open(path, "rb") as fh:
            data = fh.read()
        if any(name in data for name in OLE_MACROS):
            return "có macro (chương trình chạy trong tệp); hãy lưu lại thành tệp không có macro"
    return None


def attachments(doc, folder):
    """(files to publish, problems) of ``doc``'s ``files``, found in ``folder`` (whatever
    the Unicode form of their names): each {"title", "source", "bytes", "kind",
    "suffix", "stem"}. Two files may not publish under one name."""
    found, problems, stems = [], [], {}
    where = {"line": doc.lines.get("files"), "field": "files"}
    for item in doc.meta.get("files", ()):
        path = str(photo_path(folder, item["file"]))
        if os.path.islink(path) or (os.path.exists(path) and not os.path.isfile(path)):
            problems.append(Problem(doc.path, f"{item['file']} không phải tệp bình thường "
                                    "(liên kết tắt hay thư mục); hãy đặt tệp thật", **where))
            continue
        if not os.path.isfile(path):
            problems.append(Problem(doc.path, f"không có tệp {item['file']} cạnh văn bản "
                                    "(trong cùng thư mục)", **where))
            continue
        size = os.path.getsize(path)
        why = problem(path, item["suffix"], size)
        if why:
            problems.append(Problem(doc.path, f"{item['file']}: {why}", **where))
            continue
        stem = slugify(item["file"][:-len(item["suffix"])]) or "tep"
        key = stem + item["suffix"]
        if key in stems:
            problems.append(Problem(doc.path, f"{item['file']} và {stems[key]} cùng thành "
                                    f"tệp {key} khi đăng; hãy đổi tên một tệp", **where))
            continue
        stems[key] = item["file"]
        found.append({"title": item["title"], "source": path, "bytes": size,
                      "kind": TYPES[item["suffix"]][1], "suffix": item["suffix"], "stem": stem})
    return found, problems
