"""The checks behind ``manage.py check_config``: can this deployment do its work with the
configuration it was given? Each check answers OK, WARNING or PROBLEM, with a diagnosis in plain
words that names the environment variable to fix (see the README's configuration table).

Unlike Django's ``check --deploy``, which reads the settings, these touch what the settings point
to: they connect to the database, write a file in each folder and to each site's publish target.

A PROBLEM is a configuration that cannot work: the start scripts stop on it. A WARNING does
not stop them: a service outside the installation that does not answer now (a publish target
that cannot be reached, or answers with a server error), or a site's place chosen in the admin
(its Publishing settings, or any site but the default one), which is corrected in the admin and
so must not keep it from starting. Until then that site's publishes fail, recorded under Static
site. Wrong or missing S3 credentials are always a PROBLEM: they are the environment's.
"""

import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string

from cms.storage import PrivateMediaStorage
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
# Back ends that send no e-mail at all.
EMAIL_BACKENDS_THAT_DO_NOT_SEND = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
# What S3 answers when it is there but cannot serve now: wait, it is not the configuration.
S3_BUSY_CODES = {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "503", "500"}
# What S3 answers about the credentials, which are the environment's whatever the site.
S3_CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch"}
# The legend printed under the lines when one is not OK.
SEVERITIES = (
    "PROBLEM: a configuration that cannot work; the start scripts stop. WARNING: a service that "
    "does not answer now, or a site's place set in the admin; the admin and the worker start, "
    "and that site's publishes fail (recorded under Static site) until it is answered or fixed."
)
FIX_IN_THE_ADMIN = (
    " This site's place is set in the admin: correct it under Settings → Publishing of the site."
)


class Status(StrEnum):
    OK = "OK"
    WARNING = "WARNING"
    PROBLEM = "PROBLEM"


@dataclass(frozen=True)
class Outcome:
    name: str
    status: Status
    message: str

    @property
    def ok(self) -> bool:
        return self.status is Status.OK


def ok(name: str, message: str) -> Outcome:
    return Outcome(name, Status.OK, message)


def warning(name: str, message: str) -> Outcome:
    return Outcome(name, Status.WARNING, message)


def problem(name: str, message: str) -> Outcome:
    return Outcome(name, Status.PROBLEM, message)


def run_checks(*, write_to_targets: bool = True) -> list[Outcome]:
    """Every check, in the order printed. ``write_to_targets=False`` (the start scripts) reads
    each publish target without storing the probe file there."""
    database = check_database()
    migrations = check_migrations(database_answers=_database_answers())
    places = _publish_places(database_is_ready=migrations.ok)
    return [
        database,
        migrations,
        check_media(places, write=write_to_targets),
        *(check_build_folder(place) for place in places),
        check_secrets(),
        check_email(),
        check_s3_credentials(places),
        *(check_publish_target(place, write=write_to_targets) for place in places),
    ]


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


def _publish_places(database_is_ready: bool) -> list[PublishPlace]:
    sites = all_sites() if database_is_ready else []
    if not sites:
        return [PublishPlace(None, "")]
    if len(sites) == 1:
        return [PublishPlace(sites[0], "")]
    return [PublishPlace(site, f" of {site_label(site)}") for site in sites]


def _database_answers() -> bool:
    try:
        connections[DEFAULT_DB_ALIAS].ensure_connection()
    except Exception:  # each driver has its own errors; check_database explains them
        return False
    return True


def check_database() -> Outcome:
    connection = connections[DEFAULT_DB_ALIAS]
    where = _describe_database(connection.settings_dict)
    try:
        connection.ensure_connection()
    except Exception as error:  # each driver has its own errors; all mean "cannot connect"
        return problem(
            "database",
            f"cannot connect to {where}: {_first_line(error)}. "
            "Check DATABASE_URL (host, port, name, user and password) and that the server runs.",
        )
    if "DATABASE_URL" not in os.environ and not settings.DEBUG:
        # Production would otherwise use the SQLite file in ETALASE_VAR_DIR without a word: in a
        # container that file goes with the container (/data is not a volume of the image).
        return problem(
            "database",
            f"DATABASE_URL is not set, so the default {where} is used, which a container loses "
            "when it is replaced. Set DATABASE_URL to the PostgreSQL server "
            "(postgres://user:password@host:5432/etalase), or to sqlite:////path/on/a/volume "
            "to keep SQLite on purpose.",
        )
    return ok("database", f"{where} answers")


def _describe_database(config: dict) -> str:
    """Where the database is, without its user or password."""
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite database {config['NAME']}"
    vendor = config["ENGINE"].rsplit(".", 1)[-1]
    return f"{vendor} database {config['NAME']!r} on {config['HOST']}:{config['PORT'] or 'default'}"


def check_migrations(database_answers: bool) -> Outcome:
    if not database_answers:
        return problem("migrations", "not checked, because the database does not answer.")
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        first, _backwards = plan[0]
        return problem(
            "migrations",
            f"{len(plan)} migration(s) not applied yet, the first {first.app_label}.{first.name}. "
            "Run `manage.py migrate` with this configuration.",
        )
    return ok("migrations", "all applied")


def check_folder(name: str, folder: Path, variable: str) -> Outcome:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=PROBE_NAME):
            pass
    except OSError as error:
        return problem(
            name,
            f"cannot write in {folder} ({error.strerror or error}). Set {variable} (or "
            f"ETALASE_VAR_DIR) to a folder that user {_process_user()} may write, "
            "or give that user the folder.",
        )
    return ok(name, f"{folder} is writable")


def check_media(places: list[PublishPlace], *, write: bool = True) -> Outcome:
    """The media folder, or the media bucket (ETALASE_MEDIA_S3_BUCKET): usable, and apart from
    every publish target, since the media hold the photos of drafts too."""
    storage = storages.create_storage(settings.STORAGES["default"])
    if not isinstance(storage, PrivateMediaStorage):
        return check_folder("media folder", Path(settings.MEDIA_ROOT), "ETALASE_MEDIA_ROOT")
    name = "media bucket"
    public = _publish_target_around(storage, places)
    if public:
        return problem(
            name,
            f"{storage.describe()} is in the place of the public site {public.describe()} "
            "(or holds it): every photo, of drafts too, would be published. Set "
            "ETALASE_MEDIA_S3_BUCKET (and ETALASE_MEDIA_S3_PREFIX) to a private bucket of its own.",
        )
    storage.client_config = storage.client_config.merge(Config(retries={"max_attempts": 1}))
    try:
        storage.listdir("")
        if write:
            storage.delete(storage.save(PROBE_NAME, ContentFile(b"Etalase configuration check\n")))
    except (BotoCoreError, ClientError) as error:
        diagnosis = f"cannot use {storage.describe()}: {_first_line(error)}."
        if _is_passing_failure(error):
            return warning(name, f"{diagnosis} Check ETALASE_S3_ENDPOINT_URL and the service.")
        return problem(
            name,
            f"{diagnosis} Check ETALASE_MEDIA_S3_BUCKET, ETALASE_MEDIA_S3_PREFIX and the "
            "credentials (ETALASE_MEDIA_S3_ACCESS_KEY_ID, else AWS_ACCESS_KEY_ID).",
        )
    done = "read and written" if write else "read (not written: --read-only)"
    return ok(name, f"{storage.describe()} can be {done}")


def _publish_target_around(storage: PrivateMediaStorage, places: list[PublishPlace]):
    """The first publish target whose place is the media's, or inside or around it."""
    for place in places:
        try:
            target = place.target()
        except (InvalidPublishTarget, SiteError):
            continue  # check_publish_target explains it
        if storage.place().overlaps(target.location()):
            return target
    return None


def _process_user() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "this user"


def check_secrets() -> Outcome:
    if settings.DEBUG:
        return ok("secrets", "not required: DEBUG is on (development settings)")
    problems = []
    key = settings.SECRET_KEY
    # The same test as Django's `check --deploy` (security.W009).
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        problems.append(
            "DJANGO_SECRET_KEY is short or a placeholder: set it to 50 or more random characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
        )
    if not settings.ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS is empty: set it to the admin's host name")
    if problems:
        return problem("secrets", "; ".join(problems) + ".")
    return ok("secrets", "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are set")


def check_email() -> Outcome:
    backend = settings.EMAIL_BACKEND
    if backend in EMAIL_BACKENDS_THAT_DO_NOT_SEND:
        if settings.DEBUG:
            return ok("e-mail", f"not sent: development settings use {backend}")
        return problem(
            "e-mail",
            f"notification e-mails are not sent ({backend}). Set EMAIL_URL to the mail server, "
            "e.g. smtp+tls://user:password@smtp.example:587.",
        )
    problems = []
    if "EMAIL_URL" not in os.environ and not settings.DEBUG:
        problems.append(
            f"EMAIL_URL is not set, so e-mails go to {settings.EMAIL_HOST}:{settings.EMAIL_PORT}: "
            "set it to the mail server, e.g. smtp+tls://user:password@smtp.example:587"
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        problems.append(
            f"the sender {settings.DEFAULT_FROM_EMAIL} will be refused by mail servers: "
            "set ETALASE_FROM_EMAIL"
        )
    if _is_local_address(settings.WAGTAILADMIN_BASE_URL) and not settings.DEBUG:
        problems.append(
            f"links in e-mails would point to {settings.WAGTAILADMIN_BASE_URL}: "
            "set ETALASE_ADMIN_BASE_URL to the admin's public address"
        )
    if problems:
        return problem("e-mail", "; ".join(problems) + ".")
    return ok(
        "e-mail",
        f"sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT} "
        f"from {settings.DEFAULT_FROM_EMAIL}",
    )


def _is_local_address(url: str) -> bool:
    return any(host in url for host in ("://127.0.0.1", "://localhost", "://[::1]"))


def check_build_folder(place: PublishPlace) -> Outcome:
    name = f"build folder{place.suffix}"
    try:
        folder = place.build_dir()
    except SiteError as error:
        return problem(name, str(error))
    return check_folder(name, folder, "ETALASE_BUILD_DIR")


def check_s3_credentials(places: list[PublishPlace]) -> Outcome:
    if not any(_is_s3(place.target_name()) for place in places):
        return ok("S3 credentials", "not needed: no site publishes to S3")
    try:
        credentials = boto3.session.Session().get_credentials()
    except PartialCredentialsError as error:
        return problem(
            "S3 credentials",
            f"incomplete ({error}): set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
        )
    if credentials is None:
        return problem(
            "S3 credentials",
            "none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the bucket.",
        )
    return ok("S3 credentials", f"found ({credentials.method})")


def _is_s3(target_name: str) -> bool:
    config = settings.SITEGEN_PUBLISH_TARGETS.get(target_name)
    try:
        return bool(config) and issubclass(import_string(config["BACKEND"]), S3Target)
    except ImportError:
        return False  # check_publish_target explains it


def check_publish_target(place: PublishPlace, *, write: bool = True) -> Outcome:
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
        return problem(
            name,
            f"cannot write to {target.describe()} ({error.strerror or error}). "
            "Set ETALASE_PUBLISH_DIR to a folder this process may write.",
        )
    if not write:
        return ok(name, f"{target.describe()} can be read (not written: --read-only)")
    return ok(name, f"{target.describe()} can be read and written")


def _target_failure(name: str, place: PublishPlace, error: Exception) -> Outcome:
    if _is_passing(error):
        return warning(name, str(error))
    if place.set_in_the_admin and not _is_about_credentials(error):
        return warning(name, str(error) + FIX_IN_THE_ADMIN)
    return problem(name, str(error))


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
    return _is_passing_failure(error.__cause__)


def _is_passing_failure(error: Exception | None) -> bool:
    """Whether boto3's ``error`` says the service cannot be reached or is busy now."""
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return _s3_code(error) in S3_BUSY_CODES or status >= 500
    return False


def _write_and_delete_probe(target) -> None:
    """Store a small file the way a publish does, then remove it."""
    content = b"Etalase configuration check\n"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / PROBE_NAME
        source.write_bytes(content)
        target.upload(PROBE_NAME, source, ManifestEntry.for_bytes(content))
    target.delete([PROBE_NAME])


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
