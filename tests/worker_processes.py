"""Real processes of an installation for the tests that kill them: `manage.py` commands run or
started on the installation's own SQLite file and folders, and its tables read directly."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from django.conf import settings

# How long a step may take on a busy machine before the test gives up (never asserted on).
PATIENCE = 300


def manage(*arguments, environment):
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", *arguments],
        env=environment,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )


def migrated_sqlite_database(folder: Path) -> Path:
    """Run the migrations, as `manage.py migrate` does on a new installation, into a SQLite
    file in `folder`; returns the file, for tests to copy (migrating takes tens of seconds)."""
    database = folder / "etalase.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "ETALASE_VAR_DIR": str(folder),
    }
    manage("migrate", "--noinput", environment=environment)
    return database


def give_migrated_database(migrated: Path, environment) -> None:
    """Give the installation of `environment` (its DATABASE_URL) a copy of a migrated file."""
    shutil.copyfile(migrated, environment["DATABASE_URL"].removeprefix("sqlite:///"))


def start(environment, log: Path, *arguments):
    with open(log, "ab") as output:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "manage.py", *arguments],
            env=environment,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def start_worker(environment, log: Path, *options):
    return start(
        environment, log, "run_worker", "--no-startup-delay", "--interval", "0.2", *options
    )


def rows(environment, sql):
    return rows_at_once(environment, {"rows": sql})["rows"]


def rows_at_once(environment, queries: dict[str, str]) -> dict[str, list]:
    """The rows of each query (``{name: sql}``), all read in one transaction: records that a
    process changes together (a job marked failed and its update enqueued) are never seen half
    changed."""
    database = environment["DATABASE_URL"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(database, timeout=30, isolation_level=None)) as connection:
        connection.execute("BEGIN")
        try:
            return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}
        finally:
            connection.execute("ROLLBACK")


def wait_for(condition, what, pause=0.2):
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen")
        time.sleep(pause)
