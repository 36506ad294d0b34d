"""Settings shared by every environment.

Everything that differs per deployment is read from environment variables here, with its type and
default; secrets have no default and are read in production.py only. See the README's table.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# Runtime data (SQLite database, uploaded photos, collected static files) lives in one folder.
# Importing the settings creates none of these folders: each is made where it is first written
# (the SQLite file's by migrate and restore, operations/sqlite.py; the photos' by the storage;
# the build's by the baker).
VAR_DIR = Path(env.str("ETALASE_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = False

INSTALLED_APPS = [
    "institutions",
    "cms",
    "cms.security",
    "orders",
    "sitegen",
    "theme",
    "reach",
    "oversight",
    "operations",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.images",
    "wagtail.documents",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # /healthz answers before host validation and the HTTPS redirect (operations/healthz.py).
    "operations.healthz.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: they sign out idle sessions and ask for the second step.
    "django_otp.middleware.OTPMiddleware",
    "cms.security.sessions.IdleTimeoutMiddleware",
    "cms.security.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Refuses the admin views that no Wagtail hook keeps to the user's institution.
    "institutions.isolation.AdminIsolationMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite in var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'etalase.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server is reported within seconds (health check, check_config), not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, waiting for another writer (a
    # task worker, the admin) for up to the timeout. Begun as a reader, it failed at once with
    # "database is locked" on its first write while another process wrote (Wagtail's reference
    # index, updated as two workers made the demo's renditions).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every user of the admin is staff (cms/security/passwords.py refuses what guessers try first).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cms.security.passwords.UsernameValidator"},
    {"NAME": "cms.security.passwords.InstitutionNameValidator"},
    {"NAME": "cms.security.passwords.GuessableWordValidator"},
]

# Bahasa Indonesia is the default language of the admin; each user may pick English in their
# account settings. No LocaleMiddleware: a browser's Accept-Language must not override the default.
# "id-id" (not "id") so that Wagtail's own catalogue, shipped as id_ID, is found as well.
LANGUAGE_CODE = "id-id"
LANGUAGES = [("id-id", "Bahasa Indonesia"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail's Indonesian covers a small part of its admin: the rest of what the roles see every day
# is translated here (Python and JavaScript strings alike; LOCALE_PATHS win over the packages'
# catalogues). Two levels down from cms/, so that `makemessages` run with settings never picks
# this folder for cms's own strings.
LOCALE_PATHS = [BASE_DIR / "cms" / "translations" / "packages"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("ETALASE_STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("ETALASE_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded photos, their renditions and profile pictures: in MEDIA_ROOT, or, once
# ETALASE_MEDIA_S3_BUCKET is set, in that private bucket under ETALASE_MEDIA_S3_PREFIX, which every
# admin machine and task worker reads alike (cms/storage.py). Same endpoint, region and addressing
# as the publish target; credentials of their own if given, else the publish target's (boto3's
# chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Addresses stay /media/ (cms/media.py).
MEDIA_S3_BUCKET = env.str("ETALASE_MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "cms.storage.PrivateMediaStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "location": env.str("ETALASE_MEDIA_S3_PREFIX", default="").strip("/"),
            "endpoint_url": env.str("ETALASE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("ETALASE_S3_REGION", default="") or None,
            "addressing_style": env.str("ETALASE_S3_ADDRESSING_STYLE", default="auto"),
        },
    }
    if env.str("ETALASE_MEDIA_S3_ACCESS_KEY_ID", default=""):
        MEDIA_STORAGE["OPTIONS"]["access_key"] = env.str("ETALASE_MEDIA_S3_ACCESS_KEY_ID")
        MEDIA_STORAGE["OPTIONS"]["secret_key"] = env.str("ETALASE_MEDIA_S3_SECRET_ACCESS_KEY")
else:
    MEDIA_STORAGE = {"BACKEND": "cms.storage.MediaFolderStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Photos: one custom model so every upload passes through metadata stripping (cms/images.py).
WAGTAILIMAGES_IMAGE_MODEL = "cms.Photo"
# The photo form refuses a new picture for a photo under review or published (cms/permissions.py)
# and says why a picture of too many pixels is refused (below).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.photo_forms.PhotoForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# A small file can declare a huge picture (a PNG of one colour compresses a thousandfold), and
# decoding takes four bytes per pixel: Pillow refuses a larger picture from the file's header,
# before decoding it, wherever it is opened (cms.images.refuse_images_over; the upload form says
# so, cms/photo_forms.py). 50 million pixels hold a 48-megapixel phone photo.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Renditions for phones on weak connections: qualities where artefacts stay invisible at the
# sizes the theme shows (AVIF and WebP first, JPEG for old browsers and link previews).
WAGTAILIMAGES_AVIF_QUALITY = 50
WAGTAILIMAGES_WEBP_QUALITY = 75
WAGTAILIMAGES_JPEG_QUALITY = 80

# Renditions are read once per bake, with the pages that show them (prefetched); caching each one
# again per process costs more than it saves.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

WAGTAIL_SITE_NAME = "Etalase"
WAGTAILADMIN_BASE_URL = env.str("ETALASE_ADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The admin makes no calls to outside hosts: it may run on a closed network.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Avatars are the admin's own default picture: Gravatar would learn every staff member's e-mail
# hash on every page, and show a broken image where it cannot be reached.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Moderation: an edit made while a page is in review restarts the review, and the revision that
# the officers approved is the one that gets published (cms/workflows.py).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved_revision"
# No autosave in the editor: it posts the whole edit form, hidden inputs of the Approve button
# included, so one click reached the server twice; and each keystroke of an officer reviewing a
# page would make the revision theirs, which only a second officer may then approve.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Draftail, saving an editor left empty as "" (cms/rich_text.py): an untouched page stays unchanged.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cms.rich_text.RichTextArea"}}
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = env.str("ETALASE_FROM_EMAIL", default="etalase@localhost")
DEFAULT_FROM_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
# Superusers exist for set-up only; review notices go to the officers.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# The static site: the baker renders approved pages into ETALASE_BUILD_DIR, and `publish` copies
# the build to a named target (a local folder by default, or an S3-compatible bucket).
SITEGEN_BUILD_DIR = Path(env.str("ETALASE_BUILD_DIR", default=str(VAR_DIR / "build")))
SITEGEN_PUBLISH_TARGETS = {
    "folder": {
        "BACKEND": "sitegen.targets.FolderTarget",
        "OPTIONS": {"path": env.str("ETALASE_PUBLISH_DIR", default=str(VAR_DIR / "public"))},
    },
    "s3": {
        "BACKEND": "sitegen.targets.S3Target",
        # Credentials come from boto3's own chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
        "OPTIONS": {
            "bucket": env.str("ETALASE_S3_BUCKET", default=""),
            "prefix": env.str("ETALASE_S3_PREFIX", default=""),
            "endpoint_url": env.str("ETALASE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("ETALASE_S3_REGION", default="") or None,
            # "path" for MinIO and providers without virtual-host buckets.
            "addressing_style": env.str("ETALASE_S3_ADDRESSING_STYLE", default="auto"),
        },
        # Optional: dotted path of a callable(target_name, paths) that purges a CDN.
        "INVALIDATE": env.str("ETALASE_CDN_INVALIDATE", default="") or None,
    },
}
SITEGEN_PUBLISH_TARGET = env.str("ETALASE_PUBLISH_TARGET", default="folder")
# The buckets sites and the national catalog may publish to (a head chooses their site's under
# Settings → Publishing); empty: any bucket the credentials may write.
SITEGEN_S3_ALLOWED_BUCKETS = env.list("ETALASE_S3_ALLOWED_BUCKETS", default=[])
# Processes that render a full bake (one per core is fastest).
SITEGEN_BAKE_WORKERS = env.int("ETALASE_BAKE_WORKERS", default=os.cpu_count() or 1)
# After every approval (and other change to the public site) a task bakes and publishes.
SITEGEN_AUTO_PUBLISH = env.bool("ETALASE_AUTO_PUBLISH", default=True)

# Background tasks. Wagtail's own (search and reference index) run in-process as before; bakes go
# to a queue in the database that `manage.py db_worker --backend sitegen` works through, so an
# approval never waits for a bake or the network. Marketplace imports have their own backend and
# queue (`manage.py db_worker --backend imports --queue-name imports`), so a long import never
# holds up a bake, nor a bake an import.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # One site's updates wait in "default", the updates of every site in "rebuilds" (sitegen.tasks).
    "sitegen": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "rebuilds"]},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports"]},
}

# Signing in to the admin (cms/security/). django-axes counts failed passwords per username *from
# one address*, and per address whatever the username: after ETALASE_LOGIN_FAILURE_LIMIT failures,
# signing in from that address (as that user, or as anyone) is refused, even with the right
# password, until ETALASE_LOGIN_COOLOFF_MINUTES have passed since the last failure. Never per
# username alone: anyone who knows an officer's username could keep the officer locked out.
AUTHENTICATION_BACKENDS = [
    "cms.security.throttle.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("ETALASE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ETALASE_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# A successful sign-in forgets only its own username's failures from its address
# (cms.security.throttle.forgive_own_failures): axes' reset would forget the whole address's.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "cms.security.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.security.throttle.client_ip"
AXES_ENABLE_ADMIN = False  # no Django admin here; `manage.py axes_reset` lifts a lock early
# Proxies in front of the admin that append the visitor's address to X-Forwarded-For; 0 reads
# the address of the connection itself.
ETALASE_TRUSTED_PROXIES = env.int("ETALASE_TRUSTED_PROXIES", default=0)

# Two-step sign-in with an authenticator app (TOTP, django-otp). Anyone may turn it on under
# Account; holders of these roles (at any institution) must, before they can use the admin.
# Production settings require it of officers and heads (and so of superusers) by default.
ETALASE_REQUIRE_2FA_ROLES = env.list("ETALASE_REQUIRE_2FA_ROLES", default=[])
OTP_TOTP_ISSUER = "Etalase"

# A session unused for this long is signed out (cms/security/sessions.py).
ETALASE_SESSION_IDLE_MINUTES = env.int("ETALASE_SESSION_IDLE_MINUTES", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("ETALASE_LOG_LEVEL", default="INFO")},
    # One line per background task (search index, references) is noise, not news.
    # django-axes tells of every sign-in; its lockouts are the news (attempts are in the database).
    "loggers": {"django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
