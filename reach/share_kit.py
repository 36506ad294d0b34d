"""Share kits: what a workshop manager posts about a product or a story, ready in a minute.

For each product and story on the public site: a square image (1080 × 1080, an Instagram or
Facebook post) and a story image (1080 × 1920, a WhatsApp, Instagram or TikTok story), drawn
from the page's photo with its name, price, code, the institution's name and a QR code to the
page; and one caption per channel, whose link tells the traffic counts where a visitor came from
(``?utm_source=instagram``).

Everything comes from the page as the public site shows it, the row of a live page: Wagtail keeps
a draft in a revision of its own until an officer approves it, so a draft's new name or price
never reaches a kit. Only the page's approved fields are used (nothing about the people who made
the product), the typeface is the one the project ships (``theme.fonts``), and each image is a
JPEG without metadata, under ``MAX_IMAGE_BYTES``, at the best quality that fits.
"""

from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from urllib.parse import urlencode

import segno
from PIL import Image, ImageDraw, ImageFont, ImageOps

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import InstitutionSettings, Photo, ProductPage, StoryPage
from reach.models import TrafficChannel
from sitegen.api import public_page_url
from theme import fonts
from theme.templatetags.etalase import rupiah

# Instagram keeps an upload of this size as it is; WhatsApp and a slow connection send it fast.
MAX_IMAGE_BYTES = 300_000
# JPEG qualities tried, best first by halving the range: a busy photo needs a lower one to fit.
BEST_QUALITY = 90
LOWEST_QUALITY = 10

# The public site's colours (theme/static/theme/site.css).
PAPER = "#fbf8f3"
INK = "#1c1c1c"
MUTED = "#555555"
INDIGO = "#1f3a5f"
ELLIPSIS = "…"

SHAREABLE_PAGE_TYPES = (ProductPage, StoryPage)

# The channels a caption is written for, by their ``utm_source``; short captions for the
# channels that show a line or two over an image.
CHANNELS = {
    "instagram": TrafficChannel.INSTAGRAM.label,
    "whatsapp_status": gettext_lazy("WhatsApp Status"),
    "facebook": TrafficChannel.FACEBOOK.label,
    "tiktok": TrafficChannel.TIKTOK.label,
}
SHORT_CAPTION_CHANNELS = {"whatsapp_status", "tiktok"}


@dataclass(frozen=True)
class Layout:
    """Where an image's parts go: the photo across the top, then the text on paper, with the
    QR code in the bottom right corner. The headline (title and price) runs beside the QR code,
    or, on a tall image, above it across the whole width."""

    name: str
    label: str
    width: int
    height: int
    photo_height: int
    margin: int
    qr_size: int
    title_size: int
    title_lines: int
    price_size: int
    detail_size: int
    headline_above_qr: bool

    @property
    def qr_left(self) -> int:
        return self.width - self.margin - self.qr_size

    @property
    def qr_top(self) -> int:
        return self.height - self.margin - self.qr_size

    @property
    def column_right(self) -> int:
        """Where the text beside the QR code ends, a gutter before it."""
        return self.qr_left - self.margin


SQUARE = Layout(
    name="square",
    label=gettext_lazy("Square image, 1080 × 1080 (posts)"),
    width=1080,
    height=1080,
    photo_height=620,
    margin=48,
    qr_size=320,
    title_size=48,
    title_lines=2,
    price_size=52,
    detail_size=30,
    headline_above_qr=False,
)
STORY = Layout(
    name="story",
    label=gettext_lazy("Story image, 1080 × 1920 (stories and status)"),
    width=1080,
    height=1920,
    photo_height=1080,
    margin=64,
    qr_size=340,
    title_size=64,
    title_lines=3,
    price_size=68,
    detail_size=38,
    headline_above_qr=True,
)
LAYOUTS = {layout.name: layout for layout in (SQUARE, STORY)}


@dataclass(frozen=True)
class ShareKit:
    """What a kit shows of one page, read from the live page."""

    is_product: bool
    title: str
    description: str
    price: str  # "Rp 450.000 / lembar"; empty for a story
    code: str  # empty for a story
    slug: str
    institution: str
    url: str  # the page's public address
    photo: Photo | None  # the photo the page shows in link previews

    def file_name(self, layout: Layout) -> str:
        """``BTK-001-square.jpg``: named by the product's code, which the workshop knows it by."""
        return f"{self.code or self.slug}-{layout.name}.jpg"

    def link(self, channel: str) -> str:
        return f"{self.url}?{urlencode({'utm_source': channel})}"

    def captions(self) -> list[dict]:
        """One caption per channel, in the public site's language, each with its own link."""
        with translation.override(settings.LANGUAGE_CODE):
            return [
                {"channel": channel, "label": str(label), "text": self._caption(channel)}
                for channel, label in CHANNELS.items()
            ]

    def _caption(self, channel: str) -> str:
        values = {
            "title": self.title,
            "price": self.price,
            "code": self.code,
            "description": self.description,
            "institution": self.institution,
            "url": self.link(channel),
        }
        short = channel in SHORT_CAPTION_CHANNELS
        if self.is_product and short:
            text = _("%(title)s, %(price)s. Order it here: %(url)s")
        elif self.is_product:
            text = _(
                "%(title)s · %(price)s\n\n%(description)s\n\nMade in the workshop of "
                "%(institution)s. Product code: %(code)s.\nOrder through the link: %(url)s"
            )
        elif short:
            text = _("%(title)s. Read the story: %(url)s")
        else:
            text = _(
                "%(title)s\n\n%(description)s\n\nA story from %(institution)s. Read it: %(url)s"
            )
        return text % values


def share_kit_of(page, request) -> ShareKit:
    """The kit of a live product or story page (a specific page, as its row has it)."""
    institution = page.institution()
    name = InstitutionSettings.for_site(institution.site).institution_name
    shown_photo = page.share_photo()
    is_product = isinstance(page, ProductPage)
    return ShareKit(
        is_product=is_product,
        title=page.title,
        description=page.summary_text(),
        price=f"{rupiah(page.price)} / {page.unit}" if is_product else "",
        code=page.code if is_product else "",
        slug=page.slug,
        institution=name or str(institution),
        url=public_page_url(page, request),
        photo=shown_photo.photo if shown_photo else None,
    )


def share_image(kit: ShareKit, layout: Layout) -> bytes:
    """The kit's image in this layout, as a JPEG of at most ``MAX_IMAGE_BYTES``."""
    canvas = Image.new("RGB", (layout.width, layout.height), PAPER)
    if kit.photo is not None:
        canvas.paste(_photo_filling(kit.photo, (layout.width, layout.photo_height)), (0, 0))
    canvas.paste(qr_code_image(kit.url, layout.qr_size), (layout.qr_left, layout.qr_top))
    with translation.override(settings.LANGUAGE_CODE):
        _write_text(ImageDraw.Draw(canvas), kit, layout)
    return smallest_fitting_jpeg(canvas)


def _photo_filling(photo, size: tuple[int, int]) -> Image.Image:
    """The photo cut to fill the box, around the focal area its editor chose if any."""
    with photo.open_file() as file, Image.open(file) as image:
        image.draft("RGB", size)  # a JPEG decodes at a fraction of its size when that is enough
        centring = (0.5, 0.5)
        focal_point = photo.get_focal_point()
        if focal_point is not None:
            centring = (focal_point.centroid.x / photo.width, focal_point.centroid.y / photo.height)
        return ImageOps.fit(
            image.convert("RGB"), size, method=Image.Resampling.LANCZOS, centering=centring
        )


def qr_code_image(url: str, size: int) -> Image.Image:
    """A QR code to the page on white, as large as whole pixels per module allow in `size`."""
    code = segno.make_qr(url, error="m")
    border = 2
    modules = code.symbol_size(border=border)[0]
    png = BytesIO()
    code.save(png, kind="png", scale=max(1, size // modules), border=border)
    png.seek(0)
    box = Image.new("RGB", (size, size), "white")
    with Image.open(png) as drawn:
        qr = drawn.convert("RGB")
    box.paste(qr, ((size - qr.width) // 2, (size - qr.height) // 2))
    return box


def _write_text(draw: ImageDraw.ImageDraw, kit: ShareKit, layout: Layout) -> None:
    margin, gap = layout.margin, layout.margin // 4
    column_width = layout.column_right - margin
    headline_width = layout.width - 2 * margin if layout.headline_above_qr else column_width
    # A story has no price: its title may take the price's line.
    title_lines = layout.title_lines if kit.price else layout.title_lines + 1
    title_font = _bold(layout.title_size)
    top = _write(
        draw,
        kit.title,
        (margin, layout.photo_height + margin),
        title_font,
        headline_width,
        max_lines=title_lines,
    )
    if kit.price:
        price_font = _bold(layout.price_size)
        top = _write(draw, kit.price, (margin, top + gap), price_font, headline_width, fill=INDIGO)
    if layout.headline_above_qr:
        top = max(top, layout.qr_top)
    top += gap
    for line in _details(kit):
        top = _write(
            draw, line, (margin, top), _regular(layout.detail_size), column_width, fill=MUTED
        )


def _details(kit: ShareKit) -> list[str]:
    """The small print beside the QR code."""
    if kit.is_product:
        code = _("Product code %(code)s") % {"code": kit.code}
        return [code, kit.institution, _("Scan to order")]
    return [kit.institution, _("Scan to read the story")]


def _write(draw, text, position, font, width, *, max_lines=1, fill=INK) -> int:
    """Write the text wrapped to `width` pixels in at most `max_lines` lines; returns the top
    of what comes below it."""
    left, top = position
    line_height = round(font.size * 1.22)
    for line in wrapped(text, font, width, max_lines):
        draw.text((left, top), line, font=font, fill=fill)
        top += line_height
    return top


def wrapped(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """The text in lines of at most `width` pixels, broken between words; a word too long for
    a line, or text left over after the last line, is cut with an ellipsis."""
    words = text.split()
    lines = []
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:  # the next word did not fit on the last line
        lines[-1] = f"{lines[-1]} {words[0]}"
    return [_ellipsised(line, font, width) for line in lines]


def _ellipsised(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if font.getlength(line) <= width:
        return line
    while line and font.getlength(line.rstrip() + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


@lru_cache
def _bold(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.BOLD), size)


@lru_cache
def _regular(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.REGULAR), size)


def smallest_fitting_jpeg(image: Image.Image) -> bytes:
    """The image as a JPEG at the best quality whose file is at most ``MAX_IMAGE_BYTES`` (the
    lowest quality when none is), found by halving the range of qualities. Pillow writes no
    metadata unless asked to, and it is not asked."""
    low, high = LOWEST_QUALITY, BEST_QUALITY
    fitting = None
    while low <= high:
        quality = (low + high) // 2
        encoded = _jpeg(image, quality)
        if len(encoded) <= MAX_IMAGE_BYTES:
            fitting, low = encoded, quality + 1
        else:
            high = quality - 1
    return fitting or _jpeg(image, LOWEST_QUALITY)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    output = BytesIO()
    image.save(output, "JPEG", quality=quality, optimize=True, progressive=True)
    return output.getvalue()
