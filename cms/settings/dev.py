"""Settings for a developer's machine and the demo: debug on, e-mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A throwaway key: dev settings are never used for a deployment.
SECRET_KEY = "dev-only-insecure-key-etalase"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = env.str(
    "ETALASE_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
