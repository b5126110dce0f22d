"""Synthetic mirrors of old portals, as ``wget --mirror`` leaves them, for the
migration benchmark and tests.

``generate_mirrors(root, pages)`` writes ``pages`` article pages spread over portals
of different software — NukeViet 4 (path addresses ``tin-tuc/<slug>-<id>.html``),
NukeViet 3 (query addresses, wget names ``index.php?language=vi&nv=news&op=…``) and,
for a third portal, Liferay (``…/-/asset_publisher/…/content/<slug>?…assetEntryId=…``)
— with what a real mirror mixes in: category pages listing 20 articles, styles,
scripts, and the hard cases: stories republished by a second portal a day later
(``overlap``), and annual articles whose long titles differ only after the slug's
80 characters. Text comes from the seed articles (``bantin.dev.synth``).
"""
import random
from pathlib import Path
from urllib.parse import quote

from bantin.core.text import slugify
from bantin.dev.legacy_pages import render_page
from bantin.dev.synth import CATEGORIES, _material
from bantin.legacy.migrate import Portal

SOFTWARE = ("nukeviet4", "nukeviet3", "liferay")
ANNUAL = ("Hội nghị tổng kết công tác mặt trận tổ quốc và các đoàn thể chính trị - xã hội "
          "của phường năm {year}")


def page_name(kind, slug, number):
    """The file a wget mirror keeps the article page in."""
    if kind == "nukeviet4":
        return f"tin-tuc/{slug}-{number}.html"
    if kind == "nukeviet3":
        return f"index.php?language=vi&nv=news&op={quote('tin-tuc/' + slug, safe='-')}-{number}.html"
    return (f"web/guest/tin-tuc/-/asset_publisher/Xq2p/content/{slug}?p_p_id=101_INSTANCE_Xq2p"
            f"&_101_INSTANCE_Xq2p_assetEntryId={number}.html")


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate_mirrors(root, pages, portals=2, overlap=0.05, seed=7):
    """Write the mirrors under ``root``; returns their ``Portal``s (for ``migrate``).

    Example: generate_mirrors(tmp, 200) -> [Portal("phuong-1-cu", …), Portal("phuong-2-cu", …)]
    """
    rng = random.Random(seed)
    paragraphs, _captions, titles = _material()
    made, stories = [], []
    for index in range(portals):
        name = f"phuong-{index + 1}-cu"
        made.append(Portal(name, str(Path(root, f"phuong{index + 1}.example.vn")),
                           f"https://phuong{index + 1}.example.vn"))
    per_portal = [pages // portals + (1 if i < pages % portals else 0) for i in range(portals)]
    for index, (portal, count) in enumerate(zip(made, per_portal)):
        kind = SOFTWARE[index % len(SOFTWARE)]
        folder = Path(portal.src)
        listed = []
        for number in range(1, count + 1):
            copied = index > 0 and stories and rng.random() < overlap
            if copied:  # a story of the first portal, republished a day later
                title, date, body, category = rng.choice(stories)
                date = (date[0], date[1], min(28, date[2] + 1), date[3], date[4])
            else:
                year = rng.randint(2016, 2025)
                date = (year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 17),
                        rng.choice((0, 15, 30, 45)))
                title = ANNUAL.format(year=year) if rng.random() < 0.02 else \
                    f"{rng.choice(titles)} (số {index + 1}.{number})"
                body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 9)))
                category = rng.choice(CATEGORIES)
                if index == 0:
                    stories.append((title, date, body, category))
            name = page_name(kind, slugify(title)[:60], number)
            lead = body[0].split(". ")[0][:300]
            _write(folder / name, render_page(kind, title, date, body, lead=lead,
                                             views=rng.randint(0, 25_000), category=category))
            listed.append((title, "/" + name))
        for start in range(0, len(listed), 20):  # category pages, 20 articles each
            _write(folder / f"tin-tuc/trang-{start // 20 + 1}.html",
                   render_page(f"{kind}-list", "Tin tức", None, listed[start:start + 20],
                               category="Tin tức"))
        _write(folder / "themes/default/css/style.css", "body{font:14px Arial}\n")
        _write(folder / "themes/default/js/main.js", "var nv_base = '/';\n")
    return made
