"""What the baker asks of a page type: the `BakedPage` mixin, whose defaults do nothing.

Every page type the baker writes inherits `BakedPage` (the cms's pages through `CatalogBasePage`)
and overrides only what it needs, so a page type's class shows at a glance what the baker calls:

- ``bake_queryset(queryset)``: what its template reads, loaded in bulk (no query per photo);
- ``get_static_routes()``: the files it is baked to, each with the pages it lists by query;
- ``get_feed_entry(request)``: its entry in the site's ``/catalog.json``, if it has one;
- ``get_baked_files(request)``: files stored beside its HTML (a product's ``qr.svg``);
- ``get_feed_publisher(request)``: on a site's root page, who publishes the site's feed.

A template may also link to a redirect address below its page (``sitegen.page_redirects``, a
product's order buttons): the baker writes the redirects it asks for beside the page's HTML.

Routes. Most pages have one route, the page itself. A page that lists other pages (a paginated
catalog, a workshop with its products) returns one `StaticRoute` per file, each with the ids of
the pages it lists, and sets ``lists_pages``. The baker compares those ids with the last bake to
find listings whose content or pagination shifted, so a page that appears, disappears or moves
updates every listing it is on. A template that shows pages chosen by a query must expose that
query through ``get_static_routes()``; pages reached through fields (a product's workshop, a
story's products) are recorded automatically while the page renders. What a route shows of
pages it neither lists nor reads by a field (the catalog filter's categories and workshops, taken
from every product) goes in its ``shows``, a digest: when it differs from the last bake's, the
route is rendered again.
"""

import hashlib
from dataclasses import dataclass

from sitegen.pages import once_per_bake


def digest(value) -> str:
    """A short hash of ``value``'s ``repr``, to tell whether it changed since the last bake
    (a route's ``shows``, a photo's record in ``sitegen.fingerprint``); not for secrets."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class StaticRoute:
    # Below the page's URL, e.g. "" for the page itself or "halaman/2/" for a later listing page.
    subpath: str = ""
    listed: tuple[int, ...] = ()
    shows: str = ""


class BakedPage:
    """A page type the baker can write. Override what the page type needs; see the module."""

    # True when ``get_static_routes()`` lists pages chosen by a query: the baker then asks the
    # page for its routes at every bake, since a page anywhere may have joined or left its list.
    lists_pages = False

    @classmethod
    def bake_queryset(cls, queryset):
        """The queryset of pages of this type to bake, with what their template reads (its
        ``select_related`` and ``prefetch_related``)."""
        return queryset

    def get_url_parts(self, request=None):
        """Wagtail's, once per page and bake: a page's address is asked for wherever it shows
        (its canonical link, a card, the feed, the QR code), and Wagtail reverses a URL each time,
        a twentieth of a bake."""
        compute = super().get_url_parts
        return once_per_bake(("url parts", self.pk, self.url_path), lambda: compute(request))

    def get_static_routes(self) -> list[StaticRoute]:
        """The files the page is baked to: by default one, the page itself, listing nothing."""
        return [StaticRoute()]

    def get_feed_entry(self, request) -> dict | None:
        """The page in the site's ``/catalog.json`` (absolute URLs only), or None to leave it
        out."""
        return None

    def get_baked_files(self, request) -> dict[str, bytes]:
        """Files stored beside the page's HTML, by name relative to the page's URL."""
        return {}

    def get_feed_publisher(self, request) -> dict | None:
        """On a site's root page: who the site's ``/catalog.json`` names as its publisher
        (``{"name": ...}``); None names the site."""
        return None
