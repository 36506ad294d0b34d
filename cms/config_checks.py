"""The checks behind ``manage.py check_config``: can this deployment do its work with the
configuration it was given? Each check answers OK, or PROBLEM with a diagnosis in plain words
that names the environment variable to fix (see the README's configuration table).

Unlike Django's ``check --deploy``, which reads the settings, these touch what the settings point
to: they connect to the database, write a file in each folder and to the publish target.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.exceptions import PartialCredentialsError

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string

from sitegen.manifest import ManifestEntry
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


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    message: str


def ok(name: str, message: str) -> Outcome:
    return Outcome(name, True, message)


def problem(name: str, message: str) -> Outcome:
    return Outcome(name, False, message)


def run_checks() -> list[Outcome]:
    database = check_database()
    return [
        database,
        check_migrations(database_answers=database.ok),
        check_folder("media folder", Path(settings.MEDIA_ROOT), "ETALASE_MEDIA_ROOT"),
        check_folder("build folder", Path(settings.SITEGEN_BUILD_DIR), "ETALASE_BUILD_DIR"),
        check_secrets(),
        check_email(),
        check_s3_credentials(),
        check_publish_target(),
    ]


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


def _target_class(name: str):
    config = settings.SITEGEN_PUBLISH_TARGETS.get(name)
    try:
        return import_string(config["BACKEND"]) if config else None
    except ImportError:
        return None


def check_s3_credentials() -> Outcome:
    target_class = _target_class(settings.SITEGEN_PUBLISH_TARGET)
    if target_class is None or not issubclass(target_class, S3Target):
        return ok("S3 credentials", "not needed: the publish target is not S3")
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


def check_publish_target() -> Outcome:
    name = settings.SITEGEN_PUBLISH_TARGET
    try:
        target = get_target(name)
        target.check_build_dir(Path(settings.SITEGEN_BUILD_DIR))
        target.read_manifest()
        _write_and_delete_probe(target)
    except (InvalidPublishTarget, PublishError) as error:
        return problem("publish target", str(error))
    except OSError as error:  # a folder target that cannot be written
        return problem(
            "publish target",
            f"cannot write to {target.describe()} ({error.strerror or error}). "
            "Set ETALASE_PUBLISH_DIR to a folder this process may write.",
        )
    return ok("publish target", f"{target.describe()} can be read and written")


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
