"""A story about a workshop, a customer or the programme's impact."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import story_blocks
from cms.models.pages.base import CatalogBasePage, card_photos, visible_to_the_public
from cms.models.pages.photos import ChosenPhoto, chosen_photo, chosen_photo_fields, stream_photos
from cms.models.pages.product import ProductPage
from cms.models.pages.workshop import WorkshopPage
from cms.renditions import SHARE_IMAGE_FILTER, prefetch_renditions


class StoryType(models.TextChoices):
    BEHIND_THE_SCENES = "behind_the_scenes", _("Behind the scenes")
    TESTIMONIAL = "testimonial", _("Testimonial")
    IMPACT = "impact", _("Impact")


class StoryPage(CatalogBasePage):
    """A story about a workshop, a customer or the programme's impact, linked to products."""

    story_type = models.CharField(
        _("kind of story"),
        max_length=20,
        choices=StoryType.choices,
        default=StoryType.BEHIND_THE_SCENES,
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    cover_image, cover_image_alt = chosen_photo_fields(
        _("cover photo"),
        _("cover photo alt text"),
        _("What the cover photo shows. Required when there is a cover photo."),
    )
    workshop = models.ForeignKey(
        WorkshopPage,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    related_products = ParentalManyToManyField(
        ProductPage, verbose_name=_("related products"), blank=True, related_name="stories"
    )
    body = StreamField(story_blocks(), verbose_name=_("story"))

    content_panels = Page.content_panels + [
        FieldPanel("story_type"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading=_("Cover")
        ),
        FieldPanel("body"),
        FieldPanel("workshop"),
        FieldPanel("related_products"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types = []

    cover = ChosenPhoto("cover_image", "cover_image_alt", _("Describe the cover photo."))
    chosen_photos = (cover,)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @classmethod
    def bake_queryset(cls, queryset):
        return queryset.select_related("cover_image", "workshop").prefetch_related(
            prefetch_renditions("cover_image__renditions", "cover", specs=(SHARE_IMAGE_FILTER,))
        )

    def public_related_products(self):
        return visible_to_the_public(
            self.related_products.order_by("path").prefetch_related(card_photos())
        )

    def summary_text(self):
        return self.summary

    def shown_photos(self):
        return chosen_photo(self, self.cover) + stream_photos(self, "body")

    def linked_pages(self):
        workshop = [("workshop", self.workshop)] if self.workshop_id else []
        return workshop + [("related_products", page) for page in self.related_products.all()]

    def share_photo(self):
        """The cover; never a photo of the story's text."""
        return next(iter(chosen_photo(self, self.cover)), None)
