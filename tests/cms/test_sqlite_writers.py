"""Two processes writing to the embedded SQLite database: the admin and the task workers."""

import sqlite3
import threading

import pytest

from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own locking: PostgreSQL locks rows"
)


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    """A connection configured as the project's, to a database file another process can lock."""
    path = tmp_path / "etalase.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE reference (id INTEGER PRIMARY KEY)")
    settings_dict = {**connections.settings["default"], "NAME": str(path)}
    connections.settings["writer"] = settings_dict
    try:
        with django_db_blocker.unblock():
            yield path
    finally:
        connections["writer"].close()
        del connections.settings["writer"]


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(database_file):
    """As Wagtail's reference index does after a photo's renditions are saved: in a transaction,
    read the existing rows, then write. It failed at once ("database is locked") while another
    worker wrote, where waiting a moment would have done."""
    other_worker = sqlite3.connect(database_file, check_same_thread=False)
    other_worker.execute("BEGIN IMMEDIATE")
    other_worker.execute("INSERT INTO reference VALUES (1)")
    threading.Timer(0.5, other_worker.commit).start()

    with transaction.atomic(using="writer"), connections["writer"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reference")
        cursor.execute("INSERT INTO reference VALUES (2)")

    other_worker.close()
    with sqlite3.connect(database_file) as reader:
        assert reader.execute("SELECT id FROM reference ORDER BY id").fetchall() == [(1,), (2,)]
