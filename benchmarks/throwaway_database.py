"""The throw-away database of a benchmark: a SQLite file in the benchmark's working folder, or,
when DATABASE_URL names a server, a test database made beside the one it names (never that one).

    use_throwaway_database(WORKDIR)   # before django.setup()
    create_database()                 # after it
    ...
    drop_database()
"""

import os
from pathlib import Path

USE_SERVER_DATABASE = "DATABASE_URL" in os.environ


def use_throwaway_database(workdir: Path) -> None:
    """Before ``django.setup()``: without DATABASE_URL, a SQLite file in `workdir`."""
    if not USE_SERVER_DATABASE:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"


def create_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if USE_SERVER_DATABASE:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)


def drop_database() -> None:
    """Drop the test database made on the server (the SQLite file goes with the working
    folder), and close the connection."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if USE_SERVER_DATABASE and name.startswith("test_"):  # made by create_test_db()
        connection.creation.destroy_test_db(name, verbosity=0)
    connection.close()
