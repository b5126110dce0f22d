"""``invoke bench-archive --articles N --photos 3``: a whole ward's archive on its hosts.

Generates N articles (``bantin.dev.synth``), each with ``photos`` unique legacy-size
photos (800×533 JPEG, quality 85, what the old portals hold: random crops and tints of
the sample photos), then publishes it as CI would with a media store — an
S3-protocol server (moto) on 127.0.0.1:

1. cold: an empty photo cache, every photo processed and uploaded;
2. warm: a fresh machine (no photo cache, no output) with only what CI keeps between
   runs (the read cache and the media store's manifest), after one new article with
   ``photos`` new photos.

Prints, for each: wall and CPU seconds, peak memory (the build runs in this process: its
RSS and its children's); and the files and bytes per
destination (the web host's output, the media store), the content folder (what git
holds), and the cache CI keeps.
"""
import os
import random
import shutil
import tempfile
from pathlib import Path

from bantin.dev.measure import measure
from bantin.dev.server import s3_server

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "anh-phuong"


def _size(folder, skip=()):
    files = total = 0
    for path in Path(folder).rglob("*"):
        if path.is_file() and not any(part in skip for part in path.parts):
            files += 1
            total += path.stat().st_size
    return files, total


def add_photos(content, photos, seed=3):
    """Give every article ``photos`` unique legacy-size photos (cover + gallery); none
    for a text-only archive (``photos`` 0)."""
    if photos <= 0:
        return
    from PIL import ImageEnhance
    from bantin.dev.samples import SAMPLES, _sample
    rng = random.Random(seed)
    bases = [_sample(name).convert("RGB") for name, _o in SAMPLES[:6]]
    for article in sorted(Path(content).glob("20*/*.md")):
        text = article.read_text(encoding="utf-8")
        if "\ncover:" in text:
            continue
        head, _, body = text[4:].partition("\n---\n")
        year, slug = article.parent.name, article.stem
        folder = Path(content, "images", year, slug)
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for number in range(1, photos + 1):
            base = rng.choice(bases)
            w, h = base.size
            cw, ch = int(w * rng.uniform(0.5, 0.9)), int(h * rng.uniform(0.5, 0.9))
            x, y = rng.randrange(w - cw + 1), rng.randrange(h - ch + 1)
            image = base.crop((x, y, x + cw, y + ch)).resize((800, 533))
            image = ImageEnhance.Color(image).enhance(rng.uniform(0.6, 1.4))
            image.save(folder / f"anh-{number}.jpg", "JPEG", quality=85)
            names.append(f"anh-{number}.jpg")
        gallery = "".join(f"\n- file: {n}\n  caption: Ảnh {i} của bài" for i, n in
                          enumerate(names, 1))
        article.write_text(f"---\n{head}\ncover: {names[0]}\ngallery:{gallery}\n---\n{body}",
                           encoding="utf-8")


def as_lfs_pointers(content):
    """Replace every photo under ``content/images`` by its Git LFS pointer: what a fresh
    clone has before ``git lfs pull`` (the publish workflow then fetches only the photos
    whose derivatives the manifest lacks). Returns how many were replaced."""
    import hashlib
    from bantin.core.images import lfs_oid
    count = 0
    for path in sorted(Path(content, "images").rglob("*.jpg")):
        if lfs_oid(path):
            continue
        data = path.read_bytes()
        path.write_text("version https://git-lfs.github.com/spec/v1\n"
                        f"oid sha256:{hashlib.sha256(data).hexdigest()}\nsize {len(data)}\n",
                        encoding="utf-8")
        count += 1
    return count


def _publish(root, endpoint):
    """One CI run: the build, then the media store's uploads."""
    from bantin import media
    from bantin.build import build
    build(str(ROOT / "publishconf.py"), output=str(root / "output"), cache=str(root / "cache"),
          path=str(root / "content"),
          bantin_gallery={"cache": str(root / "cache" / "images"), "output": "anh",
                          "media_url": f"{endpoint}/{BUCKET}/anh",
                          "manifest": str(root / "cache" / "media-manifest.json"),
                          "images": {"widths": (480, 960, 1600), "webp_quality": 80,
                                     "jpeg": False}},
          bantin_size={"max_files": 10 ** 9, "max_bytes": 10 ** 15})
    return media.upload_pending(f"s3://{BUCKET}/anh", str(root / "cache" / "media-manifest.json"))


def run(articles=2000, photos=3, keep=None, warm_only=False):
    """Generate, publish cold and warm, print. Returns {label: Sample}. ``warm_only``:
    only another warm run in ``keep``, a folder an earlier run kept (its store, in the
    S3 server that run stopped, starts empty: the warm run asks only for its new files)."""
    import boto3
    from bantin.dev.synth import generate
    root = Path(keep or tempfile.mkdtemp(prefix="bench-archive-"))
    env = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
           "AWS_DEFAULT_REGION": "us-east-1"}
    os.environ.update(env)
    server, endpoint = s3_server()
    os.environ["BANTIN_S3_ENDPOINT"] = endpoint
    try:
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket=BUCKET)
        samples = {}
        if not warm_only:
            print(f"Generating {articles} articles with {photos} photos each in {root} …",
                  flush=True)
            generate(root, articles, gallery_share=0)
            shutil.copytree(ROOT / "content" / "pages", root / "content" / "pages")
            add_photos(root / "content", photos)
            (sent, _there), samples["cold (every photo new)"] = measure(
                _publish, root, endpoint, include_self=True)
            print(f"  cold: {samples['cold (every photo new)'].wall:.0f} s, {sent} uploaded",
                  flush=True)
        # A fresh CI machine: only the read cache and the manifest were kept, and the clone
        # has the photos as Git LFS pointers (the new article's are fetched).
        shutil.rmtree(root / "cache" / "images", ignore_errors=True)
        shutil.rmtree(root / "output", ignore_errors=True)
        print(f"  {as_lfs_pointers(root / 'content')} photos left as Git LFS pointers", flush=True)
        number = len(list((root / "content" / "2025").glob("bai-moi-co-anh*.md")))
        new = root / "content" / "2025" / f"bai-moi-co-anh-{number + 1}.md"
        new.parent.mkdir(exist_ok=True)
        new.write_text(f"---\ntitle: Bài mới có ảnh {number + 1}\ndate: 2025-12-30 08:00\n"
                       "category: Thông báo\n---\n\nNội dung bài mới.\n", encoding="utf-8")
        add_photos(root / "content", photos, seed=99 + number)
        (sent_warm, there), samples["warm (one new article)"] = measure(
            _publish, root, endpoint, include_self=True)
        kept = _size(root / "cache", skip=("images",))
        out = _size(root / "output")
        objects = [o for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
                   for o in page.get("Contents", [])]
        content = _size(root / "content")
        print(f"\n{articles} articles × {photos} photos, {os.cpu_count()} cores")
        print(f"{'':28} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
        for label, s in samples.items():
            print(f"{label:28} {s.wall:8.1f} {s.cpu:8.1f} {s.peak_mb:8.0f}")
        print(f"warm run uploaded {sent_warm} files ({there} already in the store)")
        print(f"\nweb host (output/):      {out[0]:>8} files {out[1] / 2**20:10.1f} MB")
        print(f"media store:             {len(objects):>8} files "
              f"{sum(o['Size'] for o in objects) / 2**20:10.1f} MB")
        print(f"content/ (git):          {content[0]:>8} files {content[1] / 2**20:10.1f} MB")
        print(f"cache kept between runs: {kept[0]:>8} files {kept[1] / 2**20:10.1f} MB")
        return samples
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
