"""Keep the Vietnamese catalog in step with the code (``invoke messages``).

Example:
    missing = update()      # adds new message ids to vi.po, drops unused ones
    missing == []           # every message has its Vietnamese
"""
import ast
import contextlib
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from bantin.core.i18n import CATALOGS

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None}
# Maintainers' benchmarks and audits speak English only; what editors run is translated.
SKIP = ("bantin/dev/",)
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)(?:[!:][^}]*)?\}")


def extract():
    """Every message id in the code: {id: [(file, line), …]}."""
    found = {}
    sources = [(p, str(p.relative_to(ROOT))) for p in sorted((ROOT / "bantin").rglob("*.py"))]
    sources.append((ROOT / "tasks.py", "tasks.py"))
    for path, shown in sources:
        if shown.startswith(SKIP):
            continue
        # Babel warns of every f-string among a call's values (not its message): noise here.
        with contextlib.redirect_stderr(io.StringIO()):
            found_here = list(extract_from_file("python", path, keywords=KEYWORDS))
        for line, message, _comments, _context in found_here:
            if isinstance(message, str):
                found.setdefault(message, []).append((shown, line))
    for name, doc, line in _task_docstrings(ROOT / "tasks.py"):
        found.setdefault(doc, []).append(("tasks.py", line))
    return found


def _task_docstrings(path):
    """(name, first docstring, line) of every @task in tasks.py: `invoke --list` shows them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
                (getattr(d, "id", None) or getattr(getattr(d, "func", None), "id", None)) == "task"
                for d in node.decorator_list):
            doc = ast.get_docstring(node)
            if doc:
                yield node.name, doc.strip(), node.lineno


def placeholders(text):
    """Example: placeholders("{path}:{line!r} {x:g}") == {"path", "line", "x"}"""
    return set(PLACEHOLDER.findall(text))


def read(lang="vi"):
    with open(CATALOGS / f"{lang}.po", "rb") as fh:
        return read_po(fh, locale=lang)


def update(lang="vi"):
    """Rewrite ``<lang>.po`` with the code's message ids, keeping existing translations;
    return the ids that still have none."""
    found = extract()
    path = CATALOGS / f"{lang}.po"
    old = read(lang) if path.exists() else Catalog(locale=lang)
    new = Catalog(locale=lang, charset="utf-8", fuzzy=False)
    for message_id, places in found.items():
        old_message = old.get(message_id)
        new.add(message_id, old_message.string if old_message else "",
                locations=[(f, n) for f, n in places])
    with open(path, "wb") as fh:
        # No header dates, no line numbers: the file changes only when a message does.
        write_po(fh, new, width=100, omit_header=True, include_lineno=False)
    return [m for m, _ in found.items() if not (old.get(m) and old.get(m).string)]
