"""The listings of a site: its catalog, workshops and stories, split into numbered pages."""

from dataclasses import replace

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from cms.models.pages.base import CatalogBasePage
from cms.models.pages.product import ProductPage
from cms.models.pages.story import StoryPage
from cms.models.pages.workshop import WorkshopPage
from cms.models.snippets import Category
from cms.renditions import SHARE_IMAGE_FILTER, prefetch_renditions
from sitegen.contract import StaticRoute, digest
from sitegen.pages import once_per_bake, visible


class IndexPage(CatalogBasePage):
    """A listing of the pages below it (products, workshops or stories)."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class PaginatedIndexPage(RoutablePageMixin, IndexPage):
    """An index whose list is split into pages: /katalog/, /katalog/halaman/2/, ...

    ``get_static_routes`` tells the baker which file lists which pages, so an item that appears
    or leaves re-bakes exactly the listing pages that shift.
    """

    items_per_page = 24
    lists_pages = True

    class Meta:
        abstract = True

    def summary_text(self):
        return self.intro

    def listed_pages(self):
        """The live, public pages this index lists, in the order they are shown."""
        raise NotImplementedError

    @path("")
    def first_listing_page(self, request):
        return self.render_listing_page(request, 1)

    @re_path(r"^halaman/(?P<number>[1-9][0-9]*)/$")
    def later_listing_page(self, request, number):
        if number == "1":
            raise Http404  # page 1 lives at the index's own URL only
        return self.render_listing_page(request, int(number))

    def listed_ids(self) -> list[int]:
        """The ids of ``listed_pages``, in their order: asked once per bake, where the routes
        and each listing page would count the pages and read the view restrictions again."""
        return once_per_bake(
            ("listed ids", self.pk), lambda: list(self.listed_pages().values_list("pk", flat=True))
        )

    def render_listing_page(self, request, number):
        paginator = Paginator(self.listed_ids(), self.items_per_page)
        try:
            listing_page = paginator.page(number)
        except EmptyPage as missing:
            raise Http404 from missing
        return self.render(
            request,
            context_overrides={
                # a list, so that the template's ``items.0`` is not a query of its own
                "items": list(self.listed_pages().filter(pk__in=listing_page.object_list)),
                "listing_page": listing_page,
                "previous_url": self.listing_page_url(number - 1) if number > 1 else None,
                "next_url": self.listing_page_url(number + 1) if listing_page.has_next() else None,
            },
        )

    @staticmethod
    def listing_subpath(number):
        return "" if number == 1 else f"halaman/{number}/"

    def listing_page_url(self, number):
        return self.url + self.listing_subpath(number)

    def get_static_routes(self):
        ids = self.listed_ids()
        size = self.items_per_page
        chunks = [tuple(ids[start : start + size]) for start in range(0, len(ids), size)] or [()]
        return [
            StaticRoute(self.listing_subpath(number), chunk)
            for number, chunk in enumerate(chunks, start=1)
        ]


class CatalogIndexPage(PaginatedIndexPage):
    """The catalog: every live product of the site, filterable by category and workshop."""

    subpage_types = ["cms.ProductPage"]

    class Meta:
        verbose_name = _("catalog")

    def listed_pages(self):
        return (
            visible(ProductPage.objects.child_of(self))
            .order_by("path")
            .prefetch_related(
                # the cards, and the first one's photo as the listing's link preview
                prefetch_renditions(
                    "photos__image__renditions", "product_card", specs=(SHARE_IMAGE_FILTER,)
                )
            )
        )

    def filter_choices(self):
        """The categories and workshops of the catalog's products, to filter it by: the same on
        every listing page, so a bake asks the database once."""
        return once_per_bake(("filter choices", self.pk), self._query_filter_choices)

    def _query_filter_choices(self):
        products = visible(ProductPage.objects.child_of(self))
        categories = Category.objects.filter(pk__in=products.values("category"))
        workshops = visible(WorkshopPage.objects.filter(pk__in=products.values("workshop")))
        return {"categories": list(categories), "workshops": list(workshops.order_by("path"))}

    def get_static_routes(self):
        """Each listing page shows the filter, whose choices come from every product: one of a
        category or workshop no other product has changes them on every page. A category's own
        name, and so the order of the categories, is left out: renaming one rebuilds the whole
        site (``sitegen.fingerprint``), a job of its own that an approval must not take on."""
        choices = self.filter_choices()
        shown = sorted(category.pk for category in choices["categories"])
        shown += [(workshop.slug, workshop.title) for workshop in choices["workshops"]]
        return [replace(route, shows=digest(shown)) for route in super().get_static_routes()]


class WorkshopIndexPage(PaginatedIndexPage):
    """The list of the institution's workshops."""

    subpage_types = ["cms.WorkshopPage"]

    class Meta:
        verbose_name = _("workshop list")

    def listed_pages(self):
        return (
            visible(WorkshopPage.objects.child_of(self))
            .order_by("path")
            .prefetch_related(prefetch_renditions("photos__image__renditions", "landscape_card"))
        )


class StoryIndexPage(PaginatedIndexPage):
    """The list of stories, newest first: behind the scenes, testimonials, impact."""

    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("story list")

    def listed_pages(self):
        return (
            visible(StoryPage.objects.child_of(self))
            .order_by("-first_published_at", "path")
            .select_related("cover_image")
            .prefetch_related(
                prefetch_renditions(
                    "cover_image__renditions", "landscape_card", specs=(SHARE_IMAGE_FILTER,)
                )
            )
        )
