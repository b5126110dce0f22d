"""``invoke bench --articles N``: build speed side by side with stock Pelican.

In one run, on one generated site (``bantin.dev.synth``):
1. stock Pelican (same Markdown, same version, ``simple`` theme, no plugins),
   configured to write the same kinds of pages (``LIKE_FOR_LIKE``: the same
   pagination, feeds of the same length, the same URL scheme and archives);
2. our full publish build for GitHub Pages (all plugins, theme, photos, search
   index), once with an empty read cache (a first build: every article converted) and
   once with the read cache of the previous build kept (what CI restores; photo
   derivatives are cached in both, see bench-images for a first photo import); then
   the same for nginx, which also writes the ``.gz``/``.br`` copies;
3. our incremental rebuild in the livereload engine after editing one article's
   text, after changing its title and date (it moves in every listing), after
   adding one article, after changing one photo.
Each is run ``runs`` times; medians of wall and CPU seconds, the peak RSS of the
whole process tree, and the ratios to stock Pelican are printed.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bantin.dev.measure import measure, median_sample

ROOT = Path(__file__).resolve().parents[2]  # the checkout: bantin/dev/ is two levels down
STOCK_CONF = '''import os, pelican
AUTHOR = "Ban biên tập"
SITENAME = "Stock Pelican"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = os.path.join(os.path.dirname(pelican.__file__), "themes", "simple")
'''
# Settings copied from pelicanconf.py into stock Pelican's, so that it writes the same
# pages: without them it lists every article on every home, category and tag page and
# puts every article's full text in every feed.
LIKE_FOR_LIKE = (
    "ARTICLE_URL", "ARTICLE_SAVE_AS", "PAGE_URL", "PAGE_SAVE_AS", "CATEGORY_URL",
    "CATEGORY_SAVE_AS", "CATEGORIES_SAVE_AS", "TAG_URL", "TAG_SAVE_AS", "TAGS_SAVE_AS",
    "ARCHIVES_SAVE_AS", "YEAR_ARCHIVE_URL", "YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_URL",
    "MONTH_ARCHIVE_SAVE_AS", "AUTHOR_SAVE_AS", "AUTHORS_SAVE_AS", "PAGINATED_TEMPLATES",
    "DEFAULT_PAGINATION", "PAGINATION_PATTERNS", "FEED_ALL_ATOM", "CATEGORY_FEED_ATOM",
    "FEED_ALL_RSS", "CATEGORY_FEED_RSS", "TRANSLATION_FEED_ATOM", "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS", "FEED_MAX_ITEMS", "MARKDOWN",
)
# Ours also writes a 404 page and the search page, which the simple theme has not.
STOCK_DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]


def stock_conf():
    """The stock Pelican settings file: its defaults plus our page-writing settings."""
    import runpy
    ours = runpy.run_path(str(ROOT / "pelicanconf.py"))  # as written, before Pelican adds to it
    lines = [STOCK_CONF.rstrip()] + [f"{key} = {ours[key]!r}" for key in LIKE_FOR_LIKE]
    lines.append(f"DIRECT_TEMPLATES = {STOCK_DIRECT_TEMPLATES!r}")
    return "\n".join(lines) + "\n"


def _stock(root, out):
    subprocess.run([sys.executable, "-m", "pelican", str(root / "stock"), "-o", str(out), "-s",
                    str(root / "stockconf.py"), "-q"], check=True, cwd=root,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _ours(root, out, host="github-pages"):
    subprocess.run([sys.executable, "-m", "bantin.build", "--settings", str(ROOT / "publishconf.py"),
                    "--content", str(root / "content"), "--output", str(out), "--cache",
                    str(root / "cache")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "BANTIN_HOST": host})


def _ours_nginx(root, out):
    _ours(root, out, host="nginx")


def _articles(root):
    return sorted((root / "content").glob("20*/*.md"))


def _edit(root, number):
    path = _articles(root)[number * 37 % len(_articles(root))]
    path.write_text(path.read_text(encoding="utf-8") + f"\nĐoạn sửa lần {number}.\n", "utf-8")


def _retitle(root, number):
    """A new title and date: the article moves in every listing that shows it."""
    # Without photos: a new title is a new slug, and the photo folder is named after it.
    paths = [p for p in _articles(root) if "\ncover:" not in p.read_text(encoding="utf-8")]
    path = paths[number * 53 % len(paths)]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"title: Tiêu đề sửa lần {number}" if line.startswith("title:") else
             f"date: 2025-06-1{number} 09:00" if line.startswith("date:") else line
             for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


def _add(root, number):
    folder = root / "content" / "2024"
    folder.mkdir(exist_ok=True)
    (folder / f"bai-them-{number}.md").write_text(
        f"---\ntitle: Bài thêm số {number}\ndate: 2024-12-2{number} 08:00\n"
        "category: Thông báo\n---\n\nNội dung bài thêm.\n", encoding="utf-8")


def _photo(root, number):
    from PIL import Image
    photos = sorted((root / "content" / "images").rglob("*.jpg"))
    target = photos[number * 11 % len(photos)]
    os.unlink(target)  # it is a hard link shared by other articles: replace only this one
    Image.new("RGB", (1600, 1200), (40 * number % 255, 90, 160)).save(target, quality=85)


def _incremental(root, runs):
    """Median rebuild times of the livereload engine after each kind of change."""
    from bantin.livereload.incremental import Preview
    preview = Preview(str(ROOT / "pelicanconf.py"), str(root / "out-preview"), search_index=False,
                      path=str(root / "content"),
                      bantin_gallery={"cache": str(root / "cache" / "images")})
    _, first = measure(preview.build, include_self=True)
    results = {"first build (livereload start)": [first]}
    for label, change in (("edit one article's text", _edit),
                          ("edit one article's title and date", _retitle),
                          ("add one article", _add),
                          ("change one photo", _photo)):
        samples = []
        for number in range(runs):
            change(root, number)
            stats, sample = measure(preview.build, include_self=True)
            _, rest = measure(preview.wait, include_self=True)
            sample.rendered = stats["rendered"] + stats.get("shifted", 0)
            sample.all_written = sample.wall + rest.wall
            samples.append(sample)
        results[label] = samples
    return results


def run(articles=1000, runs=3, keep=None):
    """Generate, measure, print. Returns the median samples by label."""
    from bantin.core.images import PhotoCache
    from bantin.dev.synth import generate
    root = Path(keep or tempfile.mkdtemp(prefix="bench-"))
    try:
        print(f"Generating {articles} articles in {root} …", flush=True)
        generate(root, articles, stock=True)
        shutil.copytree(ROOT / "content" / "pages", root / "content" / "pages")
        (root / "stockconf.py").write_text(stock_conf(), encoding="utf-8")
        # The shared photos are decoded once here, so the builds measure the site, not a
        # first photo import (bench-images measures that).
        PhotoCache(str(root / "cache" / "images")).process(
            {str(p): True for p in (root / "shared-photos").glob("*.jpg")})
        rows = {"1. stock Pelican, full build": [],
                "2. bantin publish, empty read cache": [],
                "2. bantin publish, read cache kept": [],
                "2. same, for nginx (+ .gz/.br copies)": []}
        for attempt in range(runs):
            for label, fn, out in ((list(rows)[0], _stock, "out-stock"),
                                   (list(rows)[1], _ours, "out-ours"),
                                   (list(rows)[2], _ours, "out-ours"),
                                   (list(rows)[3], _ours_nginx, "out-ours")):
                shutil.rmtree(root / out, ignore_errors=True)
                if "empty" in label:
                    for stale in (root / "cache").glob("content.sqlite3*"):
                        stale.unlink()
                _, sample = measure(fn, root, root / out)
                rows[label].append(sample)
                print(f"  run {attempt + 1}: {label}: {sample.wall:.1f} s", flush=True)
        for label, samples in _incremental(root, runs).items():
            rows[f"3. livereload: {label}"] = samples
        return _report(articles, runs, rows)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _report(articles, runs, rows):
    medians = {label: median_sample(samples) for label, samples in rows.items()}
    stock = medians["1. stock Pelican, full build"]
    print(f"\n{articles} articles, {os.cpu_count()} cores, median of {runs} runs "
          f"(peak = max RSS of the build's process tree; livereload rows include "
          f"this benchmark's own process, which holds the preview)")
    print(f"{'':48} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'/ stock':>8} {'pages':>6} "
          f"{'all s':>7}")
    for label, m in medians.items():
        pages = [getattr(s, "rendered", None) for s in rows[label]]
        shown = "" if pages[0] is None else str(sorted(pages)[len(pages) // 2])
        # "all s": until the listing pages only shifted by the change are written too
        done = [getattr(s, "all_written", None) for s in rows[label]]
        done = "" if done[0] is None else f"{statistics.median(done):.2f}"
        print(f"{label:48} {m.wall:8.2f} {m.cpu:8.1f} {m.peak_mb:8.0f} "
              f"{m.wall / stock.wall:8.2f} {shown:>6} {done:>7}")
    return medians
