"""Which pages of a site the public may see: the only pages the baker ever renders."""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Site


@dataclass(slots=True)
class PublicPage:
    """What the baker needs to know about a page without loading it."""

    id: int
    url: str  # relative to the site, e.g. "/katalog/batik-tulis/"
    revision: int | None  # the live revision: a new approval changes it
    path: str  # position in the tree: a move or reorder changes it
    last_published_at: datetime | None

    def state(self) -> dict:
        return {"url": self.url, "revision": self.revision, "path": self.path}


def visible(pages):
    """The pages of a PageQuerySet the public may see: live, not behind a view restriction and
    not past their expiry date (even before the scheduled-publishing job unpublishes them).
    Listings in templates filter with this too, so they never link to a page the baker skips.

    Wagtail's ``public()`` reads the view restrictions at each call; a bake reads them once."""
    now = timezone.now()
    restricted = once_per_bake("pages behind a view restriction", pages.private_q)
    return pages.live().exclude(restricted).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))


# While a bake runs, the ids of the pages it bakes: templates then ask this set, not the database.
_baking_page_ids: ContextVar[frozenset[int] | None] = ContextVar("baking_page_ids", default=None)


def visible_ids(page_ids) -> set[int]:
    """Which of these pages the public may see (during a bake: which ones it bakes)."""
    page_ids = set(page_ids)
    baking = _baking_page_ids.get()
    if baking is not None:
        return page_ids & baking
    return set(visible(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))


# While a bake runs, values computed once for all its pages (the menu, pages' addresses).
_values_of_the_bake: ContextVar[dict | None] = ContextVar("values_of_the_bake", default=None)


def once_per_bake(key, compute):
    """``compute()``, called once per bake for ``key`` (a hashable naming all it depends on),
    and at every call outside a bake (preview)."""
    values = _values_of_the_bake.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def site_wide_value(key: str, compute):
    """A value that is the same on every page of the site, computed once per bake.

    Pages do not record reading it, so it must come from what the site-wide fingerprint covers
    (``sitegen.fingerprint``): a change to it rebuilds every page.
    """
    return once_per_bake(("site-wide", key), compute)


@contextmanager
def baking(page_ids: frozenset[int], values_of_the_bake: dict):
    tokens = (_baking_page_ids.set(page_ids), _values_of_the_bake.set(values_of_the_bake))
    try:
        yield
    finally:
        _baking_page_ids.reset(tokens[0])
        _values_of_the_bake.reset(tokens[1])


def public_pages(site: Site) -> dict[int, PublicPage]:
    """Every page of the site a visitor can reach, by id.

    Visible (see ``visible``) and reachable: Wagtail answers 404 for a live page below an
    unpublished one, so the baker skips it too.
    """
    root = site.root_page
    rows = (
        visible(Page.objects.descendant_of(root, inclusive=True))
        .order_by("path")
        .values_list("id", "path", "depth", "url_path", "live_revision_id", "last_published_at")
    )
    reachable_paths: set[str] = set()
    pages = {}
    for page_id, path, depth, url_path, revision, published_at in rows:
        parent_path = path[: -Page.steplen]
        if depth > root.depth and parent_path not in reachable_paths:
            continue
        reachable_paths.add(path)
        pages[page_id] = PublicPage(
            id=page_id,
            url="/" + url_path[len(root.url_path) :],
            revision=revision,
            path=path,
            last_published_at=published_at,
        )
    return pages


def output_path(url: str) -> str:
    """The file that answers a URL: "/katalog/" → "katalog/index.html"."""
    return url.lstrip("/") + "index.html"


def specific_pages(ids) -> list[Page]:
    """The pages, each as its own type with what its template reads loaded in bulk.

    Each page type's ``bake_queryset`` (sitegen/contract.py) adds its select_related and
    prefetch_related; the baker then renders it without a query per photo or link.
    """
    pages = []
    for content_type_id, type_ids in _ids_by_type(ids).items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        pages.extend(model.bake_queryset(model.objects.filter(pk__in=type_ids)))
    return sorted(pages, key=lambda page: page.path)


def _ids_by_type(ids) -> dict[int, list[int]]:
    by_type = defaultdict(list)
    for page_id, content_type_id in Page.objects.filter(pk__in=ids).values_list(
        "pk", "content_type_id"
    ):
        by_type[content_type_id].append(page_id)
    return by_type
