"""``invoke bench-images``: our photo pipeline next to a plain Pillow process pool.

Both make the same derivatives (480/960/1600 px × WebP + JPEG, metadata-free)
from the same camera-size photos, in the same run, one after the other; each
variant is run ``runs`` times cold and the medians are reported.
"""
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps

from bantin.core import images
from bantin.dev.measure import measure, median_sample


def make_photos(folder, count, seed=7):
    """``count`` distinct 4000×3000 camera JPEGs (3–8 MB: sensor-like noise), fast:
    a few encoded bases, each copy made unique by a JPEG comment segment."""
    import numpy as np
    from bantin.dev.samples import SAMPLES, camera_photo
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bases = []
    for name, orientation in SAMPLES[:4]:
        image, exif = camera_photo(name, orientation)
        pixels = np.asarray(image, dtype=np.int16)
        noisy = np.clip(pixels + rng.normal(0, 6, pixels.shape), 0, 255).astype(np.uint8)
        path = folder / f"base-{name}.jpg"
        Image.fromarray(noisy).save(path, "JPEG", quality=92, exif=exif.tobytes())
        bases.append(path.read_bytes())
        path.unlink()
    paths = []
    for number in range(count):
        data = bases[number % len(bases)]
        text = f"photo {number}".encode()
        comment = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
        path = folder / f"photo-{number:04d}.jpg"
        path.write_bytes(data[:2] + comment + data[2:])
        paths.append(path)
    return paths


def _naive_one(args):
    """What a straightforward Pillow script does: decode once, resize each width from full size."""
    src, dest, widths = args
    with Image.open(src) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    count = 0
    for width in widths:
        if width > image.width:
            continue
        copy = image.resize((width, round(image.height * width / image.width)),
                            Image.Resampling.LANCZOS)
        stem = os.path.join(dest, f"{Path(src).stem}-{width}")
        copy.save(stem + ".webp", "WEBP", quality=72)
        copy.save(stem + ".jpg", "JPEG", quality=78, optimize=True, progressive=True)
        count += 2
    return count


def naive_pool(paths, dest, widths, workers):
    os.makedirs(dest, exist_ok=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_naive_one, [(str(p), dest, widths) for p in paths]))


def ours(paths, cache_dir, options):
    cache = images.PhotoCache(cache_dir, options)
    results = cache.process({str(p): False for p in paths})
    bad = [r for r in results.values() if isinstance(r, images.PhotoError)]
    assert not bad, bad
    return cache.processed, sum(len(r.files) for r in results.values())


def run(photos=200, runs=3, workers=None, keep=None):
    """Measure and print; returns the figures as a dict."""
    workers = workers or os.cpu_count() or 1
    widths = list(images.DEFAULTS["widths"])
    options = {"workers": workers, "progress_over": 10**9}
    root = Path(keep or tempfile.mkdtemp(prefix="bench-images-"))
    try:
        print(f"Making {photos} camera-size photos in {root} …", flush=True)
        paths = make_photos(root / "photos", photos)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        print(f"{photos} photos, 4000×3000, {size:.1f} MB on average; {workers} processes; "
              f"median of {runs} runs", flush=True)
        naive_s, ours_s, warm_s, outputs = [], [], [], 0
        for attempt in range(runs):
            shutil.rmtree(root / "naive", ignore_errors=True)
            outputs, sample = measure(naive_pool, paths, str(root / "naive"), widths, workers,
                                      include_self=True)
            naive_s.append(sample)
            shutil.rmtree(root / "cache", ignore_errors=True)
            (processed, ours_outputs), sample = measure(ours, paths, str(root / "cache"), options,
                                                        include_self=True)
            ours_s.append(sample)
            (processed_warm, _n), sample = measure(ours, paths, str(root / "cache"), options,
                                                   include_self=True)
            assert processed_warm == 0 and processed == photos
            warm_s.append(sample)
            print(f"  run {attempt + 1}: plain pool {naive_s[-1].wall:.1f} s, "
                  f"ours cold {ours_s[-1].wall:.1f} s, warm {warm_s[-1].wall:.2f} s", flush=True)
        naive, cold, warm = map(median_sample, (naive_s, ours_s, warm_s))
        rows = [("plain Pillow pool (cold)", naive, outputs),
                ("bantin (cold)", cold, ours_outputs), ("bantin (warm, cached)", warm, ours_outputs)]
        print(f"\n{'':28} {'wall s':>8} {'CPU s':>8} {'CPU s/deriv.':>13} {'peak MB':>8}")
        for label, s, n in rows:
            print(f"{label:28} {s.wall:8.2f} {s.cpu:8.1f} {s.cpu / n:13.4f} {s.peak_mb:8.0f}")
        ratio = (cold.cpu / ours_outputs) / (naive.cpu / outputs)
        print(f"\nCPU per derivative, ours / plain pool: {ratio:.2f} (target ≤ 0.80)")
        print(f"Warm rebuild: {warm.wall:.2f} s (target < 1 s); derivatives per photo: "
              f"{ours_outputs // photos}")
        return {"ratio": ratio, "warm": warm.wall, "naive": naive, "cold": cold}
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
