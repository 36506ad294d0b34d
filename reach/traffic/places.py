"""Which site and page a logged request asked for.

Each site's latest bake says which file every page is baked to (``sitegen.api.baked_routes``),
and which of the files stored beside a product's page are its order addresses. A request finds
its site by where it was served from: on S3 the bucket and key prefix the site publishes to;
through a CDN the host the visitor asked for (the site's public address); from a folder behind
a web server, the site named on the command line. A site's file is never counted for another
site, even at the same path.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wagtail.models import Site

from sitegen.api import baked_routes, public_root, storage_place
from theme.order_addresses import destination_of


@dataclass
class SitePlace:
    site_id: int
    # A baked file → (page id, destination): "" for the page itself, else an order address's.
    files: dict[str, tuple[int, str]] = field(default_factory=dict)
    hosts: frozenset[str] = frozenset()  # the hosts the public reaches the site at
    path_prefix: str = ""  # the public address's path ("" or "lapas-b/")
    storage: tuple[str, str] | None = None  # (bucket, key prefix) on S3

    def page_of(self, path: str, prefix: str = "") -> tuple[int, str] | None:
        """The page and destination of a URL path (or an S3 key) below `prefix`, or None."""
        path = path.lstrip("/")
        if not path.startswith(prefix):
            return None
        path = path[len(prefix) :]
        if path == "" or path.endswith("/"):
            path += "index.html"
        return self.files.get(path)


def site_place(site: Site) -> SitePlace:
    address = urlsplit(public_root(site))
    hosts = {site.hostname.lower()} | ({address.hostname.lower()} if address.hostname else set())
    place = SitePlace(
        site_id=site.pk,
        hosts=frozenset(hosts),
        path_prefix=address.path.strip("/") + "/" if address.path.strip("/") else "",
        storage=storage_place(site),
    )
    for path, route in baked_routes(site).items():
        place.files[path] = (route["page"], "")
        if route["subpath"] != "":
            continue
        folder = path.removesuffix("index.html")
        for file in route["files"]:
            destination = destination_of(file.removeprefix(folder).removesuffix("index.html"))
            if destination:
                place.files[file] = (route["page"], destination)
    return place


class Places:
    """Every site's place, to resolve requests of a log that may mix several sites."""

    def __init__(self, sites):
        self.sites = [site_place(site) for site in sites]
        self._by_host = {host: place for place in self.sites for host in place.hosts}
        # Longest prefix first: a site under "a/b/" wins over one under "a/" (refused anyway).
        self._by_bucket = sorted(
            (place for place in self.sites if place.storage),
            key=lambda place: -len(place.storage[1]),
        )

    def on_storage(self, bucket: str, key: str) -> tuple[SitePlace, str] | None:
        """The site whose place on S3 holds this key, with the key's prefix there."""
        for place in self._by_bucket:
            place_bucket, prefix = place.storage
            if place_bucket == bucket and key.startswith(prefix):
                return place, prefix
        return None

    def at_host(self, host: str) -> SitePlace | None:
        return self._by_host.get(host)
