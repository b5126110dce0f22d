"""Create a new article file for an editor (``invoke new``)."""
from pathlib import Path

import yaml

from bantin.core.dates import now_vn
from bantin.core.errors import UserError
from bantin.core.frontmatter import photo_folder
from bantin.core.i18n import _
from bantin.core.text import clean_text, name_key, slugify


# The new article's text: for the editor, so always Vietnamese, whatever BANTIN_LANG says.
PLACEHOLDER_BODY = 'Viết nội dung bài ở đây. Xóa dòng "status: draft" khi bài sẵn sàng đăng.'


class NewPostError(UserError):
    """The article cannot be created; the message says why."""


def new_article(content, title, category, categories, now=None):
    """Write ``content/<year>/<slug>.md`` as a draft and make its photo folder.

    Example:
        new_article(Path("content"), "Họp tổ dân phố số 3", "Thông báo", names)
        # -> Path("content/2026/hop-to-dan-pho-so-3.md")
    """
    title = clean_text(title).strip()
    if not title:
        raise NewPostError(_("the title is empty"))
    declared = next((c for c in categories if name_key(c) == name_key(category)), None)
    if declared is None:
        raise NewPostError(_("category: {value!r} is not a declared category; use one of: "
                             "{allowed}", value=category, allowed=", ".join(categories)))
    now = now or now_vn()
    slug = slugify(title)
    if not slug:
        raise NewPostError(_("the title has no letters or digits to make an address from"))
    path = Path(content) / f"{now.year:04d}" / f"{slug}.md"
    if path.exists():
        raise NewPostError(_("{path} already exists; choose another title or edit that file",
                             path=path))
    meta = {"title": title, "date": now.strftime("%Y-%m-%d %H:%M"), "category": declared,
            "slug": slug, "status": "draft"}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(f"---\n{head}---\n\n{PLACEHOLDER_BODY}\n")
    (Path(content) / photo_folder({"date": now, "slug": slug})).mkdir(parents=True, exist_ok=True)
    return path
