"""The demo is one ward: its archive names the old portals it came from, its photos fit
a ward's bulletin and say they are drawings."""
from pathlib import Path

from PIL import Image, ImageOps

from bantin.core import frontmatter
from bantin.dev.demo import SEED_PORTALS
from bantin.dev.demo_photos import LAUNCH_SCENES, SCENES, write_scenes
from conftest import ROOT, build_site, reader_pages, soup, write_raw

import pelicanconf

MERGED = "2025-07-01"  # the day the demo ward was formed


def demo_articles():
    names = [name for name, _slug, _desc in pelicanconf.CATEGORIES]
    for path in sorted((ROOT / "content").glob("20*/*.md")):
        doc = frontmatter.parse(path.read_text(encoding="utf-8"), str(path), names)
        assert doc.ok, doc.problems
        yield path, doc


def test_every_article_before_the_merger_names_the_old_portal_it_came_from(demo_site):
    portals = pelicanconf.BANTIN_LEGACY["portals"]
    assert set(portals) == {portal for portal, _files in SEED_PORTALS}
    seen = set()
    for path, doc in demo_articles():
        page = soup(demo_site / f"{path.stem}.html")
        notice = page.select_one(".article__legacy")
        if doc.meta["date"].date().isoformat() < MERGED:
            portal = doc.meta["legacy"]["portal"]
            seen.add(portal)
            assert notice.get_text() == f"Bài viết chuyển từ cổng thông tin {portals[portal]} cũ."
            assert notice.find("a") is None  # a text dump keeps no old address to link
        else:  # the new ward's own articles
            assert "legacy" not in doc.meta and notice is None
    assert seen == set(portals)


def test_the_site_is_the_merged_wards(demo_site):
    home = soup(demo_site / "index.html")
    assert home.select_one(".site-header__unit").get_text() == "Ủy ban nhân dân phường Mẫu"
    assert home.select_one(".site-header__name").get_text() == pelicanconf.SITENAME
    about = soup(demo_site / "trang" / "gioi-thieu.html").get_text()
    for old in ("Đức Giang", "Gia Thụy", "Phúc Đồng", "thị xã Phước Long", "dữ liệu minh họa"):
        assert old in about
    for page in reader_pages(demo_site):  # nothing is said as the old ward any more
        html = soup(page)
        text = html.select_one(".site-footer").get_text()
        assert ("phường Mẫu" if html.html["lang"] == "vi" else "Mau Ward") in text, page
        assert "Đức Giang" not in text and "Duc Giang" not in text, page


def test_every_demo_photo_is_captioned_as_a_drawing(demo_site):
    photos = 0
    for path, doc in demo_articles():
        page = soup(demo_site / f"{path.stem}.html")
        for figure in page.select("article figure:has(img)"):
            photos += 1
            assert "hình vẽ" in figure.figcaption.get_text(), (path.name, figure)
    assert photos == len(SCENES) + len(LAUNCH_SCENES)


def test_drawn_photos_are_stored_as_a_phone_stores_them(tmp_path):
    """The demo's photos are made again the same way (invoke demo-photos): phone-size,
    stored sideways or upside down with the EXIF tag that turns them upright, with a GPS
    position for the pipeline to remove."""
    paths = write_scenes(tmp_path, SCENES)
    for path, (name, _scene, orientation) in zip(paths, SCENES):
        assert path.name == name
        with Image.open(path) as image:
            exif = image.getexif()
            assert exif[0x0112] == orientation and exif.get_ifd(0x8825)
            assert max(image.size) == 4000
            upright = ImageOps.exif_transpose(image)
            assert upright.width > upright.height or name == "anh-2.jpg"  # a notice board
        committed = ROOT / "content" / "images" / "2025" / \
            "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong" / name
        with Image.open(committed) as image:
            assert image.getexif()[0x0112] == orientation


def test_a_lead_photo_caption_is_shown_and_escaped(tmp_path):
    content = tmp_path / "content"
    write_raw(content, "2025/tin.md", """
        ---
        title: Tin có ảnh
        date: 2025-08-01 08:00
        category: Thông báo
        cover: anh.jpg
        cover_caption: "Ảnh: <script>alert(1)</script> Tổ dân phố số 5"
        ---
        Nội dung.
        """)
    folder = content / "images" / "2025" / "tin-co-anh"
    folder.mkdir(parents=True)
    Image.new("RGB", (800, 600), (200, 120, 80)).save(folder / "anh.jpg")
    out = build_site(content, tmp_path / "output")
    caption = soup(out / "tin-co-anh.html").select_one(".cover figcaption")
    assert caption.get_text() == "Ảnh: <script>alert(1)</script> Tổ dân phố số 5"
    assert caption.find("script") is None
    assert Path(out / "tin-co-anh.html").read_text(encoding="utf-8").count("<script>alert") == 0
