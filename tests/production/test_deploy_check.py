"""`manage.py check --deploy` is clean for a complete production configuration: S3 target,
mail server, required two-step sign-in, behind the HTTPS proxy. (tests/cms/test_settings.py
checks the minimal one.)"""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_complete_production_configuration_passes_the_deploy_check(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environment = {
        **base,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "k3V9-production-like-secret-for-the-deploy-check-4f8a9b2c7d1e0f3a",
        "DJANGO_ALLOWED_HOSTS": "admin.lapas.example",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://admin.lapas.example",
        "DATABASE_URL": "postgres://etalase:secret@db.internal:5432/etalase",
        "EMAIL_URL": "smtp+tls://etalase:secret@smtp.lapas.example:587",
        "ETALASE_VAR_DIR": str(tmp_path),
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": "etalase-lapas",
        "ETALASE_REQUIRE_2FA_ROLES": "Officer,Head",
        "ETALASE_SESSION_IDLE_MINUTES": "20",
    }

    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
