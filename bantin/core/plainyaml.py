"""YAML front matter read as the text the editor typed, safely.

YAML's own loader turns ``title: yes`` into True and ``views: 010`` into 8,
follows tags (``!!python/object``) and expands aliases (a few lines can ask for
gigabytes). Here only the parser's events are used: scalars stay text (the
field rules in ``bantin.core.frontmatter`` convert them), tags, anchors and aliases
are refused with their line, and nesting, size and count are bounded.

``load(front_lines) -> (data, key_lines, errors)``; errors are
``(message, line, field)``. Pure, no Pelican.
"""
import re

import yaml

from bantin.core.i18n import N_, _
from bantin.core.text import unprintable

# Plain scalars that editors type unquoted and YAML would misread: a headline
# with "PHƯỚC LONG: …" or "Tổ #3". We quote them before YAML sees them.
# File names (cover, file) are left to YAML, so a "# comment" after them still works.
_TEXT_LINE = re.compile(r"^((?:  +|- +|  +- +)?(title|source|summary|category|caption|alt):[ ]+)"
                        r"(.*?)\s*$")
_YAML_START = tuple("\"'|>[{&*!%@`")
# Bounds that keep a hostile file from costing the build time or memory. A real
# front matter is a few hundred bytes.
MAX_FRONT_MATTER = 32 * 1024
MAX_DEPTH = 4  # gallery: list > item mapping > value
MAX_EVENTS = 4000
# libyaml's parser when available: front matter of 10,000 articles is parsed on every build.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Only its parser is used: events, never YAML's own construction of objects."""


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser: slower, but it points at the right line of a mistake."""


# What PyYAML says (its English wording, which an editor cannot act on) -> what to do.
YAML_PROBLEMS = [
    ("mapping values are not allowed", N_(
        "a value contains ': '; put the whole value in double quotes, "
        "e.g. title: \"Hội nghị: kết quả\"")),
    ("could not find expected ':'", N_(
        "a line is not 'field: value'; check it and the line above it")),
    ("found unexpected end of stream", N_("a quote is opened but not closed")),
    ("expected <block end>", N_(
        "the spaces at the start of the lines do not line up; indent the items of a "
        "list the same way")),
    ("found undefined alias", N_("YAML aliases (*name) are not allowed; write the value out")),
]


def _yaml_problem(reason):
    for known, message in YAML_PROBLEMS:
        if known in reason:
            return _(message)
    return _("front matter is not valid YAML ({reason})", reason=reason)


class _Refused(Exception):
    def __init__(self, message, line):
        super().__init__(message)
        self.line = line


def _quote_text_line(line):
    match = _TEXT_LINE.match(line)
    if not match:
        return line
    lead, value = match.group(1), match.group(3)
    if not value or value.startswith(_YAML_START):
        return line
    if ": " in value or value.endswith(":") or " #" in value:
        return "{}'{}'".format(lead, value.replace("'", "''"))
    return line


def _field_of(front_lines, number):
    """The top-level key a front-matter line belongs to (for messages)."""
    for line in reversed(front_lines[:number - 1]):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            return match.group(1)
    return None


def _line_problems(front_lines):
    if sum(len(line) + 1 for line in front_lines) > MAX_FRONT_MATTER:
        return [(_("the front matter is over {limit} KB; it holds only short fields",
                   limit=MAX_FRONT_MATTER // 1024), 2, None)]
    problems = []
    for number, line in enumerate(front_lines, start=2):
        if "\t" in line:
            problems.append((_("tab character in the front matter; use spaces"), number, None))
        bad = unprintable(line)
        if bad:
            problems.append((_("invisible control character {char} is not allowed; delete it",
                               char=bad), number, _field_of(front_lines, number)))
    return problems


def _node(loader, event, depth):
    """Plain data from YAML events: scalars stay the text the editor typed."""
    line = event.start_mark.line + 2
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(_("YAML aliases (*name) are not allowed; write the value out"), line)
    if getattr(event, "anchor", None):
        raise _Refused(_("YAML anchors (&name) are not allowed; write the value out"), line)
    if getattr(event, "tag", None) not in (None, "!"):
        raise _Refused(_("YAML tags ({tag}) are not allowed; write plain text", tag=event.tag),
                       line)
    if depth > MAX_DEPTH:
        raise _Refused(_("the front matter is nested too deeply"), line)
    loader.count += 1
    if loader.count > MAX_EVENTS:
        raise _Refused(_("the front matter has too many values"), line)
    if isinstance(event, yaml.ScalarEvent):
        return event.value
    if isinstance(event, yaml.SequenceStartEvent):
        items = []
        while not loader.check_event(yaml.SequenceEndEvent):
            items.append(_node(loader, loader.get_event(), depth + 1))
        loader.get_event()
        return items
    mapping = {}
    while not loader.check_event(yaml.MappingEndEvent):
        key_event = loader.get_event()
        key = _node(loader, key_event, depth + 1)
        if not isinstance(key, str):
            raise _Refused(_("a key must be a plain name"), key_event.start_mark.line + 2)
        value = _node(loader, loader.get_event(), depth + 1)
        if key in mapping:
            raise _Refused(_("{key!r} appears twice", key=key), key_event.start_mark.line + 2)
        mapping[key] = (value, key_event.start_mark.line + 2)
    loader.get_event()
    return mapping


def _parse_events(loader_class, source):
    loader = loader_class(source)
    loader.count = 0
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root_event = loader.get_event()
        if not isinstance(root_event, (yaml.MappingStartEvent, yaml.AliasEvent)) or \
                getattr(root_event, "anchor", None):
            if isinstance(root_event, yaml.ScalarEvent) and root_event.value == "" and \
                    loader.check_event(yaml.DocumentEndEvent):
                return None
            raise _Refused(_("front matter must be 'key: value' lines"), 2)
        keys = []
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.get_event()
            key = _node(loader, key_event, 1)
            if not isinstance(key, str):
                raise _Refused(_("a key must be a plain name"), key_event.start_mark.line + 2)
            keys.append((key, key_event.start_mark.line + 2, _node(loader, loader.get_event(), 1)))
        return keys
    finally:
        loader.dispose()


def _plain(value):
    """Drop the line numbers kept on nested mappings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, (v, _line) in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load(front_lines):
    """Parse front-matter lines (without the ``---``); line numbers count the first ``---``.

    Example: load(["title: yes", "views: 010"]) == ({"title": "yes", "views": "010"},
                                                  {"title": 2, "views": 3}, [])
    """
    errors = _line_problems(front_lines)
    if errors:
        return {}, {}, errors
    source = "\n".join(_quote_text_line(line) for line in front_lines)
    try:
        try:
            keys = _parse_events(_Loader, source)
        except yaml.YAMLError:
            keys = _parse_events(_PyLoader, source)
    except _Refused as exc:
        return {}, {}, [(str(exc), exc.line, None)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        return {}, {}, [(_yaml_problem(reason), mark.line + 2 if mark else None, None)]
    except RecursionError:
        return {}, {}, [(_("the front matter is nested too deeply"), 2, None)]
    data, key_lines = {}, {}
    for key, line, value in keys or []:
        if key in data:
            errors.append((_("appears twice"), line, key))
            continue
        key_lines[key] = line
        data[key] = _plain(value)
    return data, key_lines, errors
