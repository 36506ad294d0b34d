"""The pages of a catalog site: home, catalog, products, workshops and stories.

Every page type inherits `CatalogBasePage`, so every page is published only through the
"Product publication" workflow (see cms/permissions.py).
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import COMMENTS_RELATION_NAME, Orderable, Page
from wagtail.search import index

from cms.blocks import PARAGRAPH_FEATURES, ImpactFigureBlock, story_blocks
from cms.models.links import MarketplaceLinkBase
from cms.models.photos import Photo
from cms.models.settings import InstitutionSettings
from cms.models.snippets import Category
from cms.permissions import GovernedPagePermissionTester
from cms.qr import qr_code_svg
from cms.validators import normalise_product_code
from institutions.models import Institution
from sitegen.api import public_page_url, public_url
from sitegen.pages import visible, visible_ids
from sitegen.routes import StaticRoute

# What a product card shows (theme/templates/includes/product_card.html), loaded in bulk.
CARD_PHOTOS = "photos__image__renditions"


def visible_to_the_public(pages):
    """Keep the pages the public may see (live, not private), in their order.

    Every candidate is loaded, not only the visible ones, so the baker records that this page
    depends on them too and bakes it again when a hidden one is published later.
    """
    pages = list(pages)
    shown = visible_ids(page.pk for page in pages)
    return [page for page in pages if page.pk in shown]


class ShownPhoto(NamedTuple):
    """A photo as a page shows it: the photo, its alt text there, and the field (or inline
    panel) its editor chose it in."""

    photo: Photo
    alt_text: str
    field: str


def chosen_photo(page, field: str, alt_field: str) -> list[ShownPhoto]:
    """The photo chosen in a page's photo field (a hero, a cover), if any, with its alt text."""
    if not getattr(page, f"{field}_id"):
        return []
    return [ShownPhoto(getattr(page, field), getattr(page, alt_field), field)]


def gallery_photos(page) -> list[ShownPhoto]:
    """The photos of a page's gallery (its ``photos`` inline panel), in their order."""
    return [ShownPhoto(row.image, row.alt_text, "photos") for row in page.photos.all()]


def stream_photos(page, field: str) -> list[ShownPhoto]:
    """The photo blocks of one of the page's stream fields, in their order."""
    return [
        ShownPhoto(block.value["image"], block.value["alt_text"], field)
        for block in getattr(page, field)
        if block.block_type == "image" and block.value["image"] is not None  # photo deleted
    ]


class CatalogPageForm(WagtailAdminPageForm):
    """The admin form of every page type.

    The page's ``clean()`` checks what the page shows and links (`CatalogBasePage.clean`), but
    Django runs it before the form's inline panels (a gallery's rows, featured products) and
    chosen related pages reach the page, and a page being created is not in the tree yet. So
    the form hands the page its parent and those values first, and shows the page's errors
    about an inline panel on that panel.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.path:
            self.instance.new_page_parent = self.parent_page
        inline_panels = [
            formset for name, formset in self.formsets.items() if name != COMMENTS_RELATION_NAME
        ]
        if all([formset.is_valid() for formset in inline_panels]):  # each one validated
            for formset in inline_panels:
                formset.save(commit=False)  # onto the page in memory, as saving the form does
        self.save_cluster_m2m()  # the same: related pages chosen, in memory
        return cleaned_data

    def _update_errors(self, errors):
        # Django's hook for the model's errors: those about an inline panel ("photos") go to
        # that panel, as the form has no field of that name.
        for name in set(getattr(errors, "error_dict", {})) & set(self.formsets):
            self.formsets[name].non_form_errors().extend(errors.error_dict.pop(name))
        super()._update_errors(errors)


class CatalogBasePage(Page):
    """Base of every Etalase page type: publishing goes through the workflow only, and a page
    shows photos and links pages of its own institution only."""

    base_form_class = CatalogPageForm
    # The page a page being created in the admin goes under: its form sets it, since the page
    # is not in the tree (and so has no institution) until it is saved.
    new_page_parent = None

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return GovernedPagePermissionTester(user, self)

    def meta_description(self) -> str:
        """The text search engines and link previews show: the editor's SEO description, else
        the page's own summary."""
        return self.search_description or self.summary_text()

    def summary_text(self) -> str:
        return ""

    def shown_photos(self) -> list[ShownPhoto]:
        """Every photo the page shows, with its alt text, in the order of the page: what the
        review checks (cms/privacy.py) and what must be the institution's."""
        return []

    def linked_pages(self) -> list[tuple[str, Page]]:
        """The pages this page links to by choice of its editor, each with its field (or inline
        panel): they must be of the page's own site."""
        return []

    def rich_text_references(self, model) -> list[tuple[str, int]]:
        """(field name, id) of each object of ``model`` (Page, Photo) that the page's rich text
        links or embeds, or a block of its stream fields chooses."""
        found = []
        for field in self._meta.concrete_fields:
            if isinstance(field, RichTextField | StreamField):
                references = field.extract_references(field.value_from_object(self))
                found.extend(
                    (field.name, int(object_id))
                    for referenced, object_id, _path, _content_path in references
                    if issubclass(referenced, model) and str(object_id).isdigit()
                )
        return found

    def share_photo(self):
        """The photo a link preview shows (WhatsApp, Instagram, Facebook), with its alt text,
        or None: the first photo of the page unless its type says otherwise."""
        return next(iter(self.shown_photos()), None)

    def institution(self) -> Institution | None:
        """The institution whose site holds the page; None outside every institution's site."""
        path = self.path or (self.new_page_parent.path if self.new_page_parent else "")
        site_roots = [path[:end] for end in range(self.steplen, len(path) + 1, self.steplen)]
        institutions = Institution.objects.filter(site__root_page__path__in=site_roots)
        institutions = institutions.select_related("collection", "site__root_page")
        return institutions.order_by("-site__root_page__depth").first()

    def clean(self):
        super().clean()
        errors = self.references_to_other_institutions()
        if errors:
            raise ValidationError(errors)

    def references_to_other_institutions(self) -> dict[str, ValidationError]:
        """An error for each field that shows a photo outside the collection of the page's
        institution or links a page of another site, by choice or in its rich text. A manager
        can choose only their own institution's photos and pages, but a form can be posted with
        any."""
        institution = self.institution()
        if institution is None:
            return {}
        errors = {}
        photos = [(shown.field, shown.photo.pk) for shown in self.shown_photos()]
        photos += self.rich_text_references(Photo)
        elsewhere = set(
            Photo.objects.filter(pk__in=[pk for _field, pk in photos])
            .exclude(collection__path__startswith=institution.collection.path)
            .values_list("pk", flat=True)
        )
        for field, pk in photos:
            if pk in elsewhere:
                errors[field] = ValidationError(
                    _("Choose photos from the collection “%(collection)s”.")
                    % {"collection": institution.collection.name},
                    code="other_institution",
                )
        site_root = institution.site.root_page.path
        linked_in_text = self.rich_text_references(Page)
        in_text = Page.objects.in_bulk([pk for _field, pk in linked_in_text])
        linked = [*self.linked_pages()] + [
            (field, in_text[pk]) for field, pk in linked_in_text if pk in in_text
        ]
        for field, page in linked:
            if not page.path.startswith(site_root):
                errors[field] = ValidationError(
                    _("Choose pages of %(institution)s.") % {"institution": institution},
                    code="other_institution",
                )
        return errors


class GalleryPhoto(Orderable):
    """A photo in a gallery, with the alt text that describes it in this place."""

    image = models.ForeignKey("cms.Photo", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        _("alt text"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    # The field's own label would be its name, "Image", untranslated.
    panels = [FieldPanel("image", heading=_("Photo")), FieldPanel("alt_text")]

    class Meta(Orderable.Meta):
        abstract = True


class HomePage(CatalogBasePage):
    """The front page of an institution's catalog site."""

    hero_text = models.CharField(
        _("hero text"),
        max_length=200,
        blank=True,
        help_text=_("One sentence at the top of the home page."),
    )
    hero_image = models.ForeignKey(
        "cms.Photo",
        verbose_name=_("hero photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero photo alt text"),
        max_length=200,
        blank=True,
        help_text=_("What the hero photo shows. Required when there is a hero photo."),
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

    class Meta:
        verbose_name = _("home page")

    # The home page shows the newest stories, not all of them.
    stories_shown = 3

    def public_featured_products(self):
        items = self.featured_products.select_related("product").prefetch_related(
            f"product__{CARD_PHOTOS}"
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
        """Who the site's ``/catalog.json`` names as its publisher (the national catalog groups
        products by it): the institution."""
        return {"name": InstitutionSettings.for_request(request).institution_name}

    def summary_text(self):
        return self.hero_text

    def shown_photos(self):
        return chosen_photo(self, "hero_image", "hero_image_alt")

    def linked_pages(self):
        return [("featured_products", item.product) for item in self.featured_products.all()]

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": _("Describe the hero photo.")})


class HomeFeaturedProduct(Orderable):
    """A product the home page shows first; chosen by the editors."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "cms.ProductPage", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("product", "cms.ProductPage")]


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

    def render_listing_page(self, request, number):
        paginator = Paginator(self.listed_pages(), self.items_per_page)
        try:
            listing_page = paginator.page(number)
        except EmptyPage as missing:
            raise Http404 from missing
        return self.render(
            request,
            context_overrides={
                "items": listing_page.object_list,
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
        ids = list(self.listed_pages().values_list("pk", flat=True))
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
            .select_related("category", "workshop")
            .prefetch_related("photos__image__renditions")
        )

    def filter_choices(self):
        """The categories and workshops of the catalog's products, to filter it by."""
        products = visible(ProductPage.objects.child_of(self))
        categories = Category.objects.filter(pk__in=products.values("category"))
        workshops = visible(WorkshopPage.objects.filter(pk__in=products.values("workshop")))
        return {"categories": categories, "workshops": workshops.order_by("path")}


class WorkshopIndexPage(PaginatedIndexPage):
    """The list of the institution's workshops."""

    subpage_types = ["cms.WorkshopPage"]

    class Meta:
        verbose_name = _("workshop list")

    def listed_pages(self):
        return (
            visible(WorkshopPage.objects.child_of(self))
            .order_by("path")
            .prefetch_related("photos__image__renditions")
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
            .prefetch_related("cover_image__renditions")
        )


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

    @classmethod
    def bake_queryset(cls, queryset):
        return queryset.prefetch_related("photos__image__renditions")

    # A workshop page shows its first products; the catalog lists all of them.
    products_shown = 24

    def public_products(self):
        """The first live, public products of the workshop, in catalog order."""
        products = visible(ProductPage.objects.filter(workshop=self)).order_by("path")
        return products.prefetch_related(CARD_PHOTOS)[: self.products_shown]

    def get_static_routes(self):
        return [StaticRoute("", tuple(self.public_products().values_list("pk", flat=True)))]

    def summary_text(self):
        return Truncator(strip_tags(self.description)).chars(200)

    def shown_photos(self):
        return gallery_photos(self)


class WorkshopPhoto(GalleryPhoto):
    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="photos")


# Photos in the catalog feed: large enough for a partner's product page, never the original.
FEED_IMAGE_FILTER = "max-1200x1200"
# The larger photo of a catalog card, spelt as the card template's picture tag spells it
# (theme/templates/includes/product_card.html) so both use the same renditions.
CARD_IMAGE_FILTER = "fill-480x480"
CARD_IMAGE_SIZE = 480


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
        """The product in the site's ``/catalog.json`` feed, read by partners, the national
        catalog and the catalog page's filters: no text beyond the catalog's own, absolute
        URLs only."""
        photo = next(iter(self.photos.all()), None)
        return {
            "code": self.code,
            "name": self.title,
            "price": self.price,
            "unit": self.unit,
            "availability": self.availability,
            "availability_label": str(self.get_availability_display()),
            "accepts_custom_orders": self.accepts_custom_orders,
            "category": {"slug": self.category.slug, "name": self.category.name},
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
    cover_image = models.ForeignKey(
        "cms.Photo",
        verbose_name=_("cover photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_image_alt = models.CharField(
        _("cover photo alt text"),
        max_length=200,
        blank=True,
        help_text=_("What the cover photo shows. Required when there is a cover photo."),
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

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @classmethod
    def bake_queryset(cls, queryset):
        return queryset.select_related("cover_image", "workshop").prefetch_related(
            "cover_image__renditions"
        )

    def public_related_products(self):
        return visible_to_the_public(
            self.related_products.order_by("path").prefetch_related(CARD_PHOTOS)
        )

    def summary_text(self):
        return self.summary

    def shown_photos(self):
        return chosen_photo(self, "cover_image", "cover_image_alt") + stream_photos(self, "body")

    def linked_pages(self):
        workshop = [("workshop", self.workshop)] if self.workshop_id else []
        return workshop + [("related_products", page) for page in self.related_products.all()]

    def share_photo(self):
        """The cover; never a photo of the story's text."""
        return next(iter(chosen_photo(self, "cover_image", "cover_image_alt")), None)

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_image_alt.strip():
            raise ValidationError({"cover_image_alt": _("Describe the cover photo.")})


class AboutPage(CatalogBasePage):
    """The institution introduces itself: who makes the products, why the programme exists and
    how to visit the gallery. Contact details come from the institution's settings."""

    intro = models.TextField(
        _("introduction"), max_length=300, help_text=_("One or two sentences at the top.")
    )
    body = StreamField(story_blocks(), verbose_name=_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("about page")

    def summary_text(self):
        return self.intro

    def shown_photos(self):
        return stream_photos(self, "body")
