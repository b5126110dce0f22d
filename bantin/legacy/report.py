"""What a migration did, for people and for programs: a table per portal on the
terminal, and every input file with its outcome and reason in a JSON report."""
import json
import os
from pathlib import Path

from bantin.core.i18n import _
from bantin.legacy.importer import STATUS_NAMES
from bantin.legacy.migrate import STATUSES, summary


def write_report(results, path):
    """Save ``results`` ([(portal, Result)]) as JSON at ``path``; returns the path.

    Example: write_report(migrate(...), "cache/import-report.json")
    """
    data = {
        "summary": summary(results),
        "pages": [{"portal": portal, "source": r.source, "status": r.status,
                   "reason": r.message, "article": r.target}
                  for portal, r in results],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def summary_lines(results):
    """The per-portal table as lines of text.

    Example: summary_lines([("a", Result("x.html", "written"))])[1].split() ==
             ["a", "1", "0", "0", "0", "0"]
    """
    table = summary(results)
    heading = _("portal")
    names = [_(STATUS_NAMES[s]) for s in STATUSES]
    width = max([len(heading)] + [len(p) for p in table])
    columns = [max(9, len(name)) for name in names]
    # Columns two spaces apart: Vietnamese headings are several words ("đã ghi", "không đổi").
    lines = [f"{heading:<{width}}  " + "  ".join(f"{n:>{c}}" for n, c in zip(names, columns))]
    for portal, row in table.items():
        lines.append(f"{portal:<{width}}  " + "  ".join(f"{row[s]:>{c}}"
                                                        for s, c in zip(STATUSES, columns)))
    return lines
