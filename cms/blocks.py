"""StreamField blocks shared by product, story and home pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """A photo inside a story. Alt text is required: the catalog must work with a screen reader."""

    image = ImageChooserBlock(label=_("Photo"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A testimonial from a customer, a partner or an officer (never an inmate's full name)."""

    text = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(
        label=_("Who said it"),
        required=False,
        max_length=120,
        help_text=_("For example “Hotel buyer, Bandung”. Do not write an inmate's full name."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote or testimonial")
        template = "blocks/quote_block.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link to a video hosted elsewhere. Shown as a link, never embedded: the public site makes
    no requests to other hosts."""

    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Title"), max_length=150)

    def clean(self, value):
        value = super().clean(value)
        if not value["url"].startswith("https://"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Use an https:// address."))}
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "blocks/video_link_block.html"


class ImpactFigureBlock(blocks.StructBlock):
    """A figure on the home page, such as “48 people trained this year”."""

    figure = blocks.CharBlock(
        label=_("Figure"), max_length=20, help_text=_("For example 48 or 1.200")
    )
    label = blocks.CharBlock(label=_("Label"), max_length=80)

    class Meta:
        icon = "order"
        label = _("Impact figure")
        template = "blocks/impact_figure_block.html"


def story_blocks():
    """The blocks of a product's or a story's narrative."""
    return [
        ("paragraph", ParagraphBlock()),
        ("image", CaptionedImageBlock()),
        ("quote", QuoteBlock()),
        ("video", VideoLinkBlock()),
    ]
