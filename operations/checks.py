"""The deployment's own part of ``manage.py check_config``: the database answers, is migrated
and was chosen, and the secrets are set. The database comes first (``database_checks``): the
other apps' checks need to know whether it is ready."""

import os

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from sitegen.checks import first_line


def database_checks() -> tuple[CheckMessage, CheckMessage]:
    """The database, then its migrations (not checked when it does not answer)."""
    return check_database(), check_migrations(database_answers=_database_answers())


def configuration_checks(*, database_is_ready: bool, write_to_targets: bool) -> list[CheckMessage]:
    return [check_secrets()]


def _database_answers() -> bool:
    try:
        connections[DEFAULT_DB_ALIAS].ensure_connection()
    except Exception:  # each driver has its own errors; check_database explains them
        return False
    return True


def check_database() -> CheckMessage:
    name = "database"
    connection = connections[DEFAULT_DB_ALIAS]
    where = _describe_database(connection.settings_dict)
    try:
        connection.ensure_connection()
    except Exception as error:  # each driver has its own errors; all mean "cannot connect"
        return Error(
            f"cannot connect to {where}: {first_line(error)}. "
            "Check DATABASE_URL (host, port, name, user and password) and that the server runs.",
            obj=name,
        )
    if "DATABASE_URL" not in os.environ and not settings.DEBUG:
        # Production would otherwise use the SQLite file in ETALASE_VAR_DIR without a word: in a
        # container that file goes with the container (/data is not a volume of the image).
        return Error(
            f"DATABASE_URL is not set, so the default {where} is used, which a container loses "
            "when it is replaced. Set DATABASE_URL to the PostgreSQL server "
            "(postgres://user:password@host:5432/etalase), or to sqlite:////path/on/a/volume "
            "to keep SQLite on purpose.",
            obj=name,
        )
    return Info(f"{where} answers", obj=name)


def _describe_database(config: dict) -> str:
    """Where the database is, without its user or password."""
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite database {config['NAME']}"
    vendor = config["ENGINE"].rsplit(".", 1)[-1]
    return f"{vendor} database {config['NAME']!r} on {config['HOST']}:{config['PORT'] or 'default'}"


def check_migrations(database_answers: bool) -> CheckMessage:
    name = "migrations"
    if not database_answers:
        return Error("not checked, because the database does not answer.", obj=name)
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        first, _backwards = plan[0]
        return Error(
            f"{len(plan)} migration(s) not applied yet, the first {first.app_label}.{first.name}. "
            "Run `manage.py migrate` with this configuration.",
            obj=name,
        )
    return Info("all applied", obj=name)


def check_secrets() -> CheckMessage:
    name = "secrets"
    if settings.DEBUG:
        return Info("not required: DEBUG is on (development settings)", obj=name)
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
        return Error("; ".join(problems) + ".", obj=name)
    return Info("DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are set", obj=name)
