"""The folder of a SQLite database file, made by the commands that make the database.

SQLite creates its file on the first connection, but not the folder the file is in (``var/``, or
``ETALASE_VAR_DIR``, by default), and importing the settings creates no folder. So ``migrate``
and ``restore``, which are what make a database, first make its folder; any other command on a
database never made says that it cannot open it.
"""

from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


def create_database_folder(alias: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
