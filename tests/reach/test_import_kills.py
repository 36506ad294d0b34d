"""An import killed halfway counts nothing: the counts of a file and the record of what was
read are written in one transaction, so the import run again counts the file exactly once."""

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

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the importing process reads a copy of the test's SQLite database",
)


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


def stored(database: Path) -> tuple[list, int]:
    with sqlite3.connect(database) as reading:
        counts = reading.execute(
            "SELECT page_id, day, channel, kind, destination, count FROM reach_trafficcount "
            "ORDER BY page_id, day, channel, kind, destination"
        ).fetchall()
        logs = reading.execute("SELECT COUNT(*) FROM reach_importedlog").fetchone()[0]
    return counts, logs


def test_an_import_killed_after_its_first_counts_leaves_none_and_the_next_counts_once(
    published, tmp_path
):
    database = tmp_path / "traffic.sqlite3"
    database_url = copy_database(database)

    killed = run_import(database_url, "kill")

    assert killed.returncode == -9, killed.stderr
    assert stored(database) == ([], 0)

    finished = run_import(database_url, "run")
    again = run_import(database_url, "run")

    assert finished.returncode == 0 and again.returncode == 0, finished.stderr + again.stderr
    counts, logs = stored(database)
    assert logs == 1 and len(counts) == 6 and {row[-1] for row in counts} == {1}
    assert "14 lines imported before" in again.stdout
