"""Settings for the test suite: fast hashing, e-mail kept in memory, plain static storage,
tasks run immediately, and the build and publish folders in temporary directories."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key-etalase"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="etalase-test-media-"))
STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaFolderStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SITEGEN_BUILD_DIR = Path(tempfile.mkdtemp(prefix="etalase-test-build-")) / "build"
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
