"""A scan of built pages for anything that could run in a reader's browser.

Independent of ``bantin.core.safety`` on purpose: the tests check the build's output
with a second pair of eyes (BeautifulSoup plus raw-text patterns), not with the
code under test.
"""
import html
import re

from bs4 import BeautifulSoup

from conftest import reader_pages

THEME_SCRIPT = re.compile(r"^(\.\.?/|/|https?://[^/]+/)?(\.\./)*theme/js/[a-z]+\.[0-9a-f]+\.js$")
THEME_FORMS = {"search-box", "search__form"}
EMBED_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com"}
BAD_TAGS = ("base", "object", "embed", "applet", "style", "frame", "frameset", "link[rel=import]",
            "svg", "math", "portal")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "poster", "background", "data",
             "srcset", "cite", "ping")
_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# The raw text too, in case the parser above reads a tag differently from a browser:
# every start tag, its quoted values blanked, then its attribute names.
_RAW_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_RAW_HANDLER = re.compile(r"(?:^|[\s/])on[a-z]+\s*=", re.I)


def _bad_url(value):
    for part in value.split(",") if "," in value else [value]:
        url = _NOISE.sub("", html.unescape(part)).lower()
        if url.startswith(("javascript:", "vbscript:", "data:", "livescript:")):
            return url[:40]
    return None


def active_content(text):
    """What in one page's HTML could run or load: [] for a safe page.

    Example: active_content('<p onclick="x()">a</p>') == ["<p onclick>"]
    """
    found = []
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(True):
        name = tag.name.lower()
        for attr, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                found.append(f"<{name} {attr}>")
            if attr.lower() in URL_ATTRS and _bad_url(value):
                found.append(f"<{name} {attr}={_bad_url(value)}>")
            if attr.lower() == "srcdoc":
                found.append(f"<{name} srcdoc>")
        if name == "script":
            src, kind = tag.get("src", ""), tag.get("type", "")
            if not (THEME_SCRIPT.match(src) and not tag.string) and \
                    not (kind == "application/ld+json" and not src):
                found.append(f"<script src={src!r} type={kind!r}>")
        elif name == "iframe":
            from urllib.parse import urlsplit
            parts = urlsplit(_NOISE.sub("", tag.get("src", "")))
            if parts.scheme != "https" or parts.hostname not in EMBED_HOSTS:
                found.append(f"<iframe src={tag.get('src')!r}>")
        elif name == "meta" and tag.get("http-equiv"):
            if tag["http-equiv"].lower() != "content-security-policy":
                found.append(f"<meta http-equiv={tag['http-equiv']!r}>")
        elif name == "form":
            if not THEME_FORMS & set(tag.get("class", [])):
                found.append("<form>")
        elif name in ("input", "button", "textarea", "select"):
            if not tag.find_parent("form", class_=list(THEME_FORMS)) and \
                    not tag.find_parent(class_=["search", "lightbox"]) and \
                    not tag.find_parent("template"):
                found.append(f"<{name}>")
    for selector in BAD_TAGS:
        found += [f"<{t.name}>" for t in soup.select(selector)]
    for match in _RAW_TAG.finditer(text):
        if _RAW_HANDLER.search(_QUOTED.sub('""', match.group(2))):
            found.append(f"<{match.group(1)} on…> (raw text)")
    scripts = len(re.findall(r"<script\b", text, re.I))
    if scripts != len(soup.find_all("script")):
        found.append("a <script> the parser did not see")
    return found


def scan_site(output):
    """{page: findings} for every HTML page under ``output`` that has any."""
    report = {}
    for path in reader_pages(output):
        findings = active_content(path.read_text(encoding="utf-8"))
        if findings:
            report[str(path.relative_to(output))] = findings
    return report
