"""``/media/``: uploaded photos, their renditions and profile pictures, for the admin's own pages.

The files are read from the media storage (a folder, or the private bucket of
``ETALASE_MEDIA_S3_BUCKET``, cms/storage.py) and streamed through this view after its checks,
never handed out as a signed address of the bucket: such an address would serve the file to
anyone who got it, for as long as it lasts, where this view asks every time. Browsers therefore
never reach the bucket, which needs no public access of any kind.

The public never reads these: the baker copies the files a live page shows into the build.
What is here also belongs to drafts (a photo uploaded for a page still in review), so only users
who may use the admin are served, after their second sign-in step when they owe one
(cms.security.two_factor). WhiteNoise serves static files only, so without this view the admin's
listings, choosers, editor and previews would show broken images whenever DEBUG is off.

One rule decides every request, on the name the file is stored under, never on the raw address:
the file server would read ``a//b`` or ``a/./b`` as ``a/b`` where a lookup of the raw text finds
nothing. So an address that is not already a plain stored name (an empty, ``.`` or ``..`` part,
a hidden file or folder, a backslash) is not found; a photo or one of its renditions is served to
the staff of the institution whose collection holds it; a profile picture (shown beside its
owner's name across the admin, its name made unguessable by Wagtail) to every admin user; and
nothing else (cached QR codes, leftovers, anything put in the folder by hand).
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.urls import re_path

from wagtail.admin.auth import require_admin_access
from wagtail.users.models import UserProfile

from cms.models import Photo
from institutions.models import Institution
from institutions.scopes import sites_of
from sitegen.targets import content_type

# Stored names never change content: a replaced photo or a new rendition gets a new name.
# "private": the HTTPS proxy or a CDN must not keep a copy for other visitors.
CACHE_CONTROL = "private, max-age=86400"
# A file opened on its own runs nothing and loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_admin_access
def serve_media(request, path):
    """The file stored under ``path`` in the media storage, when the user may see it; else 404."""
    if not is_plain_name(path) or not may_see(request.user, path):
        raise Http404
    # The public site's types, not the machine's /etc/mime.types (AVIF is often missing).
    return stored_file_response(path, content_type=content_type(path))


def stored_file_response(name: str, **options) -> FileResponse:
    """The file stored under ``name`` in the media storage (a folder or the media bucket), with
    the headers every stored file is served with; 404 when it is not there. ``options`` go to
    FileResponse (a content type, an attachment's name). Callers decide who may see it."""
    try:
        file = default_storage.open(name, "rb")
    except OSError as error:  # gone (FileNotFoundError), or a folder of the media folder
        raise Http404 from error
    response = FileResponse(file, **options)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def is_plain_name(path: str) -> bool:
    """Whether ``path`` (already percent-decoded by Django) names a file the way storage does:
    parts that are neither empty nor hidden (``.``, ``..``, ``.restore-…``), no backslash or
    NUL. Only such a name means the same file to the lookup and to the file server."""
    if "\\" in path or "\x00" in path:
        return False
    return all(part and not part.startswith(".") for part in path.split("/"))


def may_see(user, name: str) -> bool:
    photo = Photo.objects.filter(Q(file=name) | Q(renditions__file=name)).first()
    if photo is not None:
        return of_own_institution(photo, user)
    return UserProfile.objects.filter(avatar=name).exists()


def of_own_institution(photo, user) -> bool:
    """Whether the photo is in the collection (or a collection inside it) of one of the user's
    institutions. A photo outside every institution's collection is the superusers' alone."""
    if user.is_superuser:
        return True
    own_collections = Institution.objects.filter(site__in=sites_of(user)).values_list(
        "collection__path", flat=True
    )
    return any(photo.collection.path.startswith(path) for path in own_collections)


def media_urls():
    """The URL pattern of MEDIA_URL (``/media/``), to mount before Wagtail's page serving."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="etalase_media")]
