"""Product photos drawn locally with Pillow, so the demo needs no download."""

import random
from io import BytesIO

from PIL import Image, ImageDraw

PHOTO_SIZE = (1200, 900)


def draw_photo(palette: tuple[str, str, str], motif: str, rng: random.Random) -> bytes:
    """A JPEG with a background, a pattern of the workshop's motif and some noise of light."""
    background, ink, accent = palette
    image = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(image)
    MOTIFS[motif](draw, ink, accent, rng)
    output = BytesIO()
    image.save(output, "JPEG", quality=82)
    return output.getvalue()


def _batik(draw, ink, accent, rng):
    for y in range(0, PHOTO_SIZE[1], 90):
        for x in range(0, PHOTO_SIZE[0], 90):
            radius = rng.randint(18, 38)
            draw.ellipse((x, y, x + radius * 2, y + radius * 2), outline=ink, width=6)
            draw.ellipse(
                (x + radius - 6, y + radius - 6, x + radius + 6, y + radius + 6), fill=accent
            )


def _sandal(draw, ink, accent, rng):
    for offset in (250, 650):
        draw.rounded_rectangle((offset, 150, offset + 300, 780), radius=140, fill=ink)
        draw.arc((offset + 20, 220, offset + 280, 480), 180, 360, fill=accent, width=28)


def _leather(draw, ink, accent, rng):
    draw.rounded_rectangle((200, 200, 1000, 720), radius=40, fill=ink)
    for x in range(230, 980, 24):
        draw.line((x, 230, x, 240), fill=accent, width=4)
    draw.rectangle((520, 380, 680, 460), fill=accent)


def _bread(draw, ink, accent, rng):
    for _ in range(7):
        x, y = rng.randint(80, 900), rng.randint(80, 600)
        draw.ellipse((x, y, x + 240, y + 180), fill=ink, outline=accent, width=8)


def _orchid(draw, ink, accent, rng):
    for _ in range(5):
        cx, cy = rng.randint(200, 1000), rng.randint(200, 700)
        for dx, dy in ((-70, 0), (70, 0), (0, -70), (0, 70), (0, 0)):
            draw.ellipse((cx + dx - 60, cy + dy - 45, cx + dx + 60, cy + dy + 45), fill=ink)
        draw.ellipse((cx - 22, cy - 22, cx + 22, cy + 22), fill=accent)


def _tshirt(draw, ink, accent, rng):
    draw.polygon(
        [
            (350, 150),
            (500, 120),
            (700, 120),
            (850, 150),
            (1000, 320),
            (880, 400),
            (840, 350),
            (840, 800),
            (360, 800),
            (360, 350),
            (320, 400),
            (200, 320),
        ],
        fill=ink,
    )
    draw.ellipse((520, 380, 680, 540), outline=accent, width=14)


MOTIFS = {
    "batik": _batik,
    "sandal": _sandal,
    "leather": _leather,
    "bread": _bread,
    "orchid": _orchid,
    "tshirt": _tshirt,
}
