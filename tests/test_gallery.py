"""Photos: derivatives, rotation, metadata stripping, cache, bad input, markup, lightbox."""
import gzip
import logging
import shutil

import pytest
from PIL import Image

from bantin.core import images
from bantin.build import BuildError
from bantin.dev.samples import camera_photo
from conftest import ROOT, StaticServer, build_site, soup, write_raw

RED, BLUE = (220, 20, 20), (20, 20, 220)
DEMO = "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong"


def marked(size=(1200, 900)):
    """An upright test picture: red top-left quadrant, blue elsewhere."""
    image = Image.new("RGB", size, BLUE)
    image.paste(Image.new("RGB", (size[0] // 2, size[1] // 2), RED), (0, 0))
    return image


def store_as_camera(image, orientation, path, **extra):
    undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
            8: Image.Transpose.ROTATE_270}.get(orientation)
    stored = image.transpose(undo) if undo else image
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 2.0, 30.0), 3: "E", 4: (105.0, 53.0, 10.0)})
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes(), comment=b"GPS secret", **extra)
    return path


def derive(tmp_path, path, **options):
    return images.make_derivatives(str(path), str(tmp_path / "out"),
                                   {**images.DEFAULTS, **options}, want_og=True)


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_exif_orientation_is_applied(tmp_path, orientation):
    src = store_as_camera(marked(), orientation, tmp_path / "a.jpg")
    result = derive(tmp_path, src)
    assert (result.width, result.height) == (1200, 900)
    with Image.open(tmp_path / "out" / "960.jpg") as out:
        assert out.size == (960, 720)
        r, g, b = out.convert("RGB").getpixel((100, 100))
        assert r > 150 and b < 100, "the top-left corner must stay red"
        r, g, b = out.convert("RGB").getpixel((900, 650))
        assert b > 150 and r < 100


def test_no_metadata_survives_in_any_output(tmp_path):
    src = store_as_camera(marked(), 6, tmp_path / "gps.jpg", icc_profile=b"\0" * 128)
    derive(tmp_path, src)
    outputs = sorted((tmp_path / "out").iterdir())
    assert len(outputs) == 8  # 3 widths × (WebP, JPEG) + Open Graph + listings' thumbnail
    for path in outputs:
        with Image.open(path) as out:
            assert not out.getexif(), path
            assert not {"exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp"} & set(out.info)
        data = path.read_bytes()
        assert b"Exif" not in data and b"GPS secret" not in data, path


def test_widths_are_never_upscaled(tmp_path):
    sizes = lambda r: sorted({w for _f, w, _h, _n in r.files})  # noqa: E731
    marked((4000, 3000)).save(tmp_path / "big.jpg")
    assert sizes(derive(tmp_path, tmp_path / "big.jpg")) == [480, 960, 1600]
    shutil.rmtree(tmp_path / "out")
    marked((700, 500)).save(tmp_path / "mid.png")
    assert sizes(derive(tmp_path, tmp_path / "mid.png")) == [480, 700]
    shutil.rmtree(tmp_path / "out")
    marked((300, 200)).save(tmp_path / "small.webp")
    assert sizes(derive(tmp_path, tmp_path / "small.webp")) == [300]


def test_cmyk_and_alpha_become_rgb(tmp_path):
    marked().convert("CMYK").save(tmp_path / "cmyk.jpg")
    derive(tmp_path, tmp_path / "cmyk.jpg")
    with Image.open(tmp_path / "out" / "960.jpg") as out:
        assert out.mode == "RGB"
    shutil.rmtree(tmp_path / "out")
    rgba = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    rgba.paste(Image.new("RGBA", (400, 300), (200, 0, 0, 255)), (0, 0))
    rgba.save(tmp_path / "alpha.png")
    derive(tmp_path, tmp_path / "alpha.png")
    with Image.open(tmp_path / "out" / "480.jpg") as out:
        assert out.mode == "RGB"
        assert out.getpixel((400, 300)) == (255, 255, 255)  # transparent → white


def _truncated(path):
    marked((2000, 1500)).save(path, quality=95)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _bomb(path):
    Image.new("1", (10000, 10000)).save(path)  # 100 MP, a few kB on disk


BAD_PHOTOS = [
    ("truncated.jpg", _truncated, "the file is damaged or truncated"),
    ("not-a-photo.jpg", lambda p: p.write_text("<html>không phải ảnh</html>"),
     "this is not an image file Pillow can read"),
    ("bomb.png", _bomb, "the image is too large (over 60 megapixels): possibly a decompression bomb"),
    ("anim.gif", lambda p: marked().save(p, "GIF"), "unsupported format GIF; use JPEG, PNG or WebP"),
    ("scan.tiff", lambda p: marked().save(p, "TIFF"), "unsupported format TIFF; use JPEG, PNG or WebP"),
]


@pytest.mark.parametrize("name,make,message", BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS])
def test_bad_photos_are_refused_with_a_reason(tmp_path, name, make, message):
    make(tmp_path / name)
    with pytest.raises(images.PhotoError) as info:
        derive(tmp_path, tmp_path / name)
    assert str(info.value).startswith(message)


def test_cache_processes_only_what_changed(tmp_path):
    for i in range(3):
        marked((1000 + i, 800)).save(tmp_path / f"p{i}.jpg")
    cache = images.PhotoCache(str(tmp_path / "cache"), {"workers": 2})
    paths = {str(tmp_path / f"p{i}.jpg"): False for i in range(3)}
    first = cache.process(paths)
    assert cache.processed == 3
    cache = images.PhotoCache(str(tmp_path / "cache"), {"workers": 2})
    assert cache.process(paths).keys() == first.keys() and cache.processed == 0
    marked((1500, 800)).save(tmp_path / "p1.jpg")
    cache.process(paths)
    assert cache.processed == 1


ARTICLE = """---
title: Hội nghị có ảnh
date: 2022-06-03 10:32
category: Thông báo
cover: bia.jpg
gallery:
- {{file: a.jpg, caption: "Ảnh một"}}
- {{file: '', caption: "Chú thích không có ảnh"}}
- {{file: b.jpg, caption: "Ảnh hai", alt: "Mô tả ảnh hai"}}
{extra}---

Đoạn đầu.

![Người dân họp](than-bai.jpg "Chú thích thân bài")
"""


def photo_site(tmp_path, extra="", names=("bia.jpg", "a.jpg", "b.jpg", "than-bai.jpg")):
    content = tmp_path / "content"
    write_raw(content, "2022/hoi-nghi.md", ARTICLE.format(extra=extra))
    folder = content / "images" / "2022" / "hoi-nghi-co-anh"
    folder.mkdir(parents=True)
    for number, name in enumerate(names):
        image, exif = camera_photo(["astronaut", "coffee", "rocket", "chelsea"][number % 4], 6)
        image.resize((1600, 1200) if image.width > image.height else (1200, 1600)).save(
            folder / name, exif=exif.tobytes())
    return content


def build_photos(tmp_path, content):
    return build_site(content, tmp_path / "output",
                      bantin_gallery={"cache": str(tmp_path / "cache"), "output": "anh",
                                      "images": {"workers": 2}})


def test_built_article_markup(tmp_path, caplog):
    content = photo_site(tmp_path)
    with caplog.at_level(logging.WARNING):
        out = build_photos(tmp_path, content)
    assert "gallery: item 2 has no photo file; it will not be shown" in caplog.text
    page = soup(out / "hoi-nghi-co-anh.html")
    cover = page.select_one(".cover img")
    assert cover.get("loading") is None and cover["fetchpriority"] == "high"
    imgs = page.select("main img")
    assert len(imgs) == 4  # cover, body figure, two gallery photos (not the empty one)
    for img in imgs:
        assert img["alt"] and img["width"].isdigit() and img["height"].isdigit()
        assert img.find_parent("picture").find("source", type="image/webp")["srcset"].count("w,") == 2
    for img in imgs[1:]:
        assert img["loading"] == "lazy" and img["decoding"] == "async"
    body = page.select_one(".article__body figure.photo")
    assert body.figcaption.get_text() == "Chú thích thân bài"
    assert body.img["alt"] == "Người dân họp"
    srcset = body.img["srcset"].split(", ")
    assert [s.rsplit(" ", 1)[1] for s in srcset] == ["480w", "960w", "1600w"]
    assert all(s.startswith("./anh/2022/hoi-nghi-co-anh/than-bai-") for s in srcset)
    items = page.select(".gallery__item")
    assert [i.figcaption.get_text() for i in items] == ["Ảnh một", "Ảnh hai"]
    assert items[1].img["alt"] == "Mô tả ảnh hai"
    for item in items:
        href = item.select_one("a.gallery__link")["href"]
        assert href.endswith(".jpg") and (out / href).is_file()
    og = page.find("meta", property="og:image")["content"]
    with Image.open(out / og) as og_image:
        assert og_image.size == (1200, 630)
    assert not list(out.rglob("bia.jpg")) and not (out / "images").exists()
    originals = {p.read_bytes() for p in (content / "images").rglob("*.jpg")}
    assert not [p for p in out.rglob("*") if p.is_file() and p.read_bytes() in originals]
    assert page.find("script", src=lambda s: s and "lightbox" in s) is not None
    other = write_raw(content, "khac.md", "---\ntitle: Không ảnh\ndate: 2022-06-04\n"
                      "category: Thông báo\n---\nChữ.\n")
    out = build_photos(tmp_path, content)
    assert soup(out / "khong-anh.html").find("script", src=True) is None
    other.unlink()


def test_rebuild_uses_the_cache_and_deleted_photos_disappear(tmp_path, caplog):
    content = photo_site(tmp_path)
    build_photos(tmp_path, content)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bantin.plugins.gallery"):
        out = build_photos(tmp_path, content)
    assert "4 photos, 0 processed, 4 from the cache" in caplog.text
    assert len(list((out / "anh").rglob("b-*"))) == 6
    text = (content / "2022" / "hoi-nghi.md").read_text(encoding="utf-8")
    (content / "2022" / "hoi-nghi.md").write_text(
        text.replace('- {file: b.jpg, caption: "Ảnh hai", alt: "Mô tả ảnh hai"}\n', ""), "utf-8")
    (content / "images" / "2022" / "hoi-nghi-co-anh" / "b.jpg").unlink()
    Image.new("RGB", (900, 600), RED).save(content / "images" / "2022" / "hoi-nghi-co-anh" / "a.jpg")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bantin.plugins.gallery"):
        out = build_photos(tmp_path, content)
    assert "3 photos, 1 processed, 2 from the cache" in caplog.text
    assert not list((out / "anh").rglob("b-*"))


BUILD_ERRORS = [
    ("missing", "cover: khong-co.jpg\n",
     "content/2022/hoi-nghi.md: cover: photo 'khong-co.jpg' not found in content/images/2022/hoi-nghi-co-anh/"),
    ("escape", "cover: ../../../../etc/passwd\n",
     "content/2022/hoi-nghi.md: cover: '../../../../etc/passwd' is outside content/; put the photo "
     "in content/images/2022/hoi-nghi-co-anh/"),
    ("absolute", "cover: /etc/passwd\n",
     "content/2022/hoi-nghi.md: cover: '/etc/passwd' is outside content/; put the photo in "
     "content/images/2022/hoi-nghi-co-anh/"),
]


@pytest.mark.parametrize("name,line,message", BUILD_ERRORS, ids=[b[0] for b in BUILD_ERRORS])
def test_bad_photo_references_stop_the_build(tmp_path, name, line, message):
    content = photo_site(tmp_path)
    path = content / "2022" / "hoi-nghi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("cover: bia.jpg\n", line), "utf-8")
    with pytest.raises(BuildError) as info:
        build_photos(tmp_path, content)
    assert str(info.value).splitlines() == [message]
    assert not (tmp_path / "output").exists()


def test_corrupt_photo_stops_the_build_naming_article_field_and_file(tmp_path):
    content = photo_site(tmp_path)
    _truncated(content / "images" / "2022" / "hoi-nghi-co-anh" / "a.jpg")
    with pytest.raises(BuildError) as info:
        build_photos(tmp_path, content)
    [line] = str(info.value).splitlines()
    assert line.startswith("content/2022/hoi-nghi.md: gallery: photo 'a.jpg': the file is "
                           "damaged or truncated")


def test_lightbox_script_is_small():
    script = (ROOT / "theme" / "js" / "lightbox.js").read_bytes()
    assert len(gzip.compress(script, 9)) <= 3 * 1024


def test_demo_article_has_a_cover_and_a_camera_size_gallery(demo_site):
    page = soup(demo_site / f"{DEMO}.html")
    assert page.select_one(".cover img") is not None
    assert len(page.select(".gallery__item")) >= 4
    assert all("minh họa" in f.get_text() for f in page.select(".gallery__item figcaption"))
    folder = ROOT / "content" / "images" / "2025" / DEMO
    for photo in folder.glob("*.jpg"):
        with Image.open(photo) as image:
            assert max(image.size) == 4000


def test_lightbox_in_chromium(browser, demo_site):
    server = StaticServer(demo_site)
    try:
        page = browser.new_page(viewport={"width": 412, "height": 823})
        page.goto(f"{server.url}/{DEMO}.html")
        links = page.locator(".gallery__link")
        total = links.count()
        requested = []
        page.on("request", lambda r: requested.append(r.url) if "-1600." in r.url else None)
        links.nth(0).click()
        dialog = page.locator("dialog.lightbox")
        assert dialog.evaluate("d => d.open")
        assert page.locator(".lightbox__count").inner_text() == f"Ảnh 1/{total}"
        assert page.locator(".lightbox__caption").inner_text().startswith("Ảnh minh họa")
        page.keyboard.press("ArrowRight")
        assert page.locator(".lightbox__count").inner_text() == f"Ảnh 2/{total}"
        second = links.nth(1).get_attribute("data-webp").split("/")[-1]
        assert page.locator(".lightbox__img").get_attribute("src").endswith(second)
        page.locator(".lightbox__prev").click()
        page.locator(".lightbox__next").click()
        assert page.locator(".lightbox__count").inner_text() == f"Ảnh 2/{total}"
        page.wait_for_timeout(300)
        assert len(requested) == 2, requested  # only the photos actually viewed
        assert page.locator(".lightbox__close").get_attribute("class") == "lightbox__close"
        box = page.locator(".lightbox__close").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        page.keyboard.press("Escape")
        assert not dialog.evaluate("d => d.open")
        assert page.evaluate("document.activeElement.className") == "gallery__link"
        assert page.evaluate("[...document.querySelectorAll('.gallery__link')]"
                             ".indexOf(document.activeElement)") == 1
        page.close()
    finally:
        server.close()


def test_gallery_without_javascript(browser, demo_site):
    server = StaticServer(demo_site)
    try:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{server.url}/{DEMO}.html")
        captions = page.locator(".gallery__item figcaption")
        assert all(captions.nth(i).is_visible() for i in range(captions.count()))
        page.locator(".gallery__link").nth(0).click()
        page.wait_for_load_state()
        assert page.url.endswith(".webp") and "-1600." in page.url  # the site keeps no JPEG copies
        context.close()
    finally:
        server.close()
