"""``/media/``: uploaded photos, their renditions and the QR codes, for the admin's own pages.

The public never reads these: the baker copies the files a live page shows into the build.
What is here also belongs to drafts (a photo uploaded for a page still in review), so only users
who may use the admin are served, after their second sign-in step when they owe one
(cms.security.two_factor). WhiteNoise serves static files only, so without this view the
admin's listings, choosers, editor and previews would show broken images whenever DEBUG is off.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from wagtail.admin.auth import require_admin_access

from sitegen.targets import content_type

# Names under MEDIA_ROOT never change content: a replaced photo or a new rendition gets a new
# name. "private": the HTTPS proxy or a CDN must not keep a copy for other visitors.
CACHE_CONTROL = "private, max-age=86400"
# A file opened on its own runs nothing (the QR codes are SVG) and loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_admin_access
def serve_media(request, path):
    """The file at ``path`` under MEDIA_ROOT (404 outside it: ``serve`` refuses ``..``)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        # The public site's types, not the machine's /etc/mime.types (AVIF is often missing).
        response.headers["Content-Type"] = content_type(path)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def media_urls():
    """The URL pattern of MEDIA_URL (``/media/``), to mount before Wagtail's page serving."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="etalase_media")]
