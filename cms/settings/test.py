"""Settings for the test suite: fast hashing, e-mail kept in memory, plain static storage,
tasks run immediately, and the build and publish folders in temporary directories."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403


def temporary_folder(prefix: str) -> Path:
    """A folder of this process's own, removed when it ends: every test process and every
    process a test starts (a worker, a bake) makes its own."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


SECRET_KEY = "test-only-insecure-key-etalase"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = temporary_folder("etalase-test-media-")
STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaFolderStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SITEGEN_BUILD_DIR = temporary_folder("etalase-test-build-") / "build"
SITEGEN_PUBLISH_TARGETS = {
    **SITEGEN_PUBLISH_TARGETS,  # noqa: F405
    "folder": {
        "BACKEND": "sitegen.targets.FolderTarget",
        "OPTIONS": {"path": str(SITEGEN_BUILD_DIR.parent / "public")},
    },
}
# Tests that want a bake after each approval turn this on themselves.
SITEGEN_AUTO_PUBLISH = False
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "sitegen": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "rebuilds"],
    },
    "imports": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["imports"],
    },
}
