"""A realistic synthetic bulletin of N articles, for benchmarks and scale tests.

Bodies and captions come from the seed articles; 8 categories, dates over 10
years, tags, views, and some galleries that share a small set of photos (hard
links, so the photo cache sees a few distinct photos). ``stock=True`` also
writes the same Markdown with Pelican's own "Key: value" metadata, for the
stock-Pelican baseline.
"""
import os
import random
from datetime import datetime, timedelta
from pathlib import Path

from bantin.legacy.text_pages import parse_text
from bantin.core.text import slugify

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.is_dir():  # a checkout without the shared folder beside it
    SEEDS = Path(__file__).resolve().parent / "seeds"  # the same five pages, shipped
TAGS = ["an ninh trật tự", "bầu cử", "cải cách hành chính", "chuyển đổi số", "dân vận khéo",
        "đối thoại", "Đảng bộ", "giải phóng mặt bằng", "hội nghị", "khuyến học", "môi trường",
        "người cao tuổi", "phòng chống dịch", "quốc phòng", "tết", "thanh niên", "thi đua",
        "tiếp công dân", "tổ dân phố", "trật tự đô thị", "văn hóa", "y tế", "ngân sách",
        "an sinh xã hội", "phụ nữ", "cựu chiến binh", "giáo dục", "thể thao", "đất đai", "thuế"]
CATEGORIES = ["Tin tức – Sự kiện", "Hoạt động khối chính quyền", "Công tác Đảng",
              "Công tác dân vận", "Bài viết chuyên sâu", "Kinh tế – Xã hội",
              "An ninh – Quốc phòng", "Thông báo"]


def _material(seeds=SEEDS):
    paragraphs, captions, titles = [], [], []
    for path in sorted(Path(seeds).glob("*.txt")):
        article = parse_text(path.read_text(encoding="utf-8"))
        paragraphs += [b[1] for b in article.blocks if b[0] in ("p", "li")]
        captions += [g["caption"] for g in article.gallery] + \
            [b[1] for b in article.blocks if b[0] == "figure"]
        titles.append(article.title)
    return paragraphs, captions, titles


def _photos(folder, count=6):
    from bantin.dev.samples import SAMPLES, camera_photo
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (name, orientation) in enumerate(SAMPLES[:count], 1):
        image, exif = camera_photo(name, orientation, size=(1600, 1200))
        path = folder / f"chung-{number}.jpg"
        image.save(path, "JPEG", quality=85, exif=exif.tobytes())
        paths.append(path)
    return paths


def article_text(title, date, category, tags, views, body, gallery=None):
    """Our front-matter format for one article."""
    lines = ["---", "title: '" + title.replace("'", "''") + "'", f"date: {date:%Y-%m-%d %H:%M}",
             f"category: {category}", f"views: {views}"]
    if tags:
        lines.append("tags: [" + ", ".join(tags) + "]")
    if gallery:
        lines.append(f"cover: {gallery[0][0]}")
        lines.append("gallery:")
        lines += [f"- file: {name}\n  caption: '" + caption.replace("'", "''") + "'"
                  for name, caption in gallery]
    return "\n".join(lines + ["---", "", "\n\n".join(body), ""])


def stock_text(title, date, category, tags, slug, body):
    """The same article for stock Pelican (Markdown "Key: value" metadata)."""
    head = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {category}",
            f"Slug: {slug}"]
    if tags:
        head.append("Tags: " + ", ".join(tags))
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def generate(folder, count, seed=1, gallery_share=0.1, stock=False, seeds=SEEDS):
    """Write ``count`` articles into ``folder``/content (and ``folder``/stock); returns paths."""
    rng = random.Random(seed)
    paragraphs, captions, titles = _material(seeds)
    folder = Path(folder)
    content, stock_dir = folder / "content", folder / "stock"
    shared = _photos(folder / "shared-photos") if gallery_share else []
    start = datetime(2015, 1, 1, 7, 0)
    used = set()
    for number in range(count):
        words = rng.choice(titles).split()
        cut = rng.randint(6, min(14, len(words)))
        title = f"{' '.join(words[:cut]).rstrip('.,;:')} (bài {number + 1})"
        slug = slugify(title)
        while slug in used:
            slug += "-x"
        used.add(slug)
        date = start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
        category = CATEGORIES[number % len(CATEGORIES)]
        tags = rng.sample(TAGS, rng.randint(0, 3))
        body = rng.sample(paragraphs, rng.randint(3, 8))
        gallery = None
        if shared and rng.random() < gallery_share:
            picks = rng.sample(shared, rng.randint(3, 5))
            photo_dir = content / "images" / f"{date.year:04d}" / slug
            photo_dir.mkdir(parents=True, exist_ok=True)
            for photo in picks:
                target = photo_dir / photo.name
                if not target.exists():
                    os.link(photo, target)
            gallery = [(p.name, rng.choice(captions)) for p in picks]
        path = content / f"{date.year:04d}" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = article_text(title, date, category, tags, rng.randint(0, 5000), body, gallery)
        path.write_text(text.replace("slug-placeholder", slug), encoding="utf-8")
        if stock:
            spath = stock_dir / f"{date.year:04d}" / f"{slug}.md"
            spath.parent.mkdir(parents=True, exist_ok=True)
            spath.write_text(stock_text(title, date, category, tags, slug, body), encoding="utf-8")
    return content, (stock_dir if stock else None)
