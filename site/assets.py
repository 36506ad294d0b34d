"""Files the pages point at: the theme's static assets and the image renditions.

Static assets are published under content-hashed names (``site.css`` → ``site.3f2a9c1d07be.css``,
the scheme of Django's ManifestStaticFilesStorage) so they can be cached for a year; the baker
rewrites each page's references to them. Images are taken from what the HTML references, so a
rendition is in the build exactly when a published page shows it: never missing, and never one
that only a draft uses.
"""

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import default_storage


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


def _reference_pattern(prefix: str) -> re.Pattern:
    # Up to a quote, whitespace, ')' or ',' (the separator of srcset candidates).
    return re.compile(re.escape(prefix) + r"""([^"'\s<>),?#]+)""")


def rewrite_static_references(content: str, hashed_names: dict[str, str], where: str) -> str:
    """Point every /static/ reference at the hashed copy; refuse one the theme does not have."""

    def hashed(match):
        name = match.group(1)
        if name not in hashed_names:
            raise AssetError(f"{where} uses {settings.STATIC_URL}{name}, not in theme/static")
        return settings.STATIC_URL + hashed_names[name]

    return _reference_pattern(settings.STATIC_URL).sub(hashed, content)


def media_references(content: str) -> set[str]:
    """Names (relative to MEDIA_ROOT) of the uploaded files and renditions the content uses."""
    return set(_reference_pattern(settings.MEDIA_URL).findall(content))


def read_media(name: str) -> bytes:
    if not default_storage.exists(name):
        raise AssetError(f"{settings.MEDIA_URL}{name} is referenced but missing from media")
    with default_storage.open(name) as source:
        return source.read()
