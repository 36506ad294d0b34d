"""URLs of the admin application. The public reads the baked static site, never these views;
Wagtail's page serving stays mounted because preview and the baker render through it."""

from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from cms.media import media_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Photos for the admin's own pages, to signed-in users only (cms/media.py).
    *media_urls(),
    path("", include(wagtail_urls)),
]
