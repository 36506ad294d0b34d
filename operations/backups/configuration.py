"""The configuration part of a backup: ``settings.env``.

The environment variables Etalase reads (``ETALASE_*``, ``DJANGO_*``, ``AWS_*``, ``DATABASE_URL``,
``EMAIL_URL``), as ``NAME=value`` lines a new machine can start from (``docker run --env-file``
reads them). Secrets never enter the archive: a variable whose name says it is one is listed by
name only, and the URLs lose their password.
"""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

PREFIXES = ("ETALASE_", "DJANGO_", "AWS_")
URL_VARIABLES = ("DATABASE_URL", "EMAIL_URL")
# A variable whose name holds one of these words is a secret (DJANGO_SECRET_KEY,
# AWS_SECRET_ACCESS_KEY, AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN...).
SECRET_WORDS = ("SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL")


def is_secret(name: str) -> bool:
    return any(word in name.upper() for word in SECRET_WORDS)


def read_configuration(environ=None) -> tuple[dict[str, str], list[str]]:
    """The values to copy (name → value) and the names of the secrets to set again."""
    environ = os.environ if environ is None else environ
    values, secrets = {}, []
    for name in sorted(environ):
        if not (name.startswith(PREFIXES) or name in URL_VARIABLES):
            continue
        if is_secret(name):
            secrets.append(name)
        elif name in URL_VARIABLES:
            url, had_secret = without_secrets(environ[name])
            values[name] = url
            if had_secret:
                secrets.append(f"{name} (its password)")
        else:
            values[name] = environ[name]
    values.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    return values, secrets


def without_secrets(url: str) -> tuple[str, bool]:
    """The URL without its password (and secret-looking query parameters); True if any was there."""
    parts = urlsplit(url)
    netloc = parts.netloc
    had_secret = parts.password is not None
    if had_secret:
        user = f"{parts.username}@" if parts.username else ""
        host = parts.hostname or ""
        netloc = f"{user}{host}" + (f":{parts.port}" if parts.port else "")
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in query if not is_secret(key)]
    had_secret = had_secret or len(kept) != len(query)
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(kept))), had_secret


def settings_file(values: dict[str, str], secrets: list[str], created_at: str) -> str:
    """The text of ``settings.env``."""
    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    host = f" on {database['HOST']}" if database.get("HOST") else ""
    lines = [
        f"# Etalase configuration at {created_at}, from the environment of the backed-up machine.",
        "# Paths and host names are that machine's: check each before using this file.",
        f"# Database in effect: {engine} {database['NAME']}{host}",
    ]
    lines += [f"{name}={value}" for name, value in values.items() if "\n" not in value]
    lines.append("# Secrets: not in this archive. Set these again on the new machine:")
    lines += [f"#   {name}" for name in secrets] or ["#   (none were set)"]
    return "\n".join(lines) + "\n"
