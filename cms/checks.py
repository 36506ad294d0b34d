"""The catalog's part of ``manage.py check_config``: where uploaded photos and their renditions
are stored, the media folder or the media bucket (ETALASE_MEDIA_S3_BUCKET), can be used, and a
bucket is apart from every publish target, since the media hold the photos of drafts too."""

from pathlib import Path

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Warning
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from cms.storage import PrivateMediaStorage
from sitegen.checks import (
    PROBE_NAME,
    PublishPlace,
    check_folder,
    first_line,
    is_passing_failure,
    publish_places,
)
from sitegen.sites import SiteError
from sitegen.targets import InvalidPublishTarget

MEDIA_BUCKET = "media bucket"


def configuration_checks(*, database_is_ready: bool, write_to_targets: bool) -> list[CheckMessage]:
    storage = storages.create_storage(settings.STORAGES["default"])
    if not isinstance(storage, PrivateMediaStorage):
        return [check_folder("media folder", Path(settings.MEDIA_ROOT), "ETALASE_MEDIA_ROOT")]
    return [check_media_bucket(storage, publish_places(database_is_ready), write=write_to_targets)]


def check_media_bucket(
    storage: PrivateMediaStorage, places: list[PublishPlace], *, write: bool
) -> CheckMessage:
    public = _publish_target_around(storage, places)
    if public:
        return Error(
            f"{storage.describe()} is in the place of the public site {public.describe()} "
            "(or holds it): every photo, of drafts too, would be published. Set "
            "ETALASE_MEDIA_S3_BUCKET (and ETALASE_MEDIA_S3_PREFIX) to a private bucket of its own.",
            obj=MEDIA_BUCKET,
        )
    storage.client_config = storage.client_config.merge(Config(retries={"max_attempts": 1}))
    try:
        storage.listdir("")
        if write:
            storage.delete(storage.save(PROBE_NAME, ContentFile(b"Etalase configuration check\n")))
    except (BotoCoreError, ClientError) as error:
        diagnosis = f"cannot use {storage.describe()}: {first_line(error)}."
        if is_passing_failure(error):
            return Warning(
                f"{diagnosis} Check ETALASE_S3_ENDPOINT_URL and the service.", obj=MEDIA_BUCKET
            )
        return Error(
            f"{diagnosis} Check ETALASE_MEDIA_S3_BUCKET, ETALASE_MEDIA_S3_PREFIX and the "
            "credentials (ETALASE_MEDIA_S3_ACCESS_KEY_ID, else AWS_ACCESS_KEY_ID).",
            obj=MEDIA_BUCKET,
        )
    done = "read and written" if write else "read (not written: --read-only)"
    return Info(f"{storage.describe()} can be {done}", obj=MEDIA_BUCKET)


def _publish_target_around(storage: PrivateMediaStorage, places: list[PublishPlace]):
    """The first publish target whose place is the media's, or inside or around it."""
    for place in places:
        try:
            target = place.target()
        except (InvalidPublishTarget, SiteError):
            continue  # the publish target's own check explains it
        if storage.place().overlaps(target.location()):
            return target
    return None
