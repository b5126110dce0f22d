"""Camera-like sample photos made from scikit-image's bundled images (no download).

Used for the demo article and the benchmarks: 4000×3000 JPEGs with what phones
put in them — EXIF orientation, GPS position, a comment — so that the
pipeline's rotation and metadata stripping are exercised.
"""
from pathlib import Path

from PIL import Image, ImageFilter

# name in skimage.data, EXIF orientation stored with the photo
SAMPLES = [("astronaut", 1), ("coffee", 6), ("rocket", 1), ("chelsea", 8), ("hubble_deep_field", 3),
           ("motorcycle_left", 1), ("retina", 1), ("immunohistochemistry", 1)]
GPS = {1: "N", 2: (21.0, 2.0, 30.0), 3: "E", 4: (105.0, 53.0, 10.0)}  # a Hà Nội position


def _sample(name):
    from skimage import data
    pixels = data.stereo_motorcycle()[0] if name == "motorcycle_left" else getattr(data, name)()
    return Image.fromarray(pixels).convert("RGB")


def camera_photo(name, orientation, size=(4000, 3000), quality=90):
    """A 4000×3000 RGB photo stored as a camera would with ``orientation``; returns (image, exif)."""
    image = _sample(name)
    w, h = image.size
    target = size[0] / size[1]
    if w / h > target:
        crop = round(h * target)
        image = image.crop(((w - crop) // 2, 0, (w - crop) // 2 + crop, h))
    else:
        crop = round(w / target)
        image = image.crop((0, (h - crop) // 2, w, (h - crop) // 2 + crop))
    image = image.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.UnsharpMask(2, 60))
    return camera_stored(image, orientation)


def camera_stored(image, orientation):
    """``image`` (upright) as a phone stores it with ``orientation``, and the EXIF a phone
    writes (orientation, camera, GPS position); returns (image, exif)."""
    # Store the pixels the way a sensor does: the EXIF tag says how to turn them upright.
    undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
            8: Image.Transpose.ROTATE_270}.get(orientation)
    if undo:
        image = image.transpose(undo)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Demo Camera"
    exif.get_ifd(0x8825).update(GPS)
    return image, exif


def camera_photos(out, names=SAMPLES, quality=90):
    """Write the sample photos into ``out``; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (name, orientation) in enumerate(names, 1):
        image, exif = camera_photo(name, orientation)
        path = out / f"anh-{number}.jpg"
        image.save(path, "JPEG", quality=quality, exif=exif.tobytes(),
                   comment=b"Demo photo with GPS")
        paths.append(path)
    return paths
