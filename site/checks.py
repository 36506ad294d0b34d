"""The static site's part of ``manage.py check_config``: every site's build folder, the S3
credentials and every site's publish target, each tried for real (a file is written in each folder,
and to each publish target unless the check only reads).

A publish target that cannot be reached, or answers with a server error, is a ``Warning``: it may
answer later. So is a site's place chosen in the admin (its Publishing settings, or any site but
the default one), which is corrected in the admin and so must not keep the installation from
starting; until then that site's publishes fail, recorded under Static site. Wrong or missing S3
credentials are always an ``Error``: they are the environment's.

``check_folder``, ``publish_places``, ``is_passing_failure`` and ``first_line`` are shared with
the apps above that keep files too (cms's media folder or bucket).
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Warning
from django.utils.module_loading import import_string

from sitegen.manifest import ManifestEntry
from sitegen.models import PublishSettings
from sitegen.sites import (
    SiteError,
    all_sites,
    build_dir,
    chosen_target_name,
    publish_target,
    site_label,
)
from sitegen.targets import InvalidPublishTarget, PublishError, S3Target, get_target

# A file written to the publish target and deleted at once; hidden, like the manifest.
PROBE_NAME = ".etalase-config-check"
# What S3 answers when it is there but cannot serve now: wait, it is not the configuration.
S3_BUSY_CODES = {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "503", "500"}
# What S3 answers about the credentials, which are the environment's whatever the site.
S3_CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch"}
FIX_IN_THE_ADMIN = (
    " This site's place is set in the admin: correct it under Settings → Publishing of the site."
)


def configuration_checks(*, database_is_ready: bool, write_to_targets: bool) -> list[CheckMessage]:
    """Each site's build folder, the S3 credentials, each site's publish target. Without a
    migrated database the sites are unknown: the installation's settings are checked instead."""
    places = publish_places(database_is_ready)
    return [
        *(check_build_folder(place) for place in places),
        check_s3_credentials(places),
        *(check_publish_target(place, write=write_to_targets) for place in places),
    ]


def check_folder(name: str, folder: Path, variable: str) -> CheckMessage:
    """Whether this process can create ``folder`` and write a file in it; ``variable`` is the
    environment variable that moves it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=PROBE_NAME):
            pass
    except OSError as error:
        return Error(
            f"cannot write in {folder} ({error.strerror or error}). Set {variable} (or "
            f"ETALASE_VAR_DIR) to a folder that user {_process_user()} may write, "
            "or give that user the folder.",
            obj=name,
        )
    return Info(f"{folder} is writable", obj=name)


def _process_user() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "this user"


@dataclass(frozen=True)
class PublishPlace:
    """One site to check the build folder and publish target of; None: the installation's
    settings, when the database cannot tell which sites there are."""

    site: object | None
    suffix: str  # after the check's name: " of Lapas B (lapas-b.example)", or "" for one site

    def build_dir(self) -> Path:
        return build_dir(self.site) if self.site else Path(settings.SITEGEN_BUILD_DIR)

    def target(self):
        return publish_target(self.site) if self.site else get_target()

    def target_name(self) -> str:
        return chosen_target_name(self.site) if self.site else settings.SITEGEN_PUBLISH_TARGET

    @property
    def set_in_the_admin(self) -> bool:
        """Whether the place is a head's choice (or follows from the site being another one),
        corrected under Settings → Publishing rather than in the environment."""
        if self.site is None:
            return False
        own = PublishSettings.objects.filter(site=self.site).first()
        return not self.site.is_default_site or bool(
            own and (own.target or own.bucket or own.prefix)
        )


def publish_places(database_is_ready: bool) -> list[PublishPlace]:
    sites = all_sites() if database_is_ready else []
    if not sites:
        return [PublishPlace(None, "")]
    if len(sites) == 1:
        return [PublishPlace(sites[0], "")]
    return [PublishPlace(site, f" of {site_label(site)}") for site in sites]


def check_build_folder(place: PublishPlace) -> CheckMessage:
    name = f"build folder{place.suffix}"
    try:
        folder = place.build_dir()
    except SiteError as error:
        return Error(str(error), obj=name)
    return check_folder(name, folder, "ETALASE_BUILD_DIR")


def check_s3_credentials(places: list[PublishPlace]) -> CheckMessage:
    name = "S3 credentials"
    if not any(_is_s3(place.target_name()) for place in places):
        return Info("not needed: no site publishes to S3", obj=name)
    try:
        credentials = boto3.session.Session().get_credentials()
    except PartialCredentialsError as error:
        return Error(
            f"incomplete ({error}): set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
            obj=name,
        )
    if credentials is None:
        return Error(
            "none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the bucket.",
            obj=name,
        )
    return Info(f"found ({credentials.method})", obj=name)


def _is_s3(target_name: str) -> bool:
    config = settings.SITEGEN_PUBLISH_TARGETS.get(target_name)
    try:
        return bool(config) and issubclass(import_string(config["BACKEND"]), S3Target)
    except ImportError:
        return False  # check_publish_target explains it


def check_publish_target(place: PublishPlace, *, write: bool) -> CheckMessage:
    name = f"publish target{place.suffix}"
    try:
        target = place.target()
        target.check_build_dir(place.build_dir())
        _answer_at_once(target)
        target.read_manifest()
        if write:
            _write_and_delete_probe(target)
    except (InvalidPublishTarget, PublishError, SiteError) as error:
        return _target_failure(name, place, error)
    except OSError as error:  # a folder target that cannot be written
        return Error(
            f"cannot write to {target.describe()} ({error.strerror or error}). "
            "Set ETALASE_PUBLISH_DIR to a folder this process may write.",
            obj=name,
        )
    if not write:
        return Info(f"{target.describe()} can be read (not written: --read-only)", obj=name)
    return Info(f"{target.describe()} can be read and written", obj=name)


def _target_failure(name: str, place: PublishPlace, error: Exception) -> CheckMessage:
    if _is_passing(error):
        return Warning(str(error), obj=name)
    if place.set_in_the_admin and not _is_about_credentials(error):
        return Warning(str(error) + FIX_IN_THE_ADMIN, obj=name)
    return Error(str(error), obj=name)


def _answer_at_once(target) -> None:
    """One attempt per request: a publish retries a busy service, a check only asks whether it
    answers, and a start must not wait minutes for an endpoint that is down."""
    if isinstance(target, S3Target):
        target.config = target.config.merge(Config(retries={"max_attempts": 1}))


def _is_about_credentials(error: Exception) -> bool:
    cause = error.__cause__
    if isinstance(cause, (NoCredentialsError, PartialCredentialsError)):
        return True
    return isinstance(cause, ClientError) and _s3_code(cause) in S3_CREDENTIAL_CODES


def _s3_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _is_passing(error: Exception) -> bool:
    """Whether the target failed for now only: its endpoint cannot be reached, or it answered
    that it is busy. Anything else (no bucket, a wrong key, access denied) is configuration."""
    return is_passing_failure(error.__cause__)


def is_passing_failure(error: Exception | None) -> bool:
    """Whether boto3's ``error`` says the service cannot be reached or is busy now."""
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return _s3_code(error) in S3_BUSY_CODES or status >= 500
    return False


def first_line(error: Exception) -> str:
    """The first line of an error's message, for one line of the check's output."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _write_and_delete_probe(target) -> None:
    """Store a small file the way a publish does, then remove it."""
    content = b"Etalase configuration check\n"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / PROBE_NAME
        source.write_bytes(content)
        target.upload(PROBE_NAME, source, ManifestEntry.for_bytes(content))
    target.delete([PROBE_NAME])
