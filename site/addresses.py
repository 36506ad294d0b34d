"""The address the public reaches each site at: the root of every absolute URL of its bake.

The Wagtail Site's hostname and port say where the admin finds a site; the baked files are served
elsewhere (a bucket's website, a CDN, the demo's ``serve_site`` on 127.0.0.1:8001). A link that
leaves the page (the one inside a WhatsApp order message, a QR code printed on packaging, a share
preview, the sitemap, ``catalog.json``) must lead to where the public is, so all of them are made
here: from the site's public address (Settings → Publishing), or, when it is blank, from the
Site's ``root_url``.
"""

from urllib.parse import urljoin

from wagtail.models import Site

from sitegen.models import PublishSettings

# Public addresses by site id, kept on the request: a bake renders every page of a site with
# copies of one request (sitegen.render), so the settings are read once per bake.
CACHE_ATTRIBUTE = "_sitegen_public_addresses"


def public_root(site: Site, request=None) -> str:
    """``https://batik.lapas-x.go.id``: the site's public address, with no slash at the end."""
    return _public_address(site.pk, request) or site.root_url


def public_url(request, path: str) -> str:
    """The public address of a path (or a URL: kept as it is) of the request's site."""
    site = Site.find_for_request(request)
    if site is None:  # a host no site answers to: the admin's own address
        return request.build_absolute_uri(path)
    root = public_root(site, request)
    if _kept_as_it_is(path):
        return root + path  # urljoin's result, in a tenth of its time (a bake asks thousands)
    return urljoin(root + "/", path)


def _kept_as_it_is(path: str) -> bool:
    """Whether urljoin would append ``path`` to a root unchanged: an absolute path with no '//'
    (a host, or slashes it merges) and no '.' or '..' folder (which it resolves)."""
    return path.startswith("/") and "//" not in path and "/." not in path


def public_page_url(page, request=None) -> str | None:
    """The public address of a page (None when no site holds it), like ``Page.get_full_url``
    but rooted at its site's public address."""
    url_parts = page.get_url_parts(request)
    if url_parts is None or url_parts[0] is None:
        return None
    site_id, root_url, page_path = url_parts
    return (_public_address(site_id, request) or root_url) + page_path


def _public_address(site_id: int, request) -> str:
    cache = request.__dict__.setdefault(CACHE_ATTRIBUTE, {}) if request is not None else {}
    if site_id not in cache:
        # Read, not created: a bake writes nothing to the database but its record.
        addresses = PublishSettings.objects.filter(site_id=site_id)
        cache[site_id] = addresses.values_list("public_address", flat=True).first() or ""
    return cache[site_id]
