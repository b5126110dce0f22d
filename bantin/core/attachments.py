"""A document's attachments (``bantin.core.documents``): only documents a reader opens,
each checked by its content, never a program. Pure: no Pelican.

Example:
    files, problems = attachments(doc, "content/van-ban")
"""
import os
import zipfile

from bantin.core.frontmatter import Problem, photo_path
from bantin.core.i18n import _
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
        return _("is {size:.1f} MB; the limit is {limit} MB (compress the file or split it)",
                 size=size / 1048576, limit=MAX_BYTES // 1048576)
    with open(path, "rb") as fh:
        head = fh.read(8)
    magic, kind, required = TYPES[suffix]
    if not head.startswith(magic):
        return _("not a real {kind} file (its content does not match the suffix {suffix})",
                 kind=kind, suffix=suffix)
    if required:
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_ENTRIES:
                    return _("the {kind} file holds {count} files inside; that is too many",
                             kind=kind, count=len(infos))
                names = [i.filename.lower() for i in infos]
        except (zipfile.BadZipFile, OSError, ValueError):
            return _("the {kind} file is damaged; open it and save it again", kind=kind)
        if any(n.endswith(ACTIVE_ENTRIES) for n in names):
            return _("has macros or programs inside; save it again as a file without macros")
        if required.lower() not in names:
            return _("not a real {kind} file", kind=kind)
    elif magic == b"\xd0\xcf\x11\xe0":
        with open(path, "rb") as fh:
            data = fh.read()
        if any(name in data for name in OLE_MACROS):
            return _("has macros (programs that run inside the file); save it again as a file "
                     "without macros")
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
            problems.append(Problem(doc.path, _("{file} is not a regular file (a link or a "
                                                "folder); put the real file there",
                                                file=item["file"]), **where))
            continue
        if not os.path.isfile(path):
            problems.append(Problem(doc.path, _("there is no file {file} next to the document "
                                                "(in the same folder)", file=item["file"]),
                                    **where))
            continue
        size = os.path.getsize(path)
        why = problem(path, item["suffix"], size)
        if why:
            problems.append(Problem(doc.path, f"{item['file']}: {why}", **where))
            continue
        stem = slugify(item["file"][:-len(item["suffix"])]) or "tep"
        key = stem + item["suffix"]
        if key in stems:
            problems.append(Problem(doc.path, _("{file} and {other} both become the file "
                                                "{name} when published; rename one of them",
                                                file=item["file"], other=stems[key], name=key),
                                    **where))
            continue
        stems[key] = item["file"]
        found.append({"title": item["title"], "source": path, "bytes": size,
                      "kind": TYPES[item["suffix"]][1], "suffix": item["suffix"], "stem": stem})
    return found, problems
