"""``manage.py migrate`` makes the database on a new machine, the folder of its SQLite file too:
the settings create no folder, so migrate is the first to write there."""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]


def test_migrate_makes_the_folder_of_a_new_sqlite_database(tmp_path):
    var_dir = tmp_path / "new-machine" / "var"
    ours = ("DJANGO_", "DATABASE_", "ETALASE_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}

    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=REPOSITORY,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "ETALASE_VAR_DIR": str(var_dir),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert (var_dir / "etalase.sqlite3").is_file()
