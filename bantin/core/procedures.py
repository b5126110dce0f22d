"""Thủ tục hành chính: the procedures a ward handles, each linked to where citizens
carry it out — the national or the provincial public-service portal. Only the name,
field and link are kept here (the procedure's text lives on the portal). Pure.

Example:
    items, problems = parse(text, "content/thu-tuc.yaml", (".gov.vn",))
"""
import re
from urllib.parse import urlsplit

from bantin.core import datafile
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _

ITEM_KEYS = {"name": True, "field": True, "url": True, "code": False}
MAX_ITEMS = 2000
_CODE = re.compile(r"^[0-9A-Za-z.\-]{1,30}$")



def _text(value, limit=500):
    return datafile.text_value(value, limit)


def portal_link(url, hosts):
    """The address if it is an https page on one of ``hosts`` (suffixes such as
    ".gov.vn"), else ValueError: a procedure only ever leads to a state portal. Written
    plainly: ASCII (a Vietnamese domain in its xn-- form), no user, no port, no backslash,
    which browsers would read otherwise than this check does.

    Example: portal_link("https://dichvucong.gov.vn/p/home.html", (".gov.vn",))
    """
    refused = ValueError(_("{url!r} must be an https page of a public-service portal ({hosts})",
                           url=url[:80], hosts=", ".join(hosts)))
    if not url.isascii() or any(c in url for c in "\\@") or any(ord(c) <= 32 for c in url):
        raise refused
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise refused from None
    host = parts.hostname or ""
    if parts.scheme != "https" or port is not None or parts.netloc.lower() != host or not any(
            host == h.lstrip(".") or host.endswith(h if h.startswith(".") else "." + h)
            for h in hosts):
        raise refused
    return url


def parse(text, path, hosts):
    """([{name, field, url, code?}], problems) of the data file: ``procedures:`` a list."""
    data, lines, problems = datafile.load_yaml(text, path)
    data = data or {}
    for key in set(data) - {"procedures"}:
        problems.append(Problem(path, _("unknown field; the only field is procedures"),
                                line=lines.get(key), field=key))
    value, items = data.get("procedures"), []
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        problems.append(Problem(path, _("must be a list of 1 to {limit} procedures, each "
                                        "starting with '- name: …'", limit=MAX_ITEMS),
                                line=lines.get("procedures", 1), field="procedures"))
        return items, problems
    for number, item in enumerate(value, start=1):
        try:
            if not isinstance(item, dict):
                raise ValueError(_("must have name, field, url"))
            unknown = set(map(str, item)) - set(ITEM_KEYS)
            if unknown:
                raise ValueError(_("there is no field {field!r}; the only fields are {fields}",
                                   field=sorted(unknown)[0], fields=", ".join(ITEM_KEYS)))
            out = {}
            for key, required in ITEM_KEYS.items():
                if item.get(key) in (None, ""):
                    if required:
                        raise ValueError(_("{field} is missing", field=key))
                    continue
                out[key] = portal_link(_text(item[key], 1000), hosts) if key == "url" \
                    else _text(item[key])
            if "code" in out and not _CODE.match(out["code"]):
                raise ValueError(_("the code {code!r} may only have letters, digits, dots and "
                                   "hyphens", code=out["code"]))
            items.append(out)
        except ValueError as exc:
            problems.append(Problem(path, _("item {number}: {problem}", number=number,
                                            problem=exc),
                                    line=lines.get("procedures"), field="procedures"))
    return items, problems
