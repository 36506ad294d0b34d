"""The catalog's part of ``manage.py check_config``: the media folder, where uploaded photos and
their renditions are stored, can be written."""

from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage

from sitegen.checks import check_folder


def configuration_checks(*, database_is_ready: bool, write_to_targets: bool) -> list[CheckMessage]:
    return [check_folder("media folder", Path(settings.MEDIA_ROOT), "ETALASE_MEDIA_ROOT")]
