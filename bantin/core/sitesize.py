"""Whether a built site fits its host: files, bytes and the largest file against the
host's limits (``bantin.core.hosts``), so that a site too big for its host is stopped
before anything is uploaded, with what to do about it.

Example:
    lines, problems = check(measure("output"), limits_for(settings), "github-pages")
"""
import os
from dataclasses import dataclass

from bantin.core.hosts import host
from bantin.core.i18n import _, language
from bantin.core.settings import plugin_settings

LIMITS = ("max_files", "max_bytes", "max_file_bytes")
MIB = 1024 * 1024
WARN_AT = 0.8  # a warning from 80 % of a limit


@dataclass
class SiteSize:
    files: int
    bytes: int
    largest: int
    largest_path: str


def measure(folder):
    """Files, bytes and the largest file under ``folder`` (symbolic links not followed)."""
    files = total = largest = 0
    largest_path = ""
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                size = os.lstat(path).st_size
            except OSError:
                continue
            files += 1
            total += size
            if size > largest:
                largest, largest_path = size, os.path.relpath(path, folder)
    return SiteSize(files, total, largest, largest_path)


def limits_for(settings):
    """{max_files, max_bytes, max_file_bytes} of the settings' ``HOST`` (None: no
    limit), each replaced by the ``BANTIN_SIZE`` setting's when it gives one (unknown
    options refused)."""
    given = plugin_settings(settings, "BANTIN_SIZE", dict.fromkeys(LIMITS))
    return {key: given[key] if given[key] is not None else host(settings["HOST"]).get(key)
            for key in LIMITS}


_VIETNAMESE_DIGITS = str.maketrans(",.", ".,")  # 1.024,5: dots between thousands


def _number(text):
    """Digits as the language of messages groups them: 1,024.5 (English), 1.024,5."""
    return text.translate(_VIETNAMESE_DIGITS) if language() == "vi" else text


def _shown(value, unit):
    if unit == "files":
        return _("{count} files", count=_number(f"{value:,}"))
    return _number(f"{value / MIB:,.1f}") + " MB"


def check(size, limits, host_name):
    """(lines to print, problems): one line per measure against its limit; a problem
    (with what to do) for each limit exceeded, a warning line from ``WARN_AT``.

    Example: check(SiteSize(25000, 10, 1, "a"), {"max_files": 20000}, "cloudflare-pages")[1]
    """
    rows = (("max_files", size.files, "files", _("number of files")),
            ("max_bytes", size.bytes, "bytes", _("total size")),
            ("max_file_bytes", size.largest, "bytes",
             _("largest file ({path})", path=size.largest_path)))
    lines, problems = [], []
    for key, value, unit, label in rows:
        limit = limits.get(key)
        if not limit:
            lines.append(f"  {label}: {_shown(value, unit)}")
            continue
        share = value / limit
        lines.append(f"  {label}: {_shown(value, unit)} / {_shown(limit, unit)} "
                     f"({share:.0%})")
        if share > 1:
            problems.append(_(
                "{label} is {value}, over the {host} limit of {limit}; nothing was published. "
                "Choose a host without such a limit (BANTIN_HOST=s3 or nginx), or raise the "
                "limit if your plan allows it (BANTIN_SIZE in publishconf.py)",
                label=label, value=_shown(value, unit), limit=_shown(limit, unit),
                host=host_name))
        elif share >= WARN_AT:
            lines.append("  " + _("Warning: {label} has reached {share} of the {host} limit.",
                                  label=label, share=format(share, ".0%"), host=host_name))
    return lines, problems
