"""A product of the catalog: what customers order by its code, and what stock and sales count."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import PARAGRAPH_FEATURES, story_blocks
from cms.models.links import MarketplaceLinkBase
from cms.models.pages.base import CatalogBasePage, visible_to_the_public
from cms.models.pages.photos import GalleryPhoto, gallery_photos, stream_photos
from cms.models.pages.workshop import WorkshopPage
from cms.qr import qr_code_svg
from cms.renditions import (
    CARD_IMAGE_FILTER,
    CARD_IMAGE_SIZE,
    FEED_IMAGE_FILTER,
    SHARE_IMAGE_FILTER,
    prefetch_renditions,
)
from cms.validators import normalise_product_code
from sitegen.api import public_page_url, public_url


class Availability(models.TextChoices):
    READY_STOCK = "ready_stock", _("Ready stock")
    PRE_ORDER = "pre_order", _("Pre-order")
    MADE_TO_ORDER = "made_to_order", _("Made to order")
    SOLD_OUT = "sold_out", _("Sold out")


AVAILABILITY_LABELS = dict(Availability.choices)


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
    production_capacity_per_month = models.PositiveIntegerField(
        _("production capacity per month"),
        null=True,
        blank=True,
        help_text=_("How many units the workshop can make in a month, for business buyers."),
    )
    lead_time = models.CharField(
        _("lead time"),
        max_length=150,
        blank=True,
        help_text=_("How long an order takes for a given quantity, e.g. 3 weeks for 500 pcs."),
    )
    customisation = models.TextField(
        _("customisation offered"),
        max_length=500,
        blank=True,
        help_text=_("e.g. a hotel's logo printed or embroidered, colours, sizes."),
    )
    samples_available = models.BooleanField(
        _("samples available"),
        default=False,
        help_text=_("A buyer may ask for a sample before ordering in quantity."),
    )
    quality_notes = models.TextField(
        _("quality notes"),
        max_length=1000,
        blank=True,
        help_text=_("How the workshop keeps the quality even: checks, materials, standards met."),
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
        MultiFieldPanel(
            [
                FieldPanel("production_capacity_per_month"),
                FieldPanel("lead_time"),
                FieldPanel("customisation"),
                FieldPanel("samples_available"),
                FieldPanel("quality_notes"),
                InlinePanel("price_tiers", label=_("Price tiers by quantity")),
            ],
            heading=_("Business orders"),
            help_text=_("Shown on the product's page when it accepts custom or bulk orders."),
        ),
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
        # A few workshops and categories serve many products: prefetched, each is made once
        # (joined, every product would get its own copy of its workshop's page).
        return queryset.prefetch_related(
            "category",
            "workshop",
            # the gallery, the link preview, and the feed's photos and card thumbnail
            prefetch_renditions(
                "photos__image__renditions",
                "product_photo",
                "product_card",
                specs=(SHARE_IMAGE_FILTER, FEED_IMAGE_FILTER),
            ),
            "marketplace_links",
            "price_tiers",
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
            "availability_label": self.get_availability_display(),
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
        specs = {
            image_format: f"format-{image_format}|{CARD_IMAGE_FILTER}"
            for image_format in ("avif", "webp", "jpeg")
        }
        # In one call: Wagtail looks through the photo's renditions once, not once per format.
        renditions = photo.image.get_renditions(*specs.values())
        urls = {
            image_format: public_url(request, renditions[spec].url)
            for image_format, spec in specs.items()
        }
        return {"alt": photo.alt_text, "size": CARD_IMAGE_SIZE, **urls}

    def get_baked_files(self, request):
        """Files the baker stores beside the page: the QR code printed on the packaging."""
        return {"qr.svg": qr_code_svg(public_page_url(self, request))}

    def get_availability_display(self) -> str:
        """Django's own method, from a table made once: Django's makes its table of the choices
        at each call, and every card and product page of a bake shows the availability."""
        return str(AVAILABILITY_LABELS.get(self.availability, self.availability))

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
        check_price_tiers(list(self.price_tiers.all()))

    def unit_price_for(self, quantity: int) -> int:
        """The unit price of an order of `quantity`: that of the largest tier it reaches, or
        the product's price below the first tier."""
        reached = [tier for tier in self.price_tiers.all() if tier.minimum_quantity <= quantity]
        return (
            max(reached, key=lambda tier: tier.minimum_quantity).unit_price
            if reached
            else self.price
        )


def check_price_tiers(tiers):
    """Refuse tiers whose quantities do not increase from one row to the next: a buyer reads
    them top to bottom, and a quotation picks the largest tier an order reaches."""
    quantities = [tier.minimum_quantity for tier in tiers if tier.minimum_quantity is not None]
    if any(later <= earlier for earlier, later in zip(quantities, quantities[1:], strict=False)):
        raise ValidationError(
            {
                "price_tiers": ValidationError(
                    _(
                        "List the price tiers from the smallest quantity up, each larger "
                        "than the one before."
                    ),
                    code="tiers_not_increasing",
                )
            }
        )


class ProductPhoto(GalleryPhoto):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="photos")


class PriceTier(Orderable):
    """A unit price for orders from a quantity up (100+, 500+, 1.000+), for business buyers;
    shown on the product's page and picked by the quotations the clerks make."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="price_tiers")
    minimum_quantity = models.PositiveIntegerField(
        _("from quantity"),
        validators=[MinValueValidator(2, message=_("A price tier starts at 2 units or more."))],
        help_text=_("The price applies to orders of this many units or more."),
    )
    unit_price = models.PositiveIntegerField(
        _("unit price (Rp)"),
        validators=[MinValueValidator(1, message=_("The price must be more than Rp 0."))],
    )

    panels = [FieldPanel("minimum_quantity"), FieldPanel("unit_price")]

    class Meta(Orderable.Meta):
        verbose_name = _("price tier")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price__gt=0), name="product_price_tier_positive"
            )
        ]

    def __str__(self):
        return f"{self.minimum_quantity}+: {self.unit_price}"


class MarketplaceLink(MarketplaceLinkBase):
    """Where the product can be bought online."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="marketplace_links")
