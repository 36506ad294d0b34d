"""What every page type of a catalog site shares: `CatalogBasePage` and its admin form.

Every page type inherits `CatalogBasePage`, so every page is published only through the review
workflow (see cms/permissions.py), shows photos and links pages of its own institution only,
and is baked by the site generator through its page contract (sitegen/contract.py).
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.fields import RichTextField, StreamField
from wagtail.models import COMMENTS_RELATION_NAME, Page

from cms.models.pages.photos import ChosenPhoto, ShownPhoto
from cms.models.photos import Photo
from cms.permissions import GovernedPagePermissionTester
from cms.renditions import prefetch_renditions
from institutions.models import Institution
from sitegen.contract import BakedPage
from sitegen.pages import visible_ids


def card_photos(lookup_prefix: str = "") -> Prefetch:
    """What a product card shows (theme/templates/includes/product_card.html), loaded in bulk:
    prefetch it along ``lookup_prefix`` (a path to the products, ``""`` for products)."""
    return prefetch_renditions(f"{lookup_prefix}photos__image__renditions", "product_card")


def visible_to_the_public(pages):
    """Keep the pages the public may see (live, not private), in their order.

    Every candidate is loaded, not only the visible ones, so the baker records that this page
    depends on them too and bakes it again when a hidden one is published later.
    """
    pages = list(pages)
    shown = visible_ids(page.pk for page in pages)
    return [page for page in pages if page.pk in shown]


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


class CatalogBasePage(BakedPage, Page):
    """Base of every Etalase page type: publishing goes through the workflow only, and a page
    shows photos and links pages of its own institution only."""

    base_form_class = CatalogPageForm
    # The page a page being created in the admin goes under: its form sets it, since the page
    # is not in the tree (and so has no institution) until it is saved.
    new_page_parent = None
    # The photos its editor chooses for one place each (a hero, a cover), beside galleries.
    chosen_photos: tuple[ChosenPhoto, ...] = ()

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
        errors = {**self.missing_alt_texts(), **self.references_to_other_institutions()}
        if errors:
            raise ValidationError(errors)

    def missing_alt_texts(self) -> dict[str, ValidationError]:
        """An error for each chosen photo without the alt text that describes it."""
        return {
            chosen.alt_field: ValidationError(chosen.missing_alt_text, code="required")
            for chosen in self.chosen_photos
            if getattr(self, f"{chosen.field}_id") and not getattr(self, chosen.alt_field).strip()
        }

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
