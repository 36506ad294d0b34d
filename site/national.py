"""The national catalog: static pages listing the products of every institution, read from
the ``/catalog.json`` feed each institution's bake writes.

The products are listed institution by institution, in pages of ``PAGE_SIZE`` products
(``index.html``, then ``halaman/2/index.html``...) linked to each other: at hundreds of
institutions a single page of every product would be megabytes, too heavy for a phone. Links
between the pages are relative, so the catalog works at any place it is published to.

A feed is read from a file (a site's build folder) or over HTTPS from the site's public
address (plain HTTP only from this machine itself, where no network lies in between). Everything
in a feed is untrusted input: each product is rebuilt from the fields the page uses, with text
kept as text (the template escapes it), only http(s) addresses kept as links and only https
addresses of plain host names as images. The page's Content Security Policy allows exactly the
origins of the images it shows. A feed that cannot be read or parsed is reported and left out;
the page is written with the others.
"""

import json
import re
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sitegen.assets import collect_theme_assets, rewrite_static_references
from sitegen.build_folder import manifest_path
from sitegen.manifest import Manifest, ManifestEntry, write_atomically

# Products per page: a page of cards stays light on a phone (about 300 KB of HTML, 40 KB
# gzipped; the images load as they scroll into view).
PAGE_SIZE = 200
PAGES_DIR = "halaman"
# Larger than the feed of 10,000 products (about 12 MB); a feed beyond it is refused.
MAX_FEED_BYTES = 32 * 1024 * 1024
FEED_TIMEOUT = 20  # seconds
MAX_TEXT = 300  # characters kept of any text of a feed
# A CSS class of the page is made of the availability: a plain word only.
AVAILABILITY = re.compile(r"[a-z_]{1,30}")
# The host (and port) of an image, as it goes into the page's Content Security Policy: nothing
# that could end the source list or add a directive there (";", quotes, "*", user names).
IMAGE_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?")
# Hosts plain-http feeds may come from: this machine, where no network can alter them.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class FeedError(Exception):
    """A feed could not be read or is not a catalog feed; the message says why."""


@dataclass
class Institution:
    name: str
    site: str  # its public address, or "" when the feed gave none usable
    feed: str  # where the feed was read
    products: list[dict] = field(default_factory=list)
    anchor: str = ""  # id of its section on the page
    products_left_out: int = 0


@dataclass
class NationalCatalog:
    institutions: list[Institution]
    problems: list[str]  # "<feed>: <why it was left out>"

    @property
    def product_count(self) -> int:
        return sum(len(institution.products) for institution in self.institutions)

    @property
    def image_origins(self) -> list[str]:
        """The origins (``https://host``) of every image the catalog shows."""
        return image_origins(
            product for institution in self.institutions for product in institution.products
        )


def image_origins(products) -> list[str]:
    """The origins (``https://host``) of the products' images, for a page's policy."""
    origins = {
        image_origin(address)
        for product in products
        if product["thumbnail"]
        for kind in ("avif", "webp", "jpeg")
        if (address := product["thumbnail"][kind])
    }
    return sorted(origins)


@dataclass
class Section:
    """An institution's products on one page (a part of them when they go on over pages)."""

    institution: Institution
    products: list[dict]


@dataclass
class CatalogPage:
    number: int
    sections: list[Section] = field(default_factory=list)

    @property
    def path(self) -> str:
        return "index.html" if self.number == 1 else f"{PAGES_DIR}/{self.number}/index.html"

    @property
    def root(self) -> str:
        """The way from this page back to the catalog's first page, for relative links."""
        return "../" * self.path.count("/")

    def href(self, number: int, fragment: str = "") -> str:
        """The relative address of page ``number`` (and an anchor on it) from this page."""
        address = self.root + ("" if number == 1 else f"{PAGES_DIR}/{number}/")
        return (address or "./") + (f"#{fragment}" if fragment else "")

    @property
    def image_origins(self) -> list[str]:
        return image_origins(product for section in self.sections for product in section.products)


def paginate(catalog: NationalCatalog, page_size: int) -> list[CatalogPage]:
    """The catalog in pages of ``page_size`` products, institution after institution; an
    institution without products takes no room. Always at least one page."""
    pages = [CatalogPage(1)]
    room = page_size
    for institution in catalog.institutions:
        products = institution.products
        start = 0
        while True:
            if room == 0:
                pages.append(CatalogPage(len(pages) + 1))
                room = page_size
            taken = products[start : start + room]
            pages[-1].sections.append(Section(institution, taken))
            start += len(taken)
            room -= len(taken)
            if start >= len(products):
                break
    return pages


def _first_pages(pages: list[CatalogPage]) -> dict[str, int]:
    """Institution anchor → the number of the page its products begin on."""
    first = {}
    for page in pages:
        for section in page.sections:
            first.setdefault(section.institution.anchor, page.number)
    return first


def page_context(catalog: NationalCatalog, pages: list[CatalogPage], page: CatalogPage) -> dict:
    """What the template shows on ``page``, with the relative links to the other pages."""
    first = _first_pages(pages)
    number = page.number
    return {
        "catalog": catalog,
        "page": page,
        "page_count": len(pages),
        "all_institutions": page.href(1, "semua"),
        "institutions": [
            (institution, page.href(first[institution.anchor], institution.anchor))
            for institution in catalog.institutions
        ],
        "page_links": [(other.number, page.href(other.number)) for other in pages],
        "previous": page.href(number - 1) if number > 1 else "",
        "next": page.href(number + 1) if number < len(pages) else "",
    }


def read_catalog(sources: list[str]) -> NationalCatalog:
    """Read every feed; those that fail are reported in ``problems`` and left out."""
    institutions, problems = [], []
    for source in sources:
        try:
            institutions.append(institution_from_feed(source, read_feed(source)))
        except FeedError as error:
            problems.append(f"{source}: {error}")
    institutions.sort(key=lambda institution: institution.name.casefold())
    _give_anchors(institutions)
    return NationalCatalog(institutions, problems)


# -- reading --------------------------------------------------------------------------------


def read_feed(source: str) -> dict:
    """The parsed feed at a URL (https, or http from this machine) or a path (a feed file or a
    build folder)."""
    scheme = urlsplit(source).scheme
    if scheme in ("http", "https"):
        _refuse_plain_http(source)
        body = _download(source)
    elif scheme in ("", "file"):
        body = _read_file(Path(source.removeprefix("file://")))
    else:
        raise FeedError("only https addresses and files are read")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"not valid JSON ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise FeedError("not a catalog feed: it has no list of products")
    return document


def _read_file(path: Path) -> bytes:
    if path.is_dir():
        path = path / "catalog.json"
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError(f"larger than {MAX_FEED_BYTES >> 20} MB")
        return path.read_bytes()
    except OSError as error:
        raise FeedError(f"cannot be read ({error.strerror or error})") from error


def _refuse_plain_http(url: str) -> None:
    """Anyone on the network between here and the site could rewrite a feed read over plain
    http: its prices, links and images would go on the national page."""
    parts = urlsplit(url)
    if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise FeedError(f"{url} is not an https address: read the feed over https")


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to web addresses a feed may be read from only (urllib would follow
    ftp:// too, and https to plain http)."""

    def redirect_request(self, request, response, code, message, headers, new_url):
        if urlsplit(new_url).scheme not in ("http", "https"):
            raise FeedError(f"redirected to {new_url}, not an https address")
        _refuse_plain_http(new_url)
        return super().redirect_request(request, response, code, message, headers, new_url)


def _download(url: str) -> bytes:
    opener = urllib.request.build_opener(_WebRedirectsOnly)
    headers = {"User-Agent": "Etalase national catalog"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s), checked
    try:
        with opener.open(request, timeout=FEED_TIMEOUT) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            encoding = response.headers.get("Content-Encoding", "")
    except (URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise FeedError(f"cannot be downloaded ({reason})") from error
    if encoding == "gzip":  # the S3 target stores text gzipped, and serves it so
        body = _gunzip(body)
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"larger than {MAX_FEED_BYTES >> 20} MB")
    return body


def _gunzip(body: bytes) -> bytes:
    try:
        # Bounded: a small file must not unpack into gigabytes.
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_FEED_BYTES + 1)
    except zlib.error as error:
        raise FeedError(f"not valid gzip ({error})") from error


# -- cleaning -------------------------------------------------------------------------------


def institution_from_feed(source: str, document: dict) -> Institution:
    site = web_url(document.get("site"))
    publisher = document.get("publisher")
    name = text(publisher.get("name")) if isinstance(publisher, dict) else ""
    # Never the feed's path: the page is public, the server's folders are not.
    name = name or urlsplit(site).hostname or _("Unnamed institution")
    institution = Institution(name=name, site=site, feed=source)
    for entry in document["products"]:
        product = clean_product(entry)
        if product is None:
            institution.products_left_out += 1
        else:
            product["institution"] = {"name": institution.name, "site": institution.site}
            institution.products.append(product)
    institution.products.sort(key=lambda product: (product["name"].casefold(), product["url"]))
    return institution


def clean_product(entry) -> dict | None:
    """The product as the national catalog shows it, or None without a name and a web address.

    Only the known fields are kept, each of the type the page expects.
    """
    if not isinstance(entry, dict):
        return None
    name, url = text(entry.get("name")), web_url(entry.get("url"))
    if not name or not url:
        return None
    price = entry.get("price")
    availability = entry.get("availability")
    return {
        "code": text(entry.get("code")),
        "name": name,
        "price": price if type(price) is int and price >= 0 else None,
        "unit": text(entry.get("unit")),
        "availability": availability
        if isinstance(availability, str) and AVAILABILITY.fullmatch(availability)
        else "",
        "availability_label": text(entry.get("availability_label")),
        "category": _named(entry.get("category")),
        "workshop": _named(entry.get("workshop")),
        "url": url,
        "thumbnail": _thumbnail(entry.get("thumbnail")),
    }


def text(value) -> str:
    return value.strip()[:MAX_TEXT] if isinstance(value, str) else ""


def web_url(value) -> str:
    """The value if it is an absolute http(s) address, else ""."""
    if not isinstance(value, str) or len(value) > 2000:
        return ""
    if any(character.isspace() or ord(character) < 32 for character in value):
        return ""
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


def image_url(value) -> str:
    """The value if it is an https address of a plain host name, else "": a page served over
    https shows no plain-http image, and the host goes into the page's policy. Nor a comma,
    which would split the address in a ``srcset``."""
    address = web_url(value)
    parts = urlsplit(address)
    if parts.scheme != "https" or "," in address:
        return ""
    return address if IMAGE_HOST.fullmatch(parts.netloc.lower()) else ""


def image_origin(address: str) -> str:
    """``https://host[:port]`` of an address ``image_url`` kept."""
    return f"https://{urlsplit(address).netloc.lower()}"


def _named(value) -> dict:
    value = value if isinstance(value, dict) else {}
    return {"slug": text(value.get("slug")), "name": text(value.get("name"))}


def _thumbnail(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    images = {kind: image_url(value.get(kind)) for kind in ("avif", "webp", "jpeg")}
    if not images["jpeg"]:
        return None  # the fallback every browser shows
    size = value.get("size")
    size = size if type(size) is int and 0 < size <= 4000 else None
    return {"alt": text(value.get("alt")), "size": size, **images}


def _give_anchors(institutions: list[Institution]) -> None:
    taken = set()
    for institution in institutions:
        anchor = slugify(institution.name) or "lembaga"
        candidate, number = anchor, 1
        while candidate in taken or candidate == "semua":
            number += 1
            candidate = f"{anchor}-{number}"
        institution.anchor = candidate
        taken.add(candidate)


# -- writing --------------------------------------------------------------------------------


def write_catalog(catalog: NationalCatalog, folder: Path, page_size: int = PAGE_SIZE) -> Manifest:
    """Write the pages (``index.html`` and ``halaman/<n>/index.html``), ``catalog.json`` and the
    theme's files into ``folder``, with the manifest ``publish`` reads. Other files in the
    folder are left alone and not published."""
    manifest = Manifest()

    def write(path: str, content: bytes) -> None:
        write_atomically(folder / path, content)
        manifest[path] = ManifestEntry.for_bytes(content)

    static_names = collect_theme_assets(folder)
    for hashed in set(static_names.values()):
        manifest[f"static/{hashed}"] = ManifestEntry.for_bytes(
            (folder / "static" / hashed).read_bytes()
        )
    pages = paginate(catalog, page_size)
    for page in pages:
        html = render_to_string("national_catalog.html", page_context(catalog, pages, page))
        write(page.path, rewrite_static_references(html, static_names, page.path).encode())
    write("catalog.json", merged_feed(catalog))
    manifest.write(manifest_path(folder))
    return manifest


def merged_feed(catalog: NationalCatalog) -> bytes:
    document = {
        "version": 1,
        "currency": "IDR",
        "institutions": [
            {
                "name": institution.name,
                "site": institution.site,
                "products": len(institution.products),
            }
            for institution in catalog.institutions
        ],
        "products": [
            product for institution in catalog.institutions for product in institution.products
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
