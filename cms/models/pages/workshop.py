"""A workshop of the institution, with its gallery and its first products."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PARAGRAPH_FEATURES
from cms.models.pages.base import CatalogBasePage, card_photos
from cms.models.pages.photos import GalleryPhoto, gallery_photos
from cms.renditions import SHARE_IMAGE_FILTER, prefetch_renditions
from sitegen.contract import StaticRoute
from sitegen.pages import visible


class WorkshopPage(CatalogBasePage):
    """A work unit of the institution (batik, sandals, bakery...). Products name the workshop
    that makes them; sales reports and wage shares are grouped by it."""

    description = RichTextField(_("description"), features=PARAGRAPH_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        InlinePanel("photos", label=_("Photos")),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["cms.WorkshopIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("workshop")

    lists_pages = True

    @classmethod
    def bake_queryset(cls, queryset):
        return queryset.prefetch_related(
            prefetch_renditions("photos__image__renditions", "cover", specs=(SHARE_IMAGE_FILTER,))
        )

    # A workshop page shows its first products; the catalog lists all of them.
    products_shown = 24

    def public_products(self):
        """The first live, public products of the workshop, in catalog order."""
        products = visible(self.products.all()).order_by("path")
        return products.prefetch_related(card_photos())[: self.products_shown]

    def get_static_routes(self):
        return [StaticRoute("", tuple(self.public_products().values_list("pk", flat=True)))]

    def summary_text(self):
        return Truncator(strip_tags(self.description)).chars(200)

    def shown_photos(self):
        return gallery_photos(self)


class WorkshopPhoto(GalleryPhoto):
    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="photos")
