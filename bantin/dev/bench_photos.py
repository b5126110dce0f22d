"""``invoke bench-photos``: which widths and qualities keep photos light and sharp.

For camera-size sample photographs (4000×3000, from scikit-image's bundled images: the
demo's own photos are flat drawings, which say little about photographs) and legacy-size
copies of them (800×533 JPEG at quality 85, what the old portals hold), it encodes each
candidate — WebP at several qualities, JPEG at the site's quality — at each width the
site publishes, and prints the bytes and the SSIM against the source resized to the
same width without compression (1.0 = identical; above ~0.95 a reader sees no
difference at that size). Then, for the derivative set the site uses, the bytes of
all derivatives of a photo against the bytes of the photo itself.
"""
import io
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBP_QUALITIES = (60, 72, 80)
JPEG_QUALITY = 78


def _ssim(a, b):
    import numpy as np
    from skimage.metrics import structural_similarity
    return structural_similarity(np.asarray(a.convert("L")), np.asarray(b.convert("L")),
                                 data_range=255)


def _encoded(image, fmt, quality):
    from PIL import Image
    buffer = io.BytesIO()
    options = {"method": 3} if fmt == "WEBP" else {"optimize": True, "progressive": True}
    image.save(buffer, fmt, quality=quality, **options)
    size = buffer.tell()
    buffer.seek(0)
    return size, Image.open(buffer).convert("RGB")


def legacy_copies(folder):
    """The sample photos as the old portals hold them: 800×533 JPEG, quality 85."""
    from bantin.dev.samples import SAMPLES, camera_photo
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, _orientation in SAMPLES[:6]:
        image, _exif = camera_photo(name, 1, size=(800, 533))
        path = folder / f"{name}.jpg"
        image.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def run(out=None):
    """Print the tables; returns {(kind, format, quality, width): (bytes, ssim)} medians."""
    import tempfile

    from PIL import Image, ImageOps

    from bantin.build import load_settings
    from bantin.core.images import DEFAULTS, PhotoCache
    folder = Path(out or tempfile.mkdtemp(prefix="bench-photos-"))
    settings = load_settings(str(ROOT / "pelicanconf.py"))
    options = {**DEFAULTS, **settings["BANTIN_GALLERY"].get("images", {})}
    from bantin.dev.samples import SAMPLES, camera_photos
    sets = {"camera": camera_photos(folder / "camera", names=SAMPLES[:6]),
            "legacy 800×533": legacy_copies(folder / "legacy")}
    rows = {}
    for kind, paths in sets.items():
        for path in paths:
            with Image.open(path) as opened:
                source = ImageOps.exif_transpose(opened).convert("RGB")
            for width in sorted({w for w in options["widths"] if w < source.width}
                                | {min(source.width, max(options["widths"]))}):
                reference = source.resize((width, round(source.height * width / source.width)),
                                          Image.Resampling.LANCZOS)
                candidates = [("WebP", q) for q in WEBP_QUALITIES] + [("JPEG", JPEG_QUALITY)]
                for fmt, quality in candidates:
                    size, decoded = _encoded(reference, fmt.upper(), quality)
                    rows.setdefault((kind, fmt, quality, width), []).append(
                        (size, _ssim(reference, decoded)))
    print(f"{'photos':16} {'format':6} {'q':>3} {'width':>6} {'KB':>8} {'SSIM':>7}")
    medians = {}
    for (kind, fmt, quality, width), values in sorted(rows.items()):
        size = statistics.median(v[0] for v in values)
        ssim = statistics.median(v[1] for v in values)
        medians[(kind, fmt, quality, width)] = (size, ssim)
        print(f"{kind:16} {fmt:6} {quality:3} {width:6} {size / 1024:8.1f} {ssim:7.3f}")
    cache = PhotoCache(str(folder / "cache"), options)
    print("\nThe site's derivatives (BANTIN_GALLERY in pelicanconf.py: widths "
          f"{options['widths']}, WebP q{options['webp_quality']}"
          f"{', JPEG too' if options.get('jpeg', True) else ', no JPEG'}), against the photo:")
    for kind, paths in sets.items():
        results = cache.process({str(p): False for p in paths})
        ratios = []
        for path in paths:
            derivatives = results[str(path)]
            total = sum((Path(derivatives.folder) / f[3]).stat().st_size
                        for f in derivatives.files)
            ratios.append(total / path.stat().st_size)
        print(f"  {kind}: derivatives / photo, median {statistics.median(ratios):.2f}, "
              f"worst {max(ratios):.2f}")
    return medians
