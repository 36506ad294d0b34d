"""Settings for a deployment. Secrets and hosts come from the environment and have no default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

# Both named at once, so a first deployment does not discover them one failed start at a time.
_missing = [
    name for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS") if not os.environ.get(name)
]
if _missing:
    raise ImproperlyConfigured(
        f"Set the {' and '.join(_missing)} environment variable{'s' if len(_missing) > 1 else ''}: "
        "production settings have no default (README, Configuration)."
    )
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)

# The admin is served over HTTPS only, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# The admin's own static files are served by the application (no separate web server needed),
# right after SecurityMiddleware as WhiteNoise asks.
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

# The HTTPS proxy in front appends the visitor's address to X-Forwarded-For; sign-in throttling
# counts failures per visitor address, not per proxy.
ETALASE_TRUSTED_PROXIES = env.int("ETALASE_TRUSTED_PROXIES", default=1)

# Officers' approvals reach the public and heads read the money: they (and superusers with
# them, cms/security/two_factor.py) sign in with an authenticator app unless the deployment
# names other roles.
ETALASE_REQUIRE_2FA_ROLES = env.list("ETALASE_REQUIRE_2FA_ROLES", default=["Officer", "Head"])

# Media as base.py chose them (a folder, or the private bucket of ETALASE_MEDIA_S3_BUCKET).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
