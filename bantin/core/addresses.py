"""Old portals' addresses as the site looks them up: shared by the importer, which
records them, and the build, which writes what makes them lead to the new pages."""
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit


def address_key(url):
    """The form an old address is looked up by: path and query, the query's parameters
    in a fixed order and decoded, no fragment; the host dropped (a merged ward's old
    domains all point at the new site).

    Example: address_key("http://x.vn/a.php?op=b%2Fc&nv=news#top") == "/a.php?nv=news&op=b/c"
    """
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    params = sorted(p for p in parts.query.split("&") if p) if parts.query else []
    query = "&".join(unquote(p.replace("+", " ")) for p in params)
    return f"{path}?{query}" if query else path


def static_path(url):
    """Where a redirect page for ``url`` can live in the new site (a relative file path),
    or None when no static host can route it (a query string, a folder's own address
    that the new site uses, anything unusual).

    Example: static_path("https://a.vn/tin-tuc/hop-dan-402.html") == "tin-tuc/hop-dan-402.html"
    """
    parts = urlsplit(url)
    if parts.query:
        return None
    path = unquote(parts.path).lstrip("/")
    pure = PurePosixPath(path)
    if not path or path.endswith("/") or any(p in ("", ".", "..") for p in path.split("/")):
        return None
    if not re.fullmatch(r"[A-Za-z0-9._~/-]+", path) or len(path) > 400:
        return None
    if pure.suffix.lower() in (".php", ".asp", ".aspx", ".jsp"):
        return None  # a server script's address: no static host serves a file for it
    return path if pure.suffix.lower() in (".html", ".htm") else f"{path}.html"
