"""Reading the site's data and document files the way articles are read: UTF-8 only,
regular files only, one YAML document. Pure: no Pelican.

Example:
    text, problems = read_text("content/to-chuc.yaml", "content/to-chuc.yaml")
"""
import os
import re

from bantin.core import plainyaml
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _
from bantin.core.text import clean_text, nfc, unprintable

MAX_BYTES = 2 * 1024 * 1024
# An address a mailto: link can carry as it is: no query, no spaces.
EMAIL = re.compile(r"^[A-Za-z0-9._+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")


def read_text(path, shown):
    """(NFC text with "\\n" line ends, problems): None as text when it cannot be read."""
    if os.path.islink(path) or not os.path.isfile(path):
        return None, [Problem(shown, _("not a regular file (a folder or a link); put the "
                                       "real file here"))]
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(shown, _("cannot read the file ({reason})", reason=exc.strerror))]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, _("the file is larger than {limit} MB",
                                       limit=MAX_BYTES // 1048576))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Problem(shown, _("the file is not saved in UTF-8; save it again as "
                                       "UTF-8"), line=line)]
    return nfc(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")), []


def data_lines(text, shown):
    """The lines of a YAML data file, and a problem for a line that would end the YAML
    document there (``---`` or ``...``): what follows would be dropped without a word."""
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.rstrip() in ("---", "..."):
            return lines[:number - 1], [Problem(shown, _(
                "the line '{marker}' ends the data here and everything after it would be "
                "ignored; delete this line", marker=line.strip()), line=number)]
    return lines, []


def load_yaml(text, path):
    """(mapping, {key: line}, problems) of a YAML data file's text (no front matter
    lines around it: its lines are the file's)."""
    front, cut = data_lines(nfc(text.replace("\r\n", "\n")), path)
    data, lines, errors = plainyaml.load(front)
    # plainyaml counts lines of a front matter, after its opening '---': here there is none.
    lines = {key: line - 1 for key, line in lines.items()}
    problems = [Problem(path, m, line=line and line - 1, field=f) for m, line, f in errors]
    return data or {}, lines, problems + cut


def text_value(value, limit=1000):
    """A field's text, clean; ValueError (for the editor) when it is not one line of text
    within ``limit`` characters."""
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError(_("must be text"))
    text = clean_text(str(value)).strip()
    if unprintable(text):
        raise ValueError(_("contains an invisible control character; delete it"))
    if not text:
        raise ValueError(_("must not be empty"))
    if len(text) > limit:
        raise ValueError(_("is {length} characters long; shorten it to at most {limit}",
                           length=len(text), limit=limit))
    return text
