"""A saved portal as its files: which may be article pages, and the address each had.

A mirror is what ``wget --mirror --adjust-extension`` (or a browser's "save page", or
a folder of text dumps) leaves: article pages mixed with list pages, menus, styles,
scripts and photos, some named after their query string
(``index.php?nv=news&op=tin-tuc%2Fhop-dan-402.html``; ``@`` for ``?`` when wget ran
with ``--restrict-file-names=windows``). ``candidates`` sorts them into files worth
reading and files skipped with a reason; ``old_address`` rebuilds the address a page
had on the old portal from its place in the mirror.
"""
import os
import re
import stat
from pathlib import Path
from urllib.parse import quote

from bantin.core.i18n import N_, _

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".php", ".asp", ".aspx", ".jsp", ".shtml")
# What a mirror holds besides pages: never read, counted in the report by kind.
SKIPPED_SUFFIXES = {
    N_("a style sheet"): (".css", ".less", ".scss"),
    N_("a script"): (".js", ".mjs", ".map", ".json"),
    N_("a photo or icon"): (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp",
                        ".tif", ".tiff"),
    N_("a font"): (".woff", ".woff2", ".ttf", ".otf", ".eot"),
    N_("a document or media file"): (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
                                 ".zip", ".rar", ".mp3", ".mp4", ".flv", ".swf", ".avi"),
    N_("a feed or sitemap"): (".xml", ".rss", ".atom"),
}
# wget writes "?" as "@" with --restrict-file-names=windows.
_QUERY_SIGN = re.compile(r"[?@](?=[^/]*=)")
MAX_NAME = 1024


def _skip_reason(path):
    name = path.name.lower()
    if name.startswith("."):
        return _("a hidden file")
    stem = _QUERY_SIGN.split(name, maxsplit=1)[0]
    for reason, suffixes in SKIPPED_SUFFIXES.items():
        if stem.endswith(suffixes) and not name.endswith((".html", ".htm")):
            return _("not a page ({kind})", kind=_(reason))
    if name.endswith(PAGE_SUFFIXES) or _QUERY_SIGN.search(name):
        return None
    try:  # no suffix at all (a mirror without --adjust-extension): a page if it reads as one
        with open(path, "rb") as fh:
            head = fh.read(512).lstrip().lower()
    except OSError as exc:
        return _("cannot be read ({reason})", reason=exc.strerror or exc)
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return None
    return _("not a page (not HTML or text)")


def candidates(src):
    """(pages, skipped) of the folder or file ``src``: pages are (path, path relative to
    ``src``) in a stable order; skipped are (path, reason).

    Example: candidates("mirror/ducgiang.gov.vn")[0][0][1] == "index.php?nv=news&op=a-1.html"
    """
    src = Path(src)
    if src.is_file():
        return [(src, src.name)], []
    if not src.is_dir():
        from bantin.legacy.text_pages import LegacyError
        raise LegacyError(_("{path}: no such file or folder", path=src))
    pages, skipped = [], []
    try:
        walked = [(folder, sorted(dirs), sorted(files), dirs)
                  for folder, dirs, files in _walk(src)]
    except RecursionError:
        from bantin.legacy.text_pages import LegacyError
        raise LegacyError(_("{path}: folders nested too deep to be a saved portal",
                            path=src)) from None
    for folder, dirs, files, _real in walked:
        for name in dirs:
            if Path(folder, name).is_symlink():
                skipped.append((Path(folder, name), _("a link to a folder (not followed)")))
        for name in files:
            path = Path(folder, name)
            try:
                mode = path.lstat().st_mode
            except OSError as exc:
                skipped.append((path, _("cannot be read ({reason})",
                                        reason=exc.strerror or exc)))
                continue
            if stat.S_ISLNK(mode):
                skipped.append((path, _("a symbolic link (not followed)")))
                continue
            if not stat.S_ISREG(mode):  # a pipe or a device would block or never end
                skipped.append((path, _("not a regular file")))
                continue
            reason = _skip_reason(path)
            if reason:
                skipped.append((path, reason))
            else:
                pages.append((path, path.relative_to(src).as_posix()))
    return pages, skipped


def _walk(src):
    """os.walk in a stable order (links to folders are listed, never followed)."""
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        yield folder, dirs, files


def old_address(base_url, relative):
    """The address the page at ``relative`` in the mirror had under ``base_url``.

    wget's added ".html" is taken off names that carry a query string or a server
    script's suffix; ``@`` before a query becomes ``?`` again.
    Example: old_address("https://a.gov.vn", "index.php@nv=news&op=b-402.html")
             == "https://a.gov.vn/index.php?nv=news&op=b-402"
    """
    relative = relative[:MAX_NAME]
    if _QUERY_SIGN.search(relative):
        path, query = _QUERY_SIGN.split(relative, maxsplit=1)
        if query.endswith(".html"):
            query = query[:-5]
        # The query as saved, but never a space, a control character or a byte that is
        # not UTF-8 (a name from an old Windows server) raw in an address.
        address = f"{quote(os.fsencode(path), safe='/%-._~')}?" \
            f"{quote(os.fsencode(query), safe='=&%/-._~+:,;@!$()*')}"
    else:
        path = relative
        if re.search(r"\.(php|asp|aspx|jsp)\.html?$", path, re.I):
            path = path.rsplit(".", 1)[0]
        if path.endswith("/index.html"):
            path = path[:-len("index.html")]
        address = quote(os.fsencode(path), safe="/%-._~")
    base = (base_url or "").rstrip("/")
    return f"{base}/{address.lstrip('/')}"
