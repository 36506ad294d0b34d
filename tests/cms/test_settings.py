"""Production settings: secure by default, configured from the environment only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "k3V9-production-like-secret-for-the-deploy-check-4f8a9b2c7d1e0f3a6b5c",
    "DJANGO_ALLOWED_HOSTS": "admin.lapas.example",
    "DATABASE_URL": "sqlite:////tmp/etalase-deploy-check.sqlite3",
}


def manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_is_a_clear_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.production"])
def test_importing_the_settings_creates_no_folder(module, tmp_path):
    """Reading the configuration writes nothing: the data folder is made by what first writes
    there (migrate, the storage, the baker), not by every command and every test that starts."""
    var_dir = tmp_path / "not-yet" / "var"
    ours = ("DJANGO_", "DATABASE_", "ETALASE_")
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}

    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", f"import {module}"],
        cwd=REPOSITORY,
        env={
            **clean_env,
            "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
            "DJANGO_ALLOWED_HOSTS": PRODUCTION_ENV["DJANGO_ALLOWED_HOSTS"],
            "ETALASE_VAR_DIR": str(var_dir),  # where the SQLite file, photos and builds go
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_process_on_the_test_settings_removes_its_folders_when_it_ends():
    """Every test process and every process a test starts made a media and a build folder, and
    left them in the temporary directory: hundreds of them after a day's runs."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    show_folders = (
        "from django.conf import settings;"
        "print(settings.MEDIA_ROOT); print(settings.SITEGEN_BUILD_DIR.parent)"
    )

    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", show_folders],
        cwd=REPOSITORY,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    folders = [Path(line) for line in result.stdout.splitlines()]
    assert len(folders) == 2 and all(folder.name.startswith("etalase-test-") for folder in folders)
    assert not [folder for folder in folders if folder.exists()]
