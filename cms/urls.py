"""URLs of the admin application: the admin, previews and photos, for staff only.

The public reads the baked static site, never this host: a page's public address answers 404
here, and so does a restricted page's password form (nothing behind a password is served or
baked). The address pattern of Wagtail's page serving stays, under its name, because page.url
and {% pageurl %} build the links of previews and of the bake from it."""

from django.http import Http404
from django.urls import include, path, re_path

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.urls import serve_pattern

from cms.media import media_urls


def public_page_not_served(request, path):
    raise Http404


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Photos for the admin's own pages, to signed-in users only (cms/media.py).
    *media_urls(),
    re_path(serve_pattern, public_page_not_served, name="wagtail_serve"),
]
