"""Render pages through Wagtail's own serving path, as a visitor of the site would get them.

Each page is routed from itself rather than from the site root (``page.route`` then
``page.serve``, the two steps of ``wagtail.views.serve``), so no tree walk is repeated per page.
One request per site carries Wagtail's caches (the site, its root paths, site settings); each
page gets a shallow copy of it with its own path.
"""

import copy
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import Error as DatabaseError
from django.db.models.signals import post_init
from django.http import Http404
from django.test import RequestFactory

from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError
from wagtail.models import Page, Site

from sitegen.addresses import public_root
from sitegen.assets import (
    AssetError,
    rewrite_static_references,
    shown_renditions,
    template_static_names,
)
from sitegen.contract import StaticRoute
from sitegen.fingerprint import site_setting_models
from sitegen.page_redirects import recording_redirects
from sitegen.pages import PublicPage, baking, output_path


class RenderError(Exception):
    """A page could not be rendered; the message names the page and the reason."""


def site_request(site: Site):
    """A GET request for the site's root, with Wagtail's per-request caches filled once."""
    request = RequestFactory().get(
        "/", SERVER_NAME=site.hostname, SERVER_PORT=str(site.port), secure=site.port == 443
    )
    # ALLOWED_HOSTS guards the admin against forged Host headers of incoming requests; this one
    # is the baker's own, for the public site's host name, which the admin never answers to.
    request.get_host = request._get_raw_host
    request.user = AnonymousUser()
    Site.find_for_request(request)
    site.root_page.get_url_parts(request)  # fills the cache of site root paths
    public_root(site, request)  # and that of public addresses, shared by every page's copy
    for model in site_setting_models():
        model.for_request(request)
    return request


def request_for_path(base_request, path: str):
    request = copy.copy(base_request)
    request.path = request.path_info = path
    request.META = {**base_request.META, "PATH_INFO": path}
    # Wagtail caches the routed page per request; each page must route for itself.
    request.__dict__.pop("_wagtail_route_for_request", None)
    return request


def render_route(page: Page, route: StaticRoute, url: str, base_request) -> bytes:
    """The HTML a visitor gets at ``url``: the page's URL plus the route's subpath."""
    request = request_for_path(base_request, url)
    components = [part for part in route.subpath.split("/") if part]
    try:
        routed_page, args, kwargs = page.route(request, components)
        response = routed_page.serve(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
    except Http404 as missing:
        raise RenderError(f"{url} ({page.title}): not found when rendering") from missing
    except DatabaseError:
        raise  # the database failing is the bake's failure, not this page's
    except SourceImageIOError as unreadable:  # a photo whose size was still to be made
        raise RenderError(
            f"{url} ({page.title}): the file of a photo it shows cannot be read from the media "
            f"storage ({_stored_name(unreadable)}): upload the photo again, or take it off the "
            "page"
        ) from unreadable
    except Exception as error:  # a template or data error: name the page that has it
        raise RenderError(f"{url} ({page.title}): {error}") from error
    if response.status_code != 200:
        raise RenderError(f"{url} ({page.title}): answered {response.status_code}")
    return response.content


def _stored_name(unreadable: SourceImageIOError) -> str:
    """The file's name in the media storage, not its path on this machine."""
    path = getattr(unreadable.__cause__, "filename", None)
    if not path:  # object storage names no path
        return str(unreadable)
    return os.path.relpath(path, settings.MEDIA_ROOT)


@dataclass
class Reads:
    pages: set[int] = field(default_factory=set)
    images: set[int] = field(default_factory=set)
    # Loaded, for the media-leak check (``shown_renditions``); kept without an id too, since a
    # rendition made during the render is saved after it is created.
    renditions: list[AbstractRendition] = field(default_factory=list)

    def add(self, instance) -> None:
        if isinstance(instance, AbstractRendition):
            self.renditions.append(instance)
        elif instance.pk is None:
            return
        elif isinstance(instance, Page):
            self.pages.add(instance.pk)
        elif isinstance(instance, AbstractImage):
            self.images.add(instance.pk)


def loaded_with(instance, depth=3):
    """The objects fetched together with an instance by select_related and prefetch_related.

    The baker loads pages with their related objects in bulk, before rendering; these count
    as read by the page's file just like the objects the template fetches itself.
    """
    if depth == 0:
        return
    related = list(instance._state.fields_cache.values())
    for prefetched in getattr(instance, "_prefetched_objects_cache", {}).values():
        related.extend(prefetched)
    for item in related:
        if item is not None:
            yield item
            yield from loaded_with(item, depth - 1)


@contextmanager
def recording_reads():
    """Collect the ids of the pages and photos loaded from the database inside the block.

    A rendered file depends on what it read (a product's workshop, a story's products, the items
    of a listing, their photos); when one of them changes, the file is baked again.
    """
    reads = Reads()

    def record(sender, instance, **kwargs):
        reads.add(instance)

    post_init.connect(record, weak=False)
    try:
        yield reads
    finally:
        post_init.disconnect(record)


@dataclass
class RenderedRoute:
    """One file of a page, with what the baker records about it."""

    path: str
    html: bytes
    subpath: str
    listed: list[int]
    shows: str  # the route's digest of what it shows besides pages (StaticRoute.shows)
    reads: list[int]  # other pages it read
    photos: list[int]  # photos it read
    media: list[str]  # renditions it shows, by name in the media storage
    feed_entry: dict | None = None
    # Other files of the page beside its HTML (a product's QR code), by path in the build.
    files: dict[str, bytes] = field(default_factory=dict)
    # Its redirect addresses (sitegen.page_redirects): path in the build → destination.
    redirects: dict[str, str] = field(default_factory=dict)

    def state(self, page_id: int) -> dict:
        return {
            "page": page_id,
            "subpath": self.subpath,
            "listed": self.listed,
            "shows": self.shows,
            "reads": self.reads,
            "photos": self.photos,
            "media": self.media,
            "files": sorted([*self.files, *self.redirects]),
        }


@dataclass
class RenderedPage:
    page_id: int
    listing: bool
    routes: list[RenderedRoute]
    # Why the page could not be rendered (then it has no routes): a template error, a theme
    # asset missing. The baker keeps its previous files and bakes the other pages.
    error: str = ""


class PageRenderer:
    """Renders pages of one site into files, and writes nothing itself.

    Pure so that a full bake can run it in several processes; the baker writes the results.
    """

    def __init__(self, site: Site, public: dict[int, PublicPage], static_names: dict[str, str]):
        self.public_ids = frozenset(public)
        self.static_names = static_names
        self.template_static_names = template_static_names()
        self.values_of_the_bake = {}
        self.request = site_request(site)

    def in_the_bake(self):
        """The context pages are rendered in: what they share (the menu, the catalog filter's
        choices) is computed once, and they list only pages the bake bakes."""
        return baking(self.public_ids, self.values_of_the_bake)

    def static_routes(self, page: Page) -> list[StaticRoute]:
        """The page's routes, asked inside the bake."""
        with self.in_the_bake():
            return page.get_static_routes()

    def render(self, page: Page, routes: list[StaticRoute] | None = None) -> RenderedPage:
        routes = self.static_routes(page) if routes is None else routes
        try:
            rendered = [self._render_route(page, route) for route in routes]
        except (RenderError, AssetError) as error:
            return RenderedPage(page.pk, page.lists_pages, [], error=str(error))
        return RenderedPage(page.pk, page.lists_pages, rendered)

    def _render_route(self, page: Page, route: StaticRoute) -> RenderedRoute:
        with (
            self.in_the_bake(),
            recording_reads() as reads,
            recording_redirects() as redirects,
        ):
            url = page.get_url(self.request) + route.subpath  # in the bake: reversed once
            for related in loaded_with(page):
                reads.add(related)
            html = render_route(page, route, url, self.request).decode()
            feed_entry, files = None, {}
            if route.subpath == "":
                feed_entry, files = self._page_data(page, url)
        html = rewrite_static_references(
            html, self.static_names, url, required=self.template_static_names
        )
        shown = html if feed_entry is None else html + json.dumps(feed_entry)
        try:
            media = shown_renditions(shown, reads.images, loaded=reads.renditions)
        except AssetError as error:
            raise AssetError(f"{url} ({page.title}): {error}") from error
        return RenderedRoute(
            path=output_path(url),
            html=html.encode(),
            subpath=route.subpath,
            listed=list(route.listed),
            shows=route.shows,
            reads=sorted(reads.pages - {page.pk}),
            photos=sorted(reads.images),
            media=sorted(media),
            feed_entry=feed_entry,
            files=files,
            redirects={output_path(address): target for address, target in redirects.items()},
        )

    def _page_data(self, page: Page, url: str) -> tuple[dict | None, dict[str, bytes]]:
        """What a page adds besides its HTML: its catalog feed entry (``get_feed_entry``) and
        files stored beside its HTML (``get_baked_files``, names relative to the page's URL)."""
        folder = output_path(url).removesuffix("index.html")
        files = {
            folder + name: content for name, content in page.get_baked_files(self.request).items()
        }
        return page.get_feed_entry(self.request), files
