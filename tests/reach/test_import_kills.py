"""An import killed halfway counts nothing: the counts of a file and the record of what was
read are written in one transaction, so the import run again counts the file exactly once.

The importing process reads the test's database: on PostgreSQL the test database itself, whose
rows the test commits; on SQLite (in memory) a copy in a file."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

from tests.reach.conftest import BUCKET, SAMPLES
from tests.sitegen.test_bake_kills import copy_database

REPOSITORY = Path(__file__).resolve().parents[2]

STORED = (
    "SELECT page_id, day, channel, kind, destination, count FROM reach_trafficcount "
    "ORDER BY page_id, day, channel, kind, destination",
    "SELECT COUNT(*) FROM reach_importedlog",
)


@pytest.fixture
def database(tmp_path):
    """(DATABASE_URL, reader): where another process reads this test's rows, and a function
    that runs a query on them there."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "traffic.sqlite3"
        database_url = copy_database(copy)

        def read(query):
            with sqlite3.connect(copy) as reading:
                return [tuple(row) for row in reading.execute(query).fetchall()]

        return database_url, read
    place = connection.settings_dict

    def read(query):
        with connection.cursor() as cursor:
            cursor.execute(query)
            return [tuple(row) for row in cursor.fetchall()]

    database_url = (
        f"postgres://{place['USER']}:{place['PASSWORD']}@{place['HOST']}:{place['PORT']}/"
        f"{place['NAME']}"
    )
    return database_url, read


def run_import(database_url: str, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.reach.import_process", mode, "s3", str(SAMPLES / "s3.log")],
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            # Where the site publishes, as the test's settings say: its requests are found there.
            "ETALASE_PUBLISH_TARGET": "s3",
            "ETALASE_S3_BUCKET": BUCKET,
        },
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stored(read) -> tuple[list, int]:
    counts_query, logs_query = STORED
    return read(counts_query), read(logs_query)[0][0]


# Committed, so that the importing process sees them on PostgreSQL; the migrations' rows are
# restored afterwards for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_after_its_first_counts_leaves_none_and_the_next_counts_once(
    published, database
):
    database_url, read = database

    killed = run_import(database_url, "kill")

    assert killed.returncode == -9, killed.stderr
    assert stored(read) == ([], 0)

    finished = run_import(database_url, "run")
    again = run_import(database_url, "run")

    assert finished.returncode == 0 and again.returncode == 0, finished.stderr + again.stderr
    counts, logs = stored(read)
    assert logs == 1 and len(counts) == 6 and {row[-1] for row in counts} == {1}
    assert "14 lines imported before" in again.stdout
