"""The demo's photos: scenes of a ward's life drawn with Pillow (no download, no licence).

The seeds' own photos were not saved with them, and sample images that packages
ship (an astronaut, a rocket, a cat) have nothing to do with a ward. These are
flat illustrations of what a ward's bulletin shows — a dialogue meeting in the
hall, a residential group's notice board, a street of the ward, the one-stop
counter, a green Sunday in the park, the residential group's cultural house, the
site on a phone — captioned in the articles as drawings, not photos of events.
They are stored as a phone stores photos (EXIF orientation, a GPS position), so
the demo also shows the pipeline turning them upright and removing the position.

Example:
    write_scenes("content/images/2025/huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong")
"""
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bantin.dev.samples import camera_stored

W, H = 2000, 1500  # drawn at this size (a portrait scene: 1200×1600)
LONG_SIDE = 4000  # saved at a phone photo's size
SKIN = [(241, 200, 160), (224, 172, 130), (198, 144, 104), (233, 190, 150)]
HAIR = [(30, 26, 24), (46, 38, 34), (70, 60, 56), (200, 200, 200)]
SHIRTS = [(255, 255, 255), (238, 238, 230), (52, 86, 140), (205, 60, 55), (86, 130, 90),
          (240, 208, 90), (120, 120, 130)]
RED, YELLOW = (196, 30, 36), (250, 215, 60)
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")


def _font(size):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None  # signs are drawn as lines of "text" instead


def _sign(draw, box, text, fill, ink, size):
    """A board with centred text (or lines standing for it when no font is installed)."""
    draw.rectangle(box, fill=fill)
    x0, y0, x1, y1 = box
    font = _font(size)
    if font is None:
        for i, y in enumerate(range(y0 + size // 2, y1 - size // 2, size * 2)):
            inset = (x1 - x0) // (5 if i % 2 else 8)
            draw.rectangle((x0 + inset, y, x1 - inset, y + size // 2), fill=ink)
        return
    lines = text.split("\n")
    while size > 12 and max(draw.textlength(line, font=font) for line in lines) > x1 - x0 - 40:
        size -= 2
        font = _font(size)
    heights = [font.getbbox(line)[3] for line in lines]
    y = (y0 + y1 - sum(heights) - 10 * (len(lines) - 1)) // 2
    for line, height in zip(lines, heights):
        width = draw.textlength(line, font=font)
        draw.text(((x0 + x1 - width) // 2, y), line, font=font, fill=ink)
        y += height + 10


def _person(draw, rnd, x, y, scale, back=False, shirt=None, legs=False):
    """A person from the waist up, or standing with ``legs``: (x, y) the top of the head."""
    head = 34 * scale
    shirt = shirt or rnd.choice(SHIRTS)
    if legs:
        trousers = rnd.choice([(40, 44, 60), (70, 70, 76), (96, 80, 60)])
        for side in (-1, 1):
            draw.rectangle((x + side * 8 * scale - 14 * scale, y + head * 4.2,
                            x + side * 8 * scale + 14 * scale, y + head * 7.4), fill=trousers)
    draw.rounded_rectangle((x - 46 * scale, y + head * 1.7, x + 46 * scale, y + head * 4.6),
                           radius=int(30 * scale), fill=shirt)
    draw.ellipse((x - head / 2 - 3, y, x + head / 2 + 3, y + head * 1.9),
                 fill=rnd.choice(HAIR) if back else rnd.choice(SKIN))
    if not back:
        draw.chord((x - head / 2 - 4, y - 4, x + head / 2 + 4, y + head * 1.1), 180, 360,
                   fill=rnd.choice(HAIR))


def _tree(draw, rnd, x, ground, height):
    draw.rectangle((x - height // 22, ground - height // 2, x + height // 22, ground),
                   fill=(96, 70, 48))
    green = rnd.choice([(58, 122, 66), (72, 140, 70), (46, 106, 60)])
    for dx, dy, r in ((0, -0.62, 0.3), (-0.2, -0.5, 0.22), (0.2, -0.5, 0.22), (0, -0.8, 0.2)):
        cx, cy, rr = x + dx * height, ground + dy * height, r * height
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=green)


def meeting_hall(rnd):
    """A dialogue meeting in the ward's hall: stage, banner, head table, audience."""
    image = Image.new("RGB", (W, H), (236, 226, 206))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, W, 760), fill=(150, 24, 30))
    _sign(draw, (300, 90, 1700, 330), "HỘI NGHỊ ĐỐI THOẠI\nGIỮA CHỦ TỊCH UBND PHƯỜNG VỚI NHÂN DÂN",
          RED, YELLOW, 64)
    draw.rectangle((0, 760, W, 800), fill=(120, 84, 52))
    for i in range(7):
        _person(draw, rnd, 420 + i * 195, 430, 1.3, shirt=rnd.choice(SHIRTS[:3]))
    draw.rectangle((300, 620, 1700, 780), fill=(250, 250, 248))
    for x in (520, 1000, 1480):
        draw.ellipse((x - 50, 560, x + 50, 640), fill=(230, 120, 150))
    draw.rectangle((0, 800, W, H), fill=(214, 200, 176))
    for row in range(4):
        y = 930 + row * 150
        for i in range(11):
            x = 90 + i * 185 + (row % 2) * 90
            draw.rectangle((x - 80, y + 70, x + 80, y + 200), fill=(104, 60, 40))
            _person(draw, rnd, x, y, 1.2 + row * 0.12, back=True)
    return image


def notice_board(rnd):
    """The residential group's notice board on a wall, by a tree (a portrait photo)."""
    image = Image.new("RGB", (1200, 1600), (238, 222, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1350, 1200, 1600), fill=(170, 170, 165))
    draw.rectangle((150, 300, 1050, 1150), fill=(40, 90, 60))
    _sign(draw, (150, 200, 1050, 300), "BẢNG TIN TỔ DÂN PHỐ SỐ 5", RED, YELLOW, 48)
    for i, (x, y) in enumerate([(200, 360), (500, 360), (790, 360), (200, 760), (560, 760)]):
        draw.rectangle((x, y, x + 230, y + 330), fill=(252, 252, 246))
        for line in range(9):
            width = rnd.randint(120, 200)
            draw.rectangle((x + 20, y + 30 + line * 32, x + 20 + width, y + 42 + line * 32),
                           fill=(90, 90, 90) if line else RED)
    draw.rectangle((180, 1150, 200, 1350), fill=(90, 90, 90))
    draw.rectangle((1000, 1150, 1020, 1350), fill=(90, 90, 90))
    _tree(draw, rnd, -60, 1360, 900)
    return image


def street(rnd):
    """A street of the ward: narrow houses, trees, motorbikes."""
    image = Image.new("RGB", (W, H), (178, 214, 238))
    draw = ImageDraw.Draw(image)
    x = 0
    while x < W:
        width, height = rnd.randint(170, 260), rnd.randint(520, 900)
        colour = rnd.choice([(240, 226, 170), (236, 200, 160), (214, 226, 210), (245, 245, 236),
                             (226, 196, 200), (200, 214, 232)])
        draw.rectangle((x, 1050 - height, x + width - 6, 1050), fill=colour)
        for floor in range(1, height // 180):
            y = 1050 - floor * 180
            draw.rectangle((x + 30, y - 110, x + width - 36, y - 30), fill=(110, 140, 160))
            draw.rectangle((x + 10, y - 20, x + width - 16, y - 8), fill=(120, 120, 120))
        draw.rectangle((x + 30, 900, x + width - 36, 1050), fill=(96, 84, 76))
        x += width
    draw.rectangle((0, 1050, W, 1120), fill=(196, 190, 180))
    draw.rectangle((0, 1120, W, H), fill=(92, 92, 96))
    for x in range(60, W, 320):
        draw.rectangle((x, 1300, x + 160, 1316), fill=(240, 240, 240))
    for x in (150, 700, 1250, 1800):
        _tree(draw, rnd, x, 1080, 620)
    for x, y in ((400, 1190), (980, 1330), (1500, 1230)):
        draw.ellipse((x - 70, y + 40, x - 10, y + 100), fill=(30, 30, 30))
        draw.ellipse((x + 90, y + 40, x + 150, y + 100), fill=(30, 30, 30))
        draw.rounded_rectangle((x - 60, y, x + 140, y + 70), radius=30, fill=rnd.choice(SHIRTS[2:]))
        _person(draw, rnd, x + 40, y - 150, 1.0)
    return image


def one_stop_counter(rnd):
    """The one-stop counter: numbered desks, staff, citizens waiting."""
    image = Image.new("RGB", (W, H), (232, 236, 240))
    draw = ImageDraw.Draw(image)
    _sign(draw, (200, 60, 1800, 200), "BỘ PHẬN MỘT CỬA", (20, 80, 150), (255, 255, 255), 72)
    for i in range(4):
        x = 120 + i * 460
        _sign(draw, (x + 120, 260, x + 300, 340), f"Quầy {i + 1}", (255, 255, 255), (20, 80, 150), 40)
        _person(draw, rnd, x + 210, 420, 1.3, shirt=(250, 250, 250))
        draw.rectangle((x, 640, x + 420, 900), fill=(190, 150, 110))
        draw.rectangle((x + 120, 560, x + 300, 650), fill=(40, 40, 48))
    draw.rectangle((0, 900, W, H), fill=(200, 196, 190))
    for row in range(2):
        for i in range(9):
            x, y = 150 + i * 210 + row * 100, 1000 + row * 230
            draw.rectangle((x - 85, y + 110, x + 85, y + 190), fill=(30, 110, 170))
            _person(draw, rnd, x, y, 1.1 + row * 0.15, back=True)
    return image


def green_sunday(rnd):
    """A green Sunday: volunteers in green shirts cleaning the park by the lake."""
    image = Image.new("RGB", (W, H), (190, 222, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, W, 820), fill=(110, 160, 190))
    draw.rectangle((0, 820, W, H), fill=(120, 176, 96))
    for x in range(80, W, 260):
        _tree(draw, rnd, x + rnd.randint(-40, 40), 640, rnd.randint(380, 520))
    draw.polygon([(700, H), (1300, H), (1120, 820), (880, 820)], fill=(214, 200, 170))
    _sign(draw, (560, 640, 1440, 760), "NGÀY CHỦ NHẬT XANH", (40, 130, 70), (255, 255, 255), 56)
    for i in range(8):
        x, y = 120 + i * 240, 860 + (i % 3) * 110
        _person(draw, rnd, x, y, 1.4, shirt=(46, 150, 80), legs=True)
        draw.line((x + 60, y + 160, x + 110, y + 420), fill=(140, 100, 60), width=10)
        draw.polygon([(x + 80, y + 420), (x + 150, y + 420), (x + 115, y + 380)], fill=(200, 170, 90))
    return image


def cultural_house(rnd):
    """The residential group's cultural house, where its meetings are held."""
    image = Image.new("RGB", (W, H), (186, 218, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1150, W, H), fill=(206, 200, 190))
    draw.polygon([(400, 500), (1000, 250), (1600, 500)], fill=(170, 70, 50))
    draw.rectangle((480, 500, 1520, 1150), fill=(244, 232, 196))
    _sign(draw, (560, 540, 1440, 660), "NHÀ VĂN HÓA TỔ DÂN PHỐ SỐ 5", RED, YELLOW, 44)
    for x in (560, 1260):
        draw.rectangle((x, 740, x + 180, 960), fill=(110, 150, 170))
    draw.rectangle((880, 760, 1120, 1150), fill=(120, 80, 50))
    draw.rectangle((1700, 300, 1712, 1150), fill=(150, 150, 150))
    draw.rectangle((1712, 310, 1900, 430), fill=RED)
    _tree(draw, rnd, 220, 1160, 760)
    for i in range(5):
        _person(draw, rnd, 640 + i * 180, 960, 0.8, legs=True)
    return image


def site_on_phone(rnd):
    """The ward's information page on a phone, on a desk."""
    image = Image.new("RGB", (W, H), (206, 180, 146))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((720, 120, 1280, 1380), radius=70, fill=(28, 28, 32))
    draw.rectangle((760, 220, 1240, 1280), fill=(255, 255, 255))
    draw.rectangle((760, 220, 1240, 380), fill=(150, 24, 30))
    draw.ellipse((790, 250, 880, 340), fill=YELLOW)
    draw.rectangle((900, 260, 1200, 285), fill=(255, 255, 255))
    draw.rectangle((900, 305, 1120, 325), fill=(250, 215, 160))
    draw.rectangle((780, 410, 1220, 660), fill=(120, 170, 200))
    for i in range(6):
        y = 690 + i * 95
        draw.rectangle((780, y, 880, y + 70), fill=(160, 190, 150))
        draw.rectangle((900, y + 6, 1200 - (i % 3) * 40, y + 22), fill=(40, 60, 110))
        draw.rectangle((900, y + 40, 1120, y + 52), fill=(150, 150, 150))
    draw.rectangle((300, 300, 620, 760), fill=(250, 250, 244))
    for line in range(11):
        draw.rectangle((330, 340 + line * 36, 330 + rnd.randint(180, 260), 352 + line * 36),
                       fill=(120, 120, 120))
    draw.rectangle((1420, 900, 1460, 1300), fill=(40, 90, 160))
    return image


# (file, scene, EXIF orientation the phone stores with it)
SCENES = (
    ("anh-1.jpg", meeting_hall, 1),
    ("anh-2.jpg", notice_board, 6),
    ("anh-3.jpg", street, 1),
    ("anh-4.jpg", one_stop_counter, 8),
    ("anh-5.jpg", green_sunday, 3),
    ("anh-6.jpg", cultural_house, 1),
)
LAUNCH_SCENES = (("anh-1.jpg", site_on_phone, 1),)
# The demo articles' photo folders (content/images/…) and what is drawn in each.
DEMO_PHOTOS = (("2025/huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong", SCENES),
               ("2025/trang-thong-tin-dien-tu-phuong-mau-di-vao-hoat-dong", LAUNCH_SCENES))


def write_scenes(out, scenes=SCENES, seed=2025):
    """Draw ``scenes`` into the folder ``out`` as phone photos; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, scene, orientation in scenes:
        drawn = scene(random.Random(f"{seed}-{name}-{scene.__name__}"))
        scale = LONG_SIDE / max(drawn.size)
        photo = drawn.resize((round(drawn.width * scale), round(drawn.height * scale)),
                             Image.Resampling.LANCZOS)
        stored, exif = camera_stored(photo, orientation)
        stored.save(out / name, "JPEG", quality=85, exif=exif.tobytes(),
                    comment=b"Demo photo with GPS")
        paths.append(out / name)
    return paths
