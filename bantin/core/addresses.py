"""Old portals' addresses as the site looks them up: shared by the importer, which
records them, and the build, which writes what makes them lead to the new pages."""
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit


def split(url):
    """(scheme, host, path, query) of ``url``, never raising: text from front matter
    may not be a URL at all ("http://[x/a.html")."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query
    except ValueError:
        rest = url.split("#", 1)[0]
        scheme, _, rest = rest.partition("://") if "://" in rest else ("", "", rest)
        host, slash, rest = rest.partition("/") if scheme else ("", "", rest)
        path, _, query = (slash + rest).partition("?")
        return scheme.lower(), host.lower(), path, query


def address_key(url):
    """The form an old address is looked up by: path and query, the query's parameters
    in a fixed order and decoded, no fragment; the host dropped (a merged ward's old
    domains all point at the new site).

    Example: address_key("http://x.vn/a.php?op=b%2Fc&nv=news#top") == "/a.php?nv=news&op=b/c"
    """
    _scheme, _host, path, query = split(url)
    path = unquote(path) or "/"
    params = sorted(p for p in query.split("&") if p)
    query = "&".join(unquote(p.replace("+", " ")) for p in params)
    return f"{path}?{query}" if query else path


def static_path(url):
    """Where a redirect page for ``url`` can live in the new site (a relative file path),
    or None when no static host can route it (a query string, a folder's own address
    that the new site uses, anything unusual).

    Example: static_path("https://a.vn/tin-tuc/hop-dan-402.html") == "tin-tuc/hop-dan-402.html"
    """
    _scheme, _host, path, query = split(url)
    if query:
        return None
    path = unquote(path).lstrip("/")
    pure = PurePosixPath(path)
    if not path or path.endswith("/") or any(p in ("", ".", "..") for p in path.split("/")):
        return None
    if not re.fullmatch(r"[A-Za-z0-9._~/-]+", path) or len(path) > 400:
        return None
    if pure.suffix.lower() in (".php", ".asp", ".aspx", ".jsp"):
        return None  # a server script's address: no static host serves a file for it
    return path if pure.suffix.lower() in (".html", ".htm") else f"{path}.html"
