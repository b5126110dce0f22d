"""Reading the site's data and document files the way articles are read: UTF-8 only,
regular files only, one YAML document. Pure: no Pelican.

Example:
    text, problems = read_text("content/to-chuc.yaml", "content/to-chuc.yaml")
"""
import os

from bantin.core.frontmatter import Problem
from bantin.core.text import nfc

MAX_BYTES = 2 * 1024 * 1024


def read_text(path, shown):
    """(NFC text with "\\n" line ends, problems): None as text when it cannot be read."""
    if os.path.islink(path) or not os.path.isfile(path):
        return None, [Problem(shown, "không phải một tệp bình thường (thư mục hay liên kết "
                              "tắt); hãy đặt tệp thật vào đây")]
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(shown, f"không đọc được tệp ({exc.strerror})")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, f"tệp lớn hơn {MAX_BYTES // 1048576} MB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Problem(shown, "tệp không lưu theo bảng mã UTF-8; hãy lưu lại với "
                              "UTF-8", line=line)]
    return nfc(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")), []


def data_lines(text, shown):
    """The lines of a YAML data file, and a problem for a line that would end the YAML
    document there (``---`` or ``...``): what follows would be dropped without a word."""
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.rstrip() in ("---", "..."):
            return lines[:number - 1], [Problem(shown, f"dòng '{line.strip()}' kết thúc dữ "
                                                "liệu ở đây, phần sau sẽ bị bỏ qua; hãy xóa dòng "
                                                "này", line=number)]
    return lines, []
