"""Active content in article bodies: find it (to refuse it, naming the line) and
remove whatever is not on the allow-list (to publish only what our theme expects).

An article body is HTML made by Markdown from text an editor or the importer
wrote, and Markdown passes raw HTML through. Two steps, both on the converted
HTML, never on the source line by line (a tag may span lines, a URL may hide
behind entities):

- ``find_active(html)`` lists what could run in a reader's browser: scripts,
  event handlers, ``javascript:`` and ``data:`` URLs, frames from hosts not
  allowed, forms, ``<meta>``, ``<base>``… The build and ``invoke check`` refuse
  an article with any, naming the line (``locate``).
- ``Sanitizer.clean(html)`` keeps only the tags and attributes that our
  Markdown and theme produce (nh3, the binding of the Ammonia allow-list
  sanitizer), so anything the first step did not think of is dropped anyway.

Pure: no Pelican. Shared by the reader (``bantin.plugins.content``), the checker and
the importer.
"""
import contextlib
import functools
import html as html_lib
import re
import signal
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown import Markdown

from bantin.core.frontmatter import Problem
from bantin.core.i18n import N_, _

# Tags that run code, load other documents, change the page's address or
# submit data. Value: a hint for the editor, if there is one to give.
ACTIVE_TAGS = {
    "script": "", "style": "", "object": "", "embed": "", "applet": "", "frame": "",
    "frameset": "", "form": "", "input": "", "button": "", "textarea": "", "select": "",
    "meta": N_("it can redirect the page"), "base": N_("it changes every link of the page"),
    "link": "", "svg": N_("save the drawing as a PNG file"), "math": "", "portal": "",
    "noscript": "", "template": "",
}
# Attributes that hold a URL a browser may follow or load.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "data", "codebase", "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest",
                  "icon", "profile", "usemap", "srcset", "imagesrcset"}
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Longest a body's Markdown conversion may take (a real article: milliseconds).
MARKDOWN_SECONDS = 5
# Bounds on the HTML of one body, and on what is reported of it.
MAX_DEPTH, MAX_TAGS, MAX_FINDINGS = 200, 20_000, 50
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
# Hosts whose <iframe> embeds are allowed when BANTIN_CHECK["embed_hosts"] is not set.
DEFAULT_EMBED_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)

# What our Markdown (with "extra") and the importer produce, and nothing else.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del",
    "ins", "sub", "sup", "small", "mark", "blockquote", "q", "cite", "abbr", "code", "pre",
    "kbd", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th",
    "td", "caption", "colgroup", "col", "a", "img", "figure", "figcaption", "picture",
    "source", "iframe", "div", "span", "details", "summary",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href", "hreflang"},
    # srcset…fetchpriority: our own photo figures, sanitised again after Pelican's rewriting
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding",
            "fetchpriority"},
    "source": {"srcset", "type", "media", "sizes"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "abbr": {"title"},
    "details": {"open"},
}
# Classes that our Markdown (footnotes) and the importer (missing photos) write.
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
    "figure": {"photo", "photo--missing"},
}
# Ids the theme and its scripts use: an article must not clobber them.
THEME_IDS = {"noi-dung", "q", "q-page", "tim-kiem", "lightbox-template", "xem-nhieu",
             "chuyen-muc", "chia-se", "thu-vien-anh", "tin-khac", "tin-moi"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]{0,80}$")
# A sandbox keeps an embedded player from navigating or scripting our page.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"


def markdown_converter(settings):
    """A Markdown converter with the extensions that ``MARKDOWN`` configures.

    Python-Markdown loads only the extensions it is given by name; Pelican's own
    reader adds the keys of ``extension_configs``, and so do we.
    Example: markdown_converter(settings).convert("*a*") == "<p><em>a</em></p>"
    """
    options = dict(settings.get("MARKDOWN", {}))
    configs = options.get("extension_configs", {})
    options["extensions"] = list(dict.fromkeys([*options.get("extensions", []), *configs]))
    converter = Markdown(**options)
    converter.bantin_options = options  # to start afresh after a conversion that failed
    return converter


def embed_hosts(settings):
    """Hosts whose <iframe> embeds an article may carry: one list for the reader, the
    checker, the importer and the Content-Security-Policy."""
    return frozenset(settings.get("BANTIN_CHECK", {}).get("embed_hosts", DEFAULT_EMBED_HOSTS))


@dataclass
class Finding:
    """One piece of active content: what it is, and source text to find its line by."""

    message: str
    clues: tuple = ()


def url_scheme(value):
    """The scheme a browser would see in a URL attribute, lower-case, or "".

    Browsers drop ASCII whitespace and control characters inside a scheme and
    decode entities first (HTMLParser already decoded them).
    Example: url_scheme(" Java\\tScript:alert(1)") == "javascript"
    """
    match = _SCHEME.match(_URL_NOISE.sub("", value))
    return match.group(1).lower() if match else ""


def embed_host_allowed(url, hosts):
    """Example: embed_host_allowed("https://www.youtube.com/embed/x", {"www.youtube.com"})"""
    url = _URL_NOISE.sub("", url)
    if "\\" in url:  # browsers read "\\" as "/", Python's urlsplit does not: no such URL here
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and (parts.hostname or "") in hosts


class _Scanner(HTMLParser):
    def __init__(self, embed_hosts):
        super().__init__(convert_charrefs=False)  # text stays raw: "&lt;a" is not a tag
        self.embed_hosts = embed_hosts
        self.findings = []
        self.depth = self.tags = 0

    def _add(self, message, *clues):
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(Finding(message, tuple(c for c in clues if c)))

    def _count(self, tag, raw, closes):
        # Tags left open pile up (the sanitiser's tree building gets slow: 16,000 open
        # <b> take it 30 s); real articles nest a few dozen deep.
        self.tags += 1
        if tag not in VOID_TAGS and not closes:
            self.depth += 1
            if self.depth == MAX_DEPTH + 1:
                self._add(_("tags are nested (or left open) over {limit} deep; close them",
                            limit=MAX_DEPTH), raw)
        if self.tags == MAX_TAGS + 1:
            self._add(_("the text has over {limit} tags; split the article", limit=MAX_TAGS),
                      raw)

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)

    def handle_starttag(self, tag, attrs, closes=False):
        raw = self.get_starttag_text() or ""
        tag = tag.lower()
        self._count(tag, raw, closes)
        if tag in ACTIVE_TAGS:
            message = _("active content <{tag}> is not allowed in an article", tag=tag)
            if ACTIVE_TAGS[tag]:
                message += f"; {_(ACTIVE_TAGS[tag])}"
            self._add(message, raw, f"<{tag}")
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self._add(_("event handler attribute '{name}=' is not allowed in an article",
                            name=name), raw, name)
            elif name == "srcdoc":
                self._add(_("<{tag} srcdoc=…> is not allowed in an article", tag=tag), raw,
                          "srcdoc")
            elif name in URL_ATTRIBUTES:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] \
                    if name.endswith("srcset") else [value]
                for url in urls:
                    scheme = url_scheme(url)
                    if scheme and scheme not in SAFE_SCHEMES:
                        message = _("'{scheme}:' links are not allowed in an article",
                                    scheme=scheme) if name == "href" else \
                            _("'{scheme}:' addresses are not allowed in an article",
                              scheme=scheme)
                        self._add(message, raw, url, f"{scheme}")
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            if not embed_host_allowed(src, self.embed_hosts):
                host = urlsplit(_URL_NOISE.sub("", src)).hostname if src else None
                shown = host or src or "nowhere"
                message = _("<iframe> from {host!r} is not on an https:// address", host=shown) \
                    if host in self.embed_hosts else \
                    _("<iframe> from {host!r} is not on the embed allow-list "
                      "(BANTIN_CHECK['embed_hosts'] in pelicanconf.py)", host=shown)
                if "\\" in src:
                    message = _("<iframe> address with a backslash is not allowed (browsers "
                                "read it as another host)")
                self._add(message,
                          raw, src, "<iframe")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, closes=True)

    def handle_data(self, data):
        # Text never starts with "<letter>" here: this is a tag the parser could not
        # finish (a quote never closed). A browser would read on into the page's own
        # markup, taking it for attributes.
        if re.match(r"\s*<[a-zA-Z]", data):
            self._add(_("a tag is never closed (a quote or '>' is missing)"),
                      data.strip()[:40])


def find_active(html, embed_hosts=()):
    """Everything in ``html`` that could run or load in a reader's browser.

    Example:
        [f.message for f in find_active('<p onclick="x()">a</p>')]
        == ["event handler attribute 'onclick=' is not allowed in an article"]
    """
    scanner = _Scanner(set(embed_hosts))
    try:
        scanner.feed(html)
        scanner.close()
    except ValueError:  # e.g. a character reference &#…; of thousands of digits
        scanner.findings.append(Finding(_("a character reference (&#…;) is not valid"),
                                        ("&#",)))
    return scanner.findings


def locate(source, finding, folded=None):
    """1-based line of ``source`` where ``finding`` most likely comes from, or None.

    ``folded``: ``source.casefold()``, when the caller locates several findings."""
    folded = source.casefold() if folded is None else folded
    for clue in finding.clues:
        for text in (clue, html_lib.escape(clue, quote=False)):
            index = folded.find(text.casefold())
            if index >= 0:
                return source.count("\n", 0, index) + 1
    return None


def _keep_attribute(hosts, tag, attribute, value):
    if attribute == "id" and (value in THEME_IDS or not _ID.match(value)):
        return None
    if tag == "iframe" and attribute == "src":
        return value if embed_host_allowed(value, hosts) else None
    if attribute in ("srcset", "imagesrcset"):  # nh3 checks the schemes of src, not srcset
        schemes = {url_scheme(part.strip().split(" ")[0]) for part in value.split(",")}
        return value if schemes <= {"", *SAFE_SCHEMES} else None
    return value


class Sanitizer:
    """The allow-list for article bodies; ``clean(html)`` returns what may be published.

    Example:
        Sanitizer({"www.youtube.com"}).clean('<p>a<script>x</script></p>') == "<p>a</p>"
    """

    def __init__(self, embed_hosts=()):
        self.embed_hosts = frozenset(embed_hosts)
        self._cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style", "template", "noscript", "textarea",
                                "select", "svg", "math", "object", "applet", "frameset"},
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=functools.partial(_keep_attribute, self.embed_hosts),
            strip_comments=True,
            link_rel="noopener",
            url_schemes=set(SAFE_SCHEMES),
            allowed_classes=ALLOWED_CLASSES,
            set_tag_attribute_values={"iframe": {"sandbox": IFRAME_SANDBOX, "loading": "lazy",
                                                 "referrerpolicy": "strict-origin-when-cross-origin"}},
        )

    def clean(self, html):
        return self._cleaner.clean(html)


class ConversionTimeout(Exception):
    """Markdown took longer than the time limit."""


@contextlib.contextmanager
def time_limit(seconds):
    """Interrupt the Python code inside after ``seconds`` (ConversionTimeout).

    Python-Markdown is quadratic on some inputs ("<a " 30,000 times: minutes), so a
    hostile article must not hold the build. Works in the main thread (builds,
    checks, imports and the livereload watcher run there); elsewhere it does nothing.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum, _frame):
        raise ConversionTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _convert(doc, markdown, seconds):
    """(HTML, None) or (None, Problem) when the body cannot be converted in time."""
    failure = None
    try:
        with time_limit(seconds):
            markdown.reset()
            return markdown.convert(doc.body), None
    except ConversionTimeout:
        failure = _("the text takes over {seconds} s to convert (a very long run of unclosed "
                    "tags, headings or nested lists?); simplify it or split the article",
                    seconds=f"{seconds:g}")
    except RecursionError:
        failure = _("the text is nested too deeply (lists, quotes or blocks inside each other)")
    except ValueError as exc:  # e.g. a character reference of thousands of digits
        failure = _("the text cannot be converted ({reason})", reason=exc)
    # A conversion stopped half-way leaves the converter's state behind: start afresh.
    markdown.__init__(**getattr(markdown, "bantin_options", {}))
    return None, Problem(doc.path, failure, line=doc.body_line)


def render_body(doc, markdown, embed_hosts=(), seconds=MARKDOWN_SECONDS):
    """Convert ``doc``'s Markdown body; return (safe HTML, problems naming lines).

    The HTML is sanitised in any case; the problems say what active content was
    there, so that the build and ``invoke check`` refuse the article.
    Example:
        html, problems = render_body(doc, markdown_converter(settings), {"www.youtube.com"})
    """
    html, failure = _convert(doc, markdown, seconds)
    if failure:
        return "", [failure]
    try:
        with time_limit(seconds):  # the scan is Python too (html.parser)
            findings = find_active(html, embed_hosts)
    except ConversionTimeout:
        return "", [Problem(doc.path, _("the text takes over {seconds} s to check (a very "
                                        "long run of unclosed tags?); simplify it",
                                        seconds=f"{seconds:g}"), line=doc.body_line)]
    problems, seen, folded = [], set(), doc.body.casefold()
    for finding in findings:
        line = locate(doc.body, finding, folded)
        problem = Problem(doc.path, finding.message,
                          line=doc.body_line + line - 1 if line else doc.body_line)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    if problems:  # the build stops: nothing to clean (and no bound on the cleaner's time)
        return "", problems
    return sanitizer(frozenset(embed_hosts)).clean(html), problems


@functools.lru_cache(maxsize=8)
def sanitizer(embed_hosts):
    """One ``Sanitizer`` per allow-list of hosts: building nh3's cleaner costs more than using it."""
    return Sanitizer(embed_hosts)
