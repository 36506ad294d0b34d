"""The files of a baked site that are not pages: 404, search, robots.txt, sitemap, feeds,
redirects.

They are rebuilt on every bake, full or incremental: each is one cheap query or template away,
and the baker writes only the ones whose bytes changed.
"""

from xml.sax.saxutils import escape

from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils.timezone import localdate

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from sitegen.addresses import public_root
from sitegen.canonical import canonical_json
from sitegen.feeds import product_feeds
from sitegen.pages import PublicPage, output_path
from sitegen.paths import UnsafePath, checked


def not_found_page(request) -> bytes:
    return render_to_string("404.html", {}, request=request).encode()


# The theme's templates link to it (header, 404 page).
SEARCH_URL = "/cari/"


def search_page(request) -> bytes:
    """The page that searches the site's Pagefind index in the browser (theme's search.html)."""
    return render_to_string("search.html", {}, request=request).encode()


def robots_txt(site: Site) -> bytes:
    return render_to_string(
        "robots.txt", {"sitemap_url": f"{public_root(site)}/sitemap.xml"}
    ).encode()


def sitemap_xml(site: Site, pages: dict[int, PublicPage]) -> bytes:
    root = public_root(site)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in sorted(pages.values(), key=lambda page: page.url):
        published = page.last_published_at
        lastmod = f"<lastmod>{localdate(published).isoformat()}</lastmod>" if published else ""
        lines.append(f"<url><loc>{escape(root + page.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def catalog_feed(site: Site, entries: list[dict], request) -> bytes:
    """``/catalog.json``: the products of the site for partners and a national catalog."""
    products = sorted(entries, key=lambda entry: (entry.get("code") or "", entry["url"]))
    document = {
        "version": 1,
        "site": public_root(site, request),
        "publisher": feed_publisher(site, request),
        "currency": "IDR",
        "products": products,
    }
    return canonical_json(document)


def product_feed_files(site: Site, entries: list[dict], request) -> dict[str, bytes]:
    """The Google Merchant Center and Meta catalog feeds (sitegen/feeds.py), by path."""
    return product_feeds(
        entries,
        site_url=public_root(site, request) + "/",
        brand=feed_publisher(site, request)["name"],
    )


def feed_publisher(site: Site, request) -> dict:
    """Who publishes the feed, as the site's root page says (``get_feed_publisher``), else the
    site's name."""
    publisher = site.root_page.specific.get_feed_publisher(request)
    return publisher or {"name": site.site_name or site.hostname}


def redirect_files(site: Site, pages: dict[int, PublicPage]) -> dict[str, str]:
    """The site's Wagtail redirects as output path → target URL: its institution's own and
    those of all sites, which the installer (a superuser) keeps; the site's own redirect of a
    path wins over an all-sites one, as in Wagtail's redirect middleware.

    A redirect to a page the public cannot see is left out, and so is one whose old path
    holds a query string (a static host cannot tell those apart), could lead outside the build
    or is the URL of a live page.
    """
    taken = {output_path(page.url) for page in pages.values()}
    redirects = Redirect.objects.filter(Q(site=site) | Q(site__isnull=True)).order_by(
        "old_path", F("site").asc(nulls_first=True)
    )
    files = {}
    for redirect in redirects:
        if redirect.redirect_page_id:
            page = pages.get(redirect.redirect_page_id)
            if page is None:
                continue
            target = page.url
        else:
            target = redirect.redirect_link
        try:
            path = redirect_file_path(redirect.old_path)
        except UnsafePath:
            continue  # made before the admin refused such paths: never written
        if path and path not in taken:
            files[path] = target
    return files


def redirect_file_path(old_path: str) -> str | None:
    """The file of the build that answers a redirect's old path (``/lama/batik`` →
    ``lama/batik/index.html``), or None when a static host cannot tell it apart (the site's
    root, a query string). UnsafePath when it could lead outside the build (``/../x``, ``//x``,
    a backslash) or onto a hidden file (the baker's own state in ``.etalase/``, its temporary
    files)."""
    old_path = old_path.removeprefix("/").removesuffix("/")
    if not old_path or "?" in old_path:
        return None
    last_segment = old_path.rsplit("/", 1)[-1]
    path = checked(old_path if "." in last_segment else f"{old_path}/index.html")
    if any(part.startswith(".") for part in path.split("/")):
        raise UnsafePath(f"{path!r} is a hidden file of the build")
    return path


def redirect_page(target: str) -> bytes:
    return render_to_string("sitegen/redirect.html", {"target": target}).encode()
