"""The demo is one ward: its archive names the old portals it came from, its photos fit
a ward's bulletin and say they are drawings."""
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

from bantin.core import frontmatter
from bantin.dev.demo import SEED_PORTALS
from bantin.dev.demo_photos import DEMO_PHOTOS, write_scenes
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
    assert photos == sum(len(scenes) for _folder, scenes in DEMO_PHOTOS)


def _small(image):
    return ImageOps.exif_transpose(image).convert("L").resize((160, 120))


def test_drawn_photos_are_stored_as_a_phone_stores_them(tmp_path):
    """invoke demo-photos makes the committed photos again: phone-size, stored sideways or
    upside down with the EXIF tag that turns them upright, with a GPS position for the
    pipeline to remove."""
    for article, scenes in DEMO_PHOTOS:
        for path, (name, _scene, orientation) in zip(write_scenes(tmp_path / article, scenes),
                                                       scenes):
            committed_path = ROOT / "content" / "images" / article / name
            with Image.open(path) as made, Image.open(committed_path) as committed:
                assert made.getexif()[0x0112] == committed.getexif()[0x0112] == orientation
                assert made.getexif().get_ifd(0x8825) and max(made.size) == 4000
                assert made.size == committed.size
                upright = ImageOps.exif_transpose(made)
                assert upright.width > upright.height or name == "anh-2.jpg"  # a notice board
                # The same drawing (signs drawn as lines where no font is installed).
                diff = ImageChops.difference(_small(made), _small(committed))
                assert ImageStat.Stat(diff).mean[0] < 8, name


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


def test_a_lead_photo_caption_without_a_lead_photo_is_refused():
    text = "---\ntitle: Tin\ndate: 2025-08-01\ncategory: Thông báo\ncover_caption: Ảnh\n---\nx\n"
    doc = frontmatter.parse(text, "content/a.md", ["Thông báo"])
    assert [str(p) for p in doc.problems] == [
        "content/a.md:5: cover_caption: a caption for a lead photo that is not there: add "
        "'cover: …' or remove this line"]


def test_a_portal_without_a_name_gives_a_plain_notice(tmp_path):
    content = tmp_path / "content"
    write_raw(content, "2022/tin.md", """
        ---
        title: Tin cũ
        date: 2022-08-01 08:00
        category: Thông báo
        legacy:
          url: https://cu.example.vn/tin-1.html
          format: html
          file: tin-1.html
        ---
        Nội dung.
        """)
    out = build_site(content, tmp_path / "output")
    notice = soup(out / "tin-cu.html").select_one(".article__legacy")
    assert notice.get_text(" ", strip=True) == \
        "Bài viết chuyển từ cổng thông tin cũ. Địa chỉ cũ"
    assert notice.a["href"] == "https://cu.example.vn/tin-1.html"


def test_demo_import_names_a_missing_seed(tmp_path):
    from bantin.build import load_settings
    from bantin.core.errors import UserError
    from bantin.dev.demo import import_seeds
    try:
        import_seeds(tmp_path, tmp_path / "content", load_settings(str(ROOT / "pelicanconf.py")))
    except UserError as exc:
        assert str(exc) == (f"Error: the seed page 000_09c1457714f87989.txt is not in {tmp_path}; "
                            "give the folder of the seed pages with --seeds")
    else:
        raise AssertionError("no error")
    assert not (tmp_path / "content").exists()
