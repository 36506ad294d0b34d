"""The front page of an institution's catalog site."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from cms.blocks import ImpactFigureBlock
from cms.models.pages.base import CatalogBasePage, card_photos, visible_to_the_public
from cms.models.pages.indexes import CatalogIndexPage
from cms.models.pages.photos import ChosenPhoto, chosen_photo, chosen_photo_fields
from cms.models.pages.story import StoryPage
from cms.models.pages.workshop import WorkshopPage
from cms.models.settings import InstitutionSettings
from sitegen.contract import StaticRoute
from sitegen.pages import visible


class HomePage(CatalogBasePage):
    """The front page of an institution's catalog site."""

    hero_text = models.CharField(
        _("hero text"),
        max_length=200,
        blank=True,
        help_text=_("One sentence at the top of the home page."),
    )
    hero_image, hero_image_alt = chosen_photo_fields(
        _("hero photo"),
        _("hero photo alt text"),
        _("What the hero photo shows. Required when there is a hero photo."),
    )
    workshops_intro = models.TextField(
        _("workshops introduction"),
        blank=True,
        help_text=_("A short text above the list of workshops."),
    )
    impact_figures = StreamField(
        [("figure", ImpactFigureBlock())],
        verbose_name=_("impact figures"),
        blank=True,
        help_text=_("Figures the institution wants to show, e.g. people trained this year."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_text"), FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Hero"),
        ),
        InlinePanel("featured_products", label=_("Featured products"), max_num=8),
        FieldPanel("workshops_intro"),
        FieldPanel("impact_figures"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CatalogIndexPage",
        "cms.WorkshopIndexPage",
        "cms.StoryIndexPage",
        "cms.AboutPage",
    ]

    hero = ChosenPhoto("hero_image", "hero_image_alt", _("Describe the hero photo."))
    chosen_photos = (hero,)
    lists_pages = True

    class Meta:
        verbose_name = _("home page")

    # The home page shows the newest stories, not all of them.
    stories_shown = 3

    def public_featured_products(self):
        items = self.featured_products.select_related("product").prefetch_related(
            card_photos("product__")
        )
        return visible_to_the_public(item.product for item in items)

    def public_catalog(self):
        return visible(CatalogIndexPage.objects.child_of(self)).first()

    def public_workshops(self):
        return visible(WorkshopPage.objects.descendant_of(self)).order_by("path")

    def latest_stories(self):
        stories = visible(StoryPage.objects.descendant_of(self)).select_related("cover_image")
        return stories.order_by("-first_published_at", "path")[: self.stories_shown]

    def get_static_routes(self):
        listed = [page.pk for page in [*self.public_workshops(), *self.latest_stories()]]
        return [StaticRoute("", tuple(listed))]

    def get_feed_publisher(self, request):
        """Who the site's ``/catalog.json`` and product feeds name as publisher and brand (the
        national catalog groups products by it): the institution, once it has a name."""
        name = InstitutionSettings.for_request(request).institution_name
        return {"name": name} if name else None

    def summary_text(self):
        return self.hero_text

    def shown_photos(self):
        return chosen_photo(self, self.hero)

    def linked_pages(self):
        return [("featured_products", item.product) for item in self.featured_products.all()]


class HomeFeaturedProduct(Orderable):
    """A product the home page shows first; chosen by the editors."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "cms.ProductPage", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("product", "cms.ProductPage")]
