"""``/media/``: uploaded photos, their renditions and the QR codes, for the admin's own pages.

The public never reads these: the baker copies the files a live page shows into the build.
What is here also belongs to drafts (a photo uploaded for a page still in review), so only users
who may use the admin are served, after their second sign-in step when they owe one
(cms.security.two_factor), and a photo of an institution (an original or a rendition) only to
its own staff: file names are the uploaders' and easy to guess. WhiteNoise serves static files
only, so without this view the admin's listings, choosers, editor and previews would show broken
images whenever DEBUG is off.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

from wagtail.admin.auth import require_admin_access

from cms.institutions import sites_of
from cms.models import Institution, Photo
from sitegen.targets import content_type

# Names under MEDIA_ROOT never change content: a replaced photo or a new rendition gets a new
# name. "private": the HTTPS proxy or a CDN must not keep a copy for other visitors.
CACHE_CONTROL = "private, max-age=86400"
# A file opened on its own runs nothing (the QR codes are SVG) and loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_admin_access
def serve_media(request, path):
    """The file at ``path`` under MEDIA_ROOT (404 outside it: ``serve`` refuses ``..``)."""
    photo = Photo.objects.filter(Q(file=path) | Q(renditions__file=path)).first()
    if photo is not None and not of_own_institution(photo, request.user):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        # The public site's types, not the machine's /etc/mime.types (AVIF is often missing).
        response.headers["Content-Type"] = content_type(path)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def of_own_institution(photo, user) -> bool:
    """Whether the photo is in the collection of one of the user's institutions, or of none."""
    if user.is_superuser:
        return True
    path, step = photo.collection.path, photo.collection.steplen
    ancestors_and_itself = [path[:end] for end in range(step, len(path) + 1, step)]
    owners = Institution.objects.filter(collection__path__in=ancestors_and_itself)
    return not owners.exists() or owners.filter(site__in=sites_of(user)).exists()


def media_urls():
    """The URL pattern of MEDIA_URL (``/media/``), to mount before Wagtail's page serving."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="etalase_media")]
