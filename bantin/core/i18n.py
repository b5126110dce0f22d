"""Messages for editors in Vietnamese, for maintainers in English (``BANTIN_LANG=en``).

Code writes each message once, in English, as a gettext message id with named
placeholders: ``_("{value} is not a valid date", value=text)``. The Vietnamese
is in one catalog, ``bantin/core/locale/vi.po`` (gettext's format, read with Babel;
``invoke messages`` refreshes it from the code). Tables built at import time mark
their texts with ``N_`` and translate them where they are shown.
"""
import contextlib
import functools
import os
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
CATALOGS = Path(__file__).parent / "locale"


_forced = []  # languages set by in_language(), innermost last


def language():
    """The language of messages: ``BANTIN_LANG`` (vi or en), Vietnamese by default.

    Example: os.environ["BANTIN_LANG"] = "en"; language() == "en"
    """
    if _forced:
        return _forced[-1]
    wanted = os.environ.get("BANTIN_LANG", "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else DEFAULT


@functools.lru_cache(maxsize=None)
def catalog(lang):
    """{English message id: translation} for ``lang`` (empty for English)."""
    path = CATALOGS / f"{lang}.po"
    if lang == "en" or not path.exists():
        return {}
    with open(path, "rb") as fh:
        po = read_po(fh, locale=lang)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def _(message, /, **values):
    """``message`` in the current language, its ``{placeholders}`` filled from ``values``.

    Example: _("{count} error(s)", count=2) == "2 lỗi"
    """
    text = catalog(language()).get(message, message)
    return text.format(**values) if values else text


def template(message):
    """``message``'s translation with its placeholders left in, for code that fills
    them elsewhere (the web editor's script).

    Example: template("{count} error(s)") == "{count} lỗi"
    """
    return catalog(language()).get(message, message)


def N_(message):
    """Mark ``message`` for the catalog without translating it yet (tables, constants)."""
    return message


@contextlib.contextmanager
def in_language(lang):
    """Messages in ``lang`` inside the block, whatever BANTIN_LANG says (what editors
    read in their own interface, such as the web editor's form, is always Vietnamese)."""
    _forced.append(lang)
    try:
        yield
    finally:
        _forced.pop()
