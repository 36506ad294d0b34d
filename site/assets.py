"""Files the pages point at: the theme's static assets and the image renditions.

Static assets are published under content-hashed names (``site.css`` → ``site.3f2a9c1d07be.css``,
the scheme of Django's ManifestStaticFilesStorage) so they can be cached for a year; the baker
rewrites each page's references to them. Images are the renditions of the photos a page read
while rendering that its HTML shows, so a rendition is in the build exactly when a published page
shows it: never missing, and never one that only a draft uses.

Text is text: a ``/media/`` or ``/static/`` address written in a page's content is neither a
reason to copy a file into the build (it could name any upload, another institution's original
photo included) nor a reason to fail the bake. Only a ``{% static %}`` name the theme's templates
use must exist.
"""

import re
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import default_storage

from wagtail.images import get_image_model


class AssetError(Exception):
    """A page points at a file that does not exist."""


def collect_theme_assets(build_dir: Path) -> dict[str, str]:
    """Copy the theme's static files into the build under hashed names.

    Returns the map of original name → hashed name. Only the theme's files are published: the
    admin's assets have no place on the public site.
    """
    with tempfile.TemporaryDirectory(prefix="etalase-static-") as workdir:
        storage = ManifestStaticFilesStorage(location=workdir, base_url=settings.STATIC_URL)
        found = {}
        for name, source_storage in AppDirectoriesFinder(app_names=["theme"]).list([]):
            with source_storage.open(name) as source:
                storage.save(name, source)
            found[name] = (storage, name)
        for _original, _hashed, processed in storage.post_process(found):
            if isinstance(processed, Exception):
                raise AssetError(f"theme static files: {processed}")
        hashed_names = dict(storage.hashed_files)
        for hashed in hashed_names.values():
            target = build_dir / "static" / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(workdir) / hashed, target)
    # A name that is already hashed (production's static storage emits them) maps to itself.
    return {**{hashed: hashed for hashed in hashed_names.values()}, **hashed_names}


def _reference_pattern(prefix: str, site_relative=False) -> re.Pattern:
    # Up to a quote, whitespace, ')' or ',' (the separator of srcset candidates). Site-relative:
    # not the path of another host's URL ("https://example.org/static/brosur.pdf"), checked
    # behind the prefix: a pattern that starts with its literal prefix is searched for as a
    # string, thirty times faster than one that starts with a look-behind.
    prefix = re.escape(prefix)
    not_another_host = rf"""(?<![\w.:/-]{prefix})""" if site_relative else ""
    return re.compile(prefix + not_another_host + r"""([^"'\s<>),?#]+)""")


# The static tag with a literal name, as the theme's templates write it.
_STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")


def template_static_names() -> frozenset[str]:
    """The names the public site's templates (the theme's and the project's own folders) load
    with ``{% static %}``: each must be a theme asset."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders.append(Path(apps.get_app_config("theme").path) / "templates")
    return frozenset(
        name
        for folder in folders
        for template in sorted(folder.rglob("*"))
        if template.is_file()
        for name in _STATIC_TAG.findall(template.read_text(errors="replace"))
    )


def rewrite_static_references(
    content: str, hashed_names: dict[str, str], where: str, required: frozenset[str] | None = None
) -> str:
    """Point every /static/ reference to a theme asset at its hashed copy.

    A name the templates use (``required``, by default ``template_static_names()``; a bake
    reads them once) that the theme does not have is an error; any other unknown /static/
    address is text, left as it is."""
    if required is None:
        required = template_static_names()

    def hashed(match):
        name = match.group(1)
        if name in hashed_names:
            return settings.STATIC_URL + hashed_names[name]
        if name in required:
            raise AssetError(f"{where} uses {settings.STATIC_URL}{name}, not in theme/static")
        return match.group(0)

    return _reference_pattern(settings.STATIC_URL, site_relative=True).sub(hashed, content)


def media_references(content: str) -> set[str]:
    """Addresses under MEDIA_URL in the content (this site's absolute URLs too), as names in
    the media storage: candidates only, since text may write any address (``shown_renditions``)."""
    return set(_reference_pattern(settings.MEDIA_URL).findall(content))


# The name Wagtail's image tags give a rendition they could not make (the photo's file is
# missing from media): shown, it is a broken image.
MISSING_RENDITION = "not-found"


def shown_renditions(content: str, photo_ids, loaded=()) -> set[str]:
    """Names (in the media storage) of the renditions of these photos that the content shows:
    the only uploads a page brings into the build.

    ``loaded``: rendition instances the page loaded; those of these photos that are stored
    (they have an id) answer without asking the database again, which only checks the rest.
    """
    referenced = media_references(content)
    if MISSING_RENDITION in referenced:
        raise AssetError("it shows a photo whose file is missing from media (a broken image)")
    if not referenced or not photo_ids:
        return set()
    shown = {
        rendition.file.name
        for rendition in loaded
        if rendition.pk is not None
        and rendition.image_id in photo_ids
        and rendition.file.name in referenced
    }
    unknown = referenced - shown
    if unknown:
        renditions = get_image_model().get_rendition_model().objects
        shown.update(
            renditions.filter(image_id__in=photo_ids, file__in=unknown).values_list(
                "file", flat=True
            )
        )
    return shown


def read_media(name: str) -> bytes:
    """The file stored under ``name`` in the media storage (a folder, or the media bucket: one
    request there, where asking whether it exists first would make two)."""
    try:
        with default_storage.open(name) as source:
            return source.read()
    except FileNotFoundError as error:
        raise AssetError(
            f"{settings.MEDIA_URL}{name} is referenced but missing from media"
        ) from error
