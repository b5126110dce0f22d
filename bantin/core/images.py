"""Responsive, metadata-free derivatives of editors' photos, cached by content hash.

Pure of Pelican: ``PhotoCache(folder, options).process(paths)`` returns, for
each source photo, its derivatives (WebP and JPEG at several widths, never
upscaled, plus an optional 1200×630 Open Graph JPEG) or the reason it cannot
be used. Work on cache misses is spread over all cores.

Why it is cheaper than a plain Pillow loop: a JPEG is decoded at the smallest
DCT scale that still covers the largest width (``draft``), each width is
resized from the previous one, and WebP uses a mid encoder effort.

The photo workers stay free of Pelican (importing it would cost each worker
~0.5 s and ~18 MB) and end with the build (``bantin.core.processes``).
"""
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from bantin.core.i18n import _
from bantin.core.processes import process_pool

FORMATS = {"JPEG", "PNG", "WEBP"}
RECIPE = 3
DEFAULTS = {
    "widths": (480, 960, 1600),
    "webp_quality": 72,
    "webp_method": 3,
    "jpeg_quality": 78,
    "jpeg": True,  # JPEG copies beside the WebP ones (for browsers without WebP)
    "og_size": (1200, 630),
    # The listings' thumbnail of an article's lead photo (cover, else first of the gallery):
    # twice the 120×80 CSS px it is shown at, for phones' 2× screens; ≤ 12 KB.
    "thumb_size": (240, 160),
    "thumb_quality": 60,
    "max_pixels": 60_000_000,  # 60 MP: bigger than any phone; more is a decompression bomb
    "workers": None,  # all cores
    "progress_over": 20,  # show progress when more photos than this must be processed
}


class PhotoError(Exception):
    """The photo cannot be published; the message says why, for an editor."""


@dataclass
class Derivatives:
    """The published versions of one photo (paths relative to the cache entry)."""

    digest: str
    width: int
    height: int
    files: list = field(default_factory=list)  # [(format, width, height, name)]
    og: str | None = None
    thumb: str | None = None

    def of(self, fmt):
        return [(w, h, name) for f, w, h, name in self.files if f == fmt]


def signature(options):
    """Short hash of the options that change the output bytes."""
    keys = ("widths", "webp_quality", "webp_method", "jpeg_quality", "og_size", "jpeg",
            "thumb_size", "thumb_quality")
    # RECIPE: bumped when the way derivatives are made changes (2: the Open Graph image is
    # never enlarged; 3: a lead photo also gets the listings' thumbnail), so that every
    # cache entry and media-store name changes with it.
    text = json.dumps([RECIPE] + [options[k] for k in keys], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"
_LFS_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.M)


def lfs_oid(path):
    """The sha256 a Git LFS pointer file names (the hash of the photo it stands for, the
    same as ``file_digest`` of the photo), or None when ``path`` is not a pointer.

    A clone without the LFS objects has these small text files where the photos are.
    """
    try:
        if os.path.getsize(path) > 1024:
            return None
        with open(path, "rb") as fh:
            data = fh.read(1024)
    except OSError:
        return None
    match = _LFS_OID.search(data) if data.startswith(LFS_POINTER) else None
    return match.group(1).decode() if match else None


def _open(path, options):
    Image.MAX_IMAGE_PIXELS = options["max_pixels"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_("the image is too large (over {megapixels} megapixels): possibly "
                           "a decompression bomb",
                           megapixels=options["max_pixels"] // 1_000_000)) from None
    except UnidentifiedImageError:
        raise PhotoError(_("this is not an image file Pillow can read")) from None
    if image.format not in FORMATS:
        raise PhotoError(_("unsupported format {format}; use JPEG, PNG or WebP",
                           format=image.format))
    return image


def _load(path, options, largest):
    """Decode at reduced scale when a JPEG is much larger than needed; apply EXIF rotation."""
    image = _open(path, options)
    try:
        if image.format == "JPEG":
            w, h = image.size
            turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            want_w = largest if not turned else round(largest * w / h)
            image.draft("RGB", (want_w, round(want_w * h / w)))
        image.load()
        image = ImageOps.exif_transpose(image)
    except PhotoError:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("the file is damaged or truncated ({error})", error=exc)) from None
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))  # JPEG has no alpha: flatten on white
    elif image.mode != "RGB":
        image = image.convert("RGB")  # CMYK, L, P, I;16 …
    image.info.clear()  # never carry EXIF, XMP, ICC or comments into an output
    return image


def make_derivatives(path, dest, options, want_og=False):
    """Write the derivatives of ``path`` into the new folder ``dest``; return Derivatives."""
    widths = sorted(options["widths"], reverse=True)
    image = _load(path, options, widths[0])
    width, height = image.size
    os.makedirs(dest)
    result = Derivatives(digest="", width=width, height=height)
    current = image
    targets = [w for w in widths if w <= width]
    if width < widths[0]:
        targets.append(width)  # the full size when it is smaller than the largest width
    for target in sorted(set(targets), reverse=True):
        if target != current.width:
            size = (target, max(1, round(height * target / width)))
            current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        w, h = current.size
        current.save(os.path.join(dest, f"{w}.webp"), "WEBP", quality=options["webp_quality"],
                     method=options["webp_method"])
        result.files.append(("webp", w, h, f"{w}.webp"))
        if options["jpeg"]:
            current.save(os.path.join(dest, f"{w}.jpg"), "JPEG", quality=options["jpeg_quality"],
                         optimize=True, progressive=True)
            result.files.append(("jpeg", w, h, f"{w}.jpg"))
    if want_og:
        og_w, og_h = options["og_size"]
        if width < og_w:  # never enlarged: the preview of a small legacy photo is its own size
            og_w, og_h = width, max(1, round(width * og_h / og_w))
        og = ImageOps.fit(image, (og_w, og_h), Image.Resampling.LANCZOS)
        og.save(os.path.join(dest, "og.jpg"), "JPEG", quality=options["jpeg_quality"],
                optimize=True)
        result.og = "og.jpg"
        thumb = ImageOps.fit(image, tuple(options["thumb_size"]), Image.Resampling.LANCZOS)
        thumb.save(os.path.join(dest, "thumb.webp"), "WEBP", quality=options["thumb_quality"],
                   method=options["webp_method"])
        result.thumb = "thumb.webp"
    return result


def _worker(args):
    path, dest, options, want_og = args
    tmp = f"{dest}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        result = make_derivatives(path, tmp, options, want_og)
        with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as fh:
            json.dump(result.__dict__, fh)
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.replace(tmp, dest)
        return None
    except PhotoError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return str(exc)
    except Exception as exc:  # a Pillow bug must still name the file, not crash the pool
        shutil.rmtree(tmp, ignore_errors=True)
        return _("the image cannot be processed ({kind}: {error})",
                 kind=type(exc).__name__, error=exc)


class PhotoCache:
    """Derivatives stored under ``folder``, keyed by the photo's content hash."""

    def __init__(self, folder, options=None, known=None):
        """``known``: {entry name: Derivatives fields} of derivatives that exist elsewhere
        (a media store's manifest): those photos are not processed, and have no folder."""
        self.folder = folder
        self.known = known or {}
        self.options = {**DEFAULTS, **(options or {})}
        self.sig = signature(self.options)
        self.processed = 0  # photos actually decoded in the last process() call
        self._index_path = os.path.join(folder, "index.json")
        try:
            with open(self._index_path, encoding="utf-8") as fh:
                self._index = json.load(fh)
        except (OSError, ValueError):
            self._index = {}

    def _digest(self, path):
        # A stat match skips re-hashing megabytes of unchanged photos.
        st = os.stat(path)
        key = os.path.abspath(path)
        known = self._index.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        digest = lfs_oid(path) or file_digest(path)
        self._index[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def entry(self, digest, og=False):
        return os.path.join(self.folder, digest[:2], f"{digest}-{self.sig}{'-og' if og else ''}")

    def process(self, requests):
        """{path: want_og} -> {path: Derivatives | PhotoError}, processing only cache misses."""
        results, todo, queued = {}, [], set()
        for path, want_og in requests.items():
            try:
                digest = self._digest(path)
            except OSError as exc:
                results[path] = PhotoError(_("cannot be read ({reason})", reason=exc.strerror))
                continue
            dest = self.entry(digest, want_og)
            if os.path.basename(dest) in self.known:
                results[path] = Derivatives(**{**self.known[os.path.basename(dest)],
                                               "digest": digest})
                results[path].folder, results[path].entry = None, os.path.basename(dest)
                continue
            if lfs_oid(path) and not os.path.exists(os.path.join(dest, "meta.json")):
                # Neither the store nor the cache has its derivatives: the photo is needed.
                results[path] = PhotoError(_(
                    "the photo is a Git LFS pointer, not the photo (fetch it: git lfs pull "
                    "--include=\"{path}\")", path=path))
                continue
            if dest not in queued and not os.path.exists(os.path.join(dest, "meta.json")):
                queued.add(dest)  # the same photo under several names is processed once
                todo.append((path, dest, self.options, want_og))
            results[path] = (digest, dest)
        self.processed = len(todo)  # distinct photos decoded
        if todo:
            os.makedirs(self.folder, exist_ok=True)
            for sub in {os.path.dirname(job[1]) for job in todo}:
                os.makedirs(sub, exist_ok=True)
            failed = {job[1]: error for job, error in zip(todo, self._run(todo)) if error}
            for path, value in results.items():
                if isinstance(value, tuple) and value[1] in failed:
                    results[path] = PhotoError(failed[value[1]])
        for path, value in results.items():
            if isinstance(value, tuple):
                digest, dest = value
                with open(os.path.join(dest, "meta.json"), encoding="utf-8") as fh:
                    results[path] = Derivatives(**{**json.load(fh), "digest": digest})
                results[path].folder = dest
                results[path].entry = os.path.basename(dest)
        self._save_index()
        return results

    def _run(self, jobs):
        show = len(jobs) > self.options["progress_over"] and sys.stderr.isatty()
        workers = self.options["workers"] or os.cpu_count() or 1
        if len(jobs) == 1 or workers == 1:
            return [_worker(job) for job in jobs]
        out = []
        with process_pool(min(workers, len(jobs))) as pool:
            for number, error in enumerate(pool.map(_worker, jobs, chunksize=1), 1):
                out.append(error)
                if show or (number % 50 == 0 and len(jobs) > self.options["progress_over"]):
                    print("\r" + _("Photos: {done}/{total}", done=number, total=len(jobs)),
                          end="" if show else "\n", file=sys.stderr, flush=True)
        if show:
            print(file=sys.stderr)
        return out

    def _save_index(self):
        os.makedirs(self.folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._index, fh)
        os.replace(tmp, self._index_path)


def publish(src, dest):
    """Put a cached derivative at ``dest`` in the output: a hard link when possible."""
    if os.path.exists(dest):  # the name carries the content hash: same name, same bytes
        return
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
