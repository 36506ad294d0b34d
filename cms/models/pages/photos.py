"""The photos a page shows, each with the alt text that describes it there: the fields that
choose them, written once, and the list the privacy review and the institution check read."""

from typing import NamedTuple

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from cms.models.photos import Photo


def alt_text_field(label, help_text, *, blank: bool = False) -> models.CharField:
    """What a photo shows, for people who cannot see it, in one place of a page."""
    return models.CharField(label, max_length=200, blank=blank, help_text=help_text)


def chosen_photo_fields(photo_label, alt_label, alt_help) -> tuple[models.Field, models.Field]:
    """The two fields of a photo chosen for one place of a page (a hero, a cover): the photo,
    optional, and its alt text, required when there is a photo (see `ChosenPhoto`)."""
    photo = models.ForeignKey(
        "cms.Photo",
        verbose_name=photo_label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return photo, alt_text_field(alt_label, alt_help, blank=True)


class ChosenPhoto(NamedTuple):
    """Names a page type's pair of `chosen_photo_fields`, with the error its editor sees when
    the photo has no alt text."""

    field: str
    alt_field: str
    missing_alt_text: Promise


class ShownPhoto(NamedTuple):
    """A photo as a page shows it: the photo, its alt text there, and the field (or inline
    panel) its editor chose it in."""

    photo: Photo
    alt_text: str
    field: str


def chosen_photo(page, chosen: ChosenPhoto) -> list[ShownPhoto]:
    """The photo chosen in a page's photo field (a hero, a cover), if any, with its alt text."""
    if not getattr(page, f"{chosen.field}_id"):
        return []
    return [ShownPhoto(getattr(page, chosen.field), getattr(page, chosen.alt_field), chosen.field)]


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


class GalleryPhoto(Orderable):
    """A photo in a gallery, with the alt text that describes it in this place."""

    image = models.ForeignKey("cms.Photo", on_delete=models.CASCADE, related_name="+")
    alt_text = alt_text_field(
        _("alt text"), _("What the photo shows, for people who cannot see it.")
    )

    # The field's own label would be its name, "Image", untranslated.
    panels = [FieldPanel("image", heading=_("Photo")), FieldPanel("alt_text")]

    class Meta(Orderable.Meta):
        abstract = True
