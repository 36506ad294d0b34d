"""A product of the catalog: what customers order by its code, and what stock and sales count."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PARAGRAPH_FEATURES, story_blocks
from cms.models.links import MarketplaceLinkBase
from cms.models.pages.base import CatalogBasePage, visible_to_the_public
from cms.models.pages.photos import GalleryPhoto, gallery_photos, stream_photos
from cms.models.pages.workshop import WorkshopPage
from cms.qr import qr_code_svg
from cms.renditions import CARD_IMAGE_FILTER, CARD_IMAGE_SIZE, FEED_IMAGE_FILTER
from cms.validators import normalise_product_code
from sitegen.api import public_page_url, public_url


class Availability(models.TextChoices):
    READY_STOCK = "ready_stock", _("Ready stock")
    PRE_ORDER = "pre_order", _("Pre-order")
    MADE_TO_ORDER = "made_to_order", _("Made to order")
    SOLD_OUT = "sold_out", _("Sold out")


class ProductPage(CatalogBasePage):
    """One product of the catalog. Stock, sales and stories point at it; its code is what
    customers quote in WhatsApp messages and what marketplace exports are matched by."""

    code = models.CharField(
        _("product code"),
        max_length=12,
        unique=True,
        # Empty only on a fresh copy of a product, until its editor gives it a code of its own.
        null=True,
        error_messages={"unique": _("Another product already uses this code.")},
        help_text=_("2–5 letters, a dash and 3–5 digits, e.g. BTK-001. Printed on labels."),
    )
    category = models.ForeignKey(
        "cms.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    workshop = models.ForeignKey(
        WorkshopPage, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="products"
    )
    price = models.IntegerField(
        _("price (Rp)"),
        validators=[MinValueValidator(1, message=_("The price must be more than Rp 0."))],
        help_text=_("In whole rupiah, e.g. 150000."),
    )
    unit = models.CharField(
        _("unit"), max_length=20, default="pcs", help_text=_("e.g. pcs, pasang, lembar, kg.")
    )
    minimum_order_quantity = models.IntegerField(
        _("minimum order"),
        default=1,
        validators=[MinValueValidator(1, message=_("The minimum order is at least 1."))],
    )
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.READY_STOCK,
    )
    # When the product last became sold out, for the catalog health report. A fact of the live
    # row like the stock, not editorial content: kept when a revision is published.
    sold_out_since = models.DateTimeField(_("sold out since"), null=True, editable=False)
    accepts_custom_orders = models.BooleanField(
        _("accepts custom or bulk orders"),
        default=False,
        help_text=_("Organisations (hotels, offices) may order in quantity or to their design."),
    )
    short_description = models.TextField(
        _("short description"),
        max_length=300,
        help_text=_("One or two sentences for the catalog and link previews."),
    )
    materials_and_care = RichTextField(
        _("materials and care"), features=PARAGRAPH_FEATURES, blank=True
    )
    story = StreamField(
        story_blocks(),
        verbose_name=_("story"),
        blank=True,
        help_text=_("How the product is made and who it helps."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("category"),
                FieldPanel("workshop"),
                FieldPanel("price"),
                FieldPanel("unit"),
                FieldPanel("minimum_order_quantity"),
                FieldPanel("availability"),
                FieldPanel("accepts_custom_orders"),
            ],
            heading=_("Product"),
        ),
        FieldPanel("short_description"),
        InlinePanel("photos", label=_("Photos"), min_num=1),
        FieldPanel("materials_and_care"),
        FieldPanel("story"),
        InlinePanel("marketplace_links", label=_("Marketplace links")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.SearchField("short_description"),
        index.FilterField("availability"),
    ]
    parent_page_types = ["cms.CatalogIndexPage"]
    subpage_types = []
    # A copy is a new product: it must not take the code that customers and stock know the
    # original by.
    exclude_fields_in_copy = ["code"]

    class Meta:
        verbose_name = _("product")
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(
                condition=models.Q(minimum_order_quantity__gt=0),
                name="product_minimum_order_positive",
            ),
        ]

    @classmethod
    def bake_queryset(cls, queryset):
        """What a product's page reads, loaded in bulk when the site is baked."""
        return queryset.select_related("category", "workshop").prefetch_related(
            "photos__image__renditions", "marketplace_links"
        )

    def get_feed_entry(self, request):
        """The product in the site's ``/catalog.json`` feed and the product feeds made from it
        (sitegen/feeds.py), read by partners, the national catalog, Google, Meta and the catalog
        page's filters: the approved page's own text only (its short description, never its
        story), absolute URLs only."""
        photo = next(iter(self.photos.all()), None)
        return {
            "code": self.code,
            "name": self.title,
            "price": self.price,
            "unit": self.unit,
            "availability": self.availability,
            "availability_label": str(self.get_availability_display()),
            "accepts_custom_orders": self.accepts_custom_orders,
            "description": self.short_description,
            "category": self._feed_category(),
            "workshop": {"slug": self.workshop.slug, "name": self.workshop.title},
            "published": self.first_published_at.date().isoformat()
            if self.first_published_at
            else None,
            "url": public_page_url(self, request),
            "images": [
                public_url(request, photo.image.get_rendition(FEED_IMAGE_FILTER).url)
                for photo in self.photos.all()
            ],
            "thumbnail": self._feed_thumbnail(request, photo) if photo else None,
        }

    def _feed_category(self):
        category = {"slug": self.category.slug, "name": self.category.name}
        if self.category.google_product_category:  # for the Google and Meta feeds
            category["google_product_category"] = self.category.google_product_category
        return category

    @staticmethod
    def _feed_thumbnail(request, photo):
        """The catalog card's photo in each format, for cards the catalog's filters draw."""
        urls = {
            image_format: public_url(
                request, photo.image.get_rendition(f"format-{image_format}|{CARD_IMAGE_FILTER}").url
            )
            for image_format in ("avif", "webp", "jpeg")
        }
        return {"alt": photo.alt_text, "size": CARD_IMAGE_SIZE, **urls}

    def get_baked_files(self, request):
        """Files the baker stores beside the page: the QR code printed on the packaging."""
        return {"qr.svg": qr_code_svg(public_page_url(self, request))}

    def public_workshop(self):
        """The workshop, unless its page is not visible to the public."""
        return next(iter(visible_to_the_public([self.workshop])), None)

    def summary_text(self):
        return self.short_description

    def shown_photos(self):
        return gallery_photos(self) + stream_photos(self, "story")

    def linked_pages(self):
        return [("workshop", self.workshop)] if self.workshop_id else []

    def share_photo(self):
        """The first photo of the gallery; never one of the story's."""
        return next(iter(gallery_photos(self)), None)

    @staticmethod
    def availability_change(availability, sold_out_since=None) -> dict:
        """The fields to save when the availability becomes `availability`."""
        if availability != Availability.SOLD_OUT:
            return {"availability": availability, "sold_out_since": None}
        return {"availability": availability, "sold_out_since": sold_out_since or timezone.now()}

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.sold_out_since = self.sold_out_since
        return page

    def save(self, *args, **kwargs):
        change = self.availability_change(self.availability, self.sold_out_since)
        self.sold_out_since = change["sold_out_since"]
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            self.code = normalise_product_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error}) from error


class ProductPhoto(GalleryPhoto):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="photos")


class MarketplaceLink(MarketplaceLinkBase):
    """Where the product can be bought online."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="marketplace_links")
