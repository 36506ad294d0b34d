"""The renditions the public site shows, in one list, and the task that makes them ahead.

Encoding a rendition (an AVIF above all) costs far more than rendering the page that shows it.
Made during a bake, renditions make a new product's way to the public slow and a first bake of
a catalog take an hour; so every photo gets them in the background as soon as its picture is
uploaded (or changed), and again when a page that shows it is published (a photo uploaded before
the theme asked for a new size). The bake then only reads them. One it still misses (a task that
has not run yet, a worker that is down) is made by the bake itself: never a broken image.

A photo does not know where it will be shown, so the task makes every rendition of the list.
The theme's templates name an entry of ``THEME_PICTURES`` (``{% theme_picture photo
"product_photo" ... %}``, theme/templatetags/etalase.py) instead of spelling filter specs, and
Python code reads the constants below, so what the theme asks for and what is made ahead cannot
drift apart.
"""

import functools
from typing import NamedTuple

from django_tasks import task

from django.db import transaction
from django.db.models import Prefetch

from wagtail.images.models import Filter
from wagtail.signals import page_published

# The photo of a link preview: the 1.91:1 size WhatsApp, Facebook and X all crop to.
SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"
# Photos in the catalog feed: large enough for a partner's product page, never the original.
FEED_IMAGE_FILTER = "max-1200x1200"
# The larger photo of a catalog card (``product_card`` below), which the feed's thumbnail
# uses in each of its formats.
CARD_IMAGE_FILTER = "fill-480x480"
CARD_IMAGE_SIZE = 480

RESPONSIVE_FORMATS = "format-{avif,webp,jpeg}"


class ThemePicture(NamedTuple):
    """How the theme shows a photo in one place: Wagtail's tag (``picture`` for the responsive
    formats and sizes, ``image`` for one rendition) and its filter specs, as that tag takes
    them."""

    tag: str
    specs: tuple[str, ...]

    def filter_specs(self) -> list[str]:
        """Every rendition the tag asks for, one filter spec each."""
        return Filter.expand_spec(list(self.specs))


THEME_PICTURES = {
    "product_photo": ThemePicture("picture", (RESPONSIVE_FORMATS, "fill-{480x480,800x800}")),
    "product_card": ThemePicture("picture", (RESPONSIVE_FORMATS, "fill-{240x240,480x480}")),
    "hero": ThemePicture("picture", (RESPONSIVE_FORMATS, "fill-{480x300,720x450,960x600}")),
    "cover": ThemePicture("picture", (RESPONSIVE_FORMATS, "fill-{480x320,960x640}")),
    "landscape_card": ThemePicture("picture", (RESPONSIVE_FORMATS, "fill-{240x160,480x320}")),
    "story_photo": ThemePicture("image", ("width-800",)),
}


@functools.cache
def _filter_of(spec: str) -> Filter:
    return Filter(spec=spec)


def shared_filter(filter_or_spec: Filter | str) -> Filter:
    """The one ``Filter`` of this process for a spec. Wagtail parses a filter's operations (with
    ``inspect``, a fraction of a millisecond) once per instance, and its template tags make new
    instances at every use: a bake that asks for the same few specs tens of thousands of times
    spent a fifth of its time parsing them."""
    spec = filter_or_spec if isinstance(filter_or_spec, str) else filter_or_spec.spec
    return _filter_of(spec)


def theme_filter_specs() -> list[str]:
    """Every rendition the public site may show of a photo, once each."""
    specs = [spec for picture in THEME_PICTURES.values() for spec in picture.filter_specs()]
    specs += [SHARE_IMAGE_FILTER, FEED_IMAGE_FILTER]
    return list(dict.fromkeys(specs))


def prefetch_renditions(lookup: str, *pictures: str, specs: tuple[str, ...] = ()) -> Prefetch:
    """Prefetch along ``lookup`` (ending in a photo's ``renditions``) of only the renditions that
    the named ``THEME_PICTURES`` entries and ``specs`` show.

    A photo has some thirty renditions (every place of the theme in every format) and a catalog
    card shows six: loading all of them for every card was most of a listing page's bake. A
    rendition asked for but not loaded is still shown, only slowly: Wagtail then makes it again
    and keeps the one it finds. A test bakes with the originals gone to catch that.
    """
    from cms.models import PhotoRendition

    wanted = [spec for name in pictures for spec in THEME_PICTURES[name].filter_specs()]
    wanted += specs
    return Prefetch(lookup, queryset=PhotoRendition.objects.filter(filter_spec__in=wanted))


# Ahead of the bakes waiting in the same queue (sitegen.tasks), which then find the renditions.
RENDITIONS_PRIORITY = 10


@task(backend="sitegen", priority=RENDITIONS_PRIORITY)
def make_theme_renditions(photo_ids: list[int]) -> int:
    """Make the renditions of these photos that do not exist yet; returns how many photos were
    found (a photo deleted since is skipped)."""
    from cms.models import Photo

    photos = Photo.objects.filter(pk__in=photo_ids).prefetch_related("renditions")
    specs = theme_filter_specs()
    for photo in photos:
        photo.get_renditions(*specs)  # existing ones are found, in the prefetched list
    return len(photos)


def make_renditions_after_commit(photo_ids) -> None:
    """Enqueue the task once the photos (or the page showing them) are saved for good."""
    photo_ids = sorted(set(photo_ids))
    if photo_ids:
        transaction.on_commit(
            lambda: make_theme_renditions.enqueue(photo_ids=photo_ids), robust=True
        )


def make_renditions_of_published_page(sender, instance, **kwargs) -> None:
    shown_photos = getattr(instance.specific, "shown_photos", None)
    if shown_photos is not None:
        make_renditions_after_commit(shown.photo.pk for shown in shown_photos())


def connect_signals() -> None:
    page_published.connect(make_renditions_of_published_page, dispatch_uid="theme_renditions")
