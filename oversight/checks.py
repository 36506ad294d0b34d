"""The e-mail part of ``manage.py check_config``: a mail server, a sender and the admin's public
address. It lives with the reminders: they are the e-mail Etalase itself writes (cms.security sends
none, its second step is an authenticator app), and the link at their end is the admin's public
address; Wagtail's review notices go through the same settings."""

import os

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info

# Back ends that send no e-mail at all.
EMAIL_BACKENDS_THAT_DO_NOT_SEND = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def configuration_checks(*, database_is_ready: bool, write_to_targets: bool) -> list[CheckMessage]:
    return [check_email()]


def check_email() -> CheckMessage:
    name = "e-mail"
    backend = settings.EMAIL_BACKEND
    if backend in EMAIL_BACKENDS_THAT_DO_NOT_SEND:
        if settings.DEBUG:
            return Info(f"not sent: development settings use {backend}", obj=name)
        return Error(
            f"notification e-mails are not sent ({backend}). Set EMAIL_URL to the mail server, "
            "e.g. smtp+tls://user:password@smtp.example:587.",
            obj=name,
        )
    problems = _problems_of_a_sending_backend()
    if problems:
        return Error("; ".join(problems) + ".", obj=name)
    return Info(
        f"sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT} "
        f"from {settings.DEFAULT_FROM_EMAIL}",
        obj=name,
    )


def _problems_of_a_sending_backend() -> list[str]:
    problems = []
    if "EMAIL_URL" not in os.environ and not settings.DEBUG:
        problems.append(
            f"EMAIL_URL is not set, so e-mails go to {settings.EMAIL_HOST}:{settings.EMAIL_PORT}: "
            "set it to the mail server, e.g. smtp+tls://user:password@smtp.example:587"
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        problems.append(
            f"the sender {settings.DEFAULT_FROM_EMAIL} will be refused by mail servers: "
            "set ETALASE_FROM_EMAIL"
        )
    if _is_local_address(settings.WAGTAILADMIN_BASE_URL) and not settings.DEBUG:
        problems.append(
            f"links in e-mails would point to {settings.WAGTAILADMIN_BASE_URL}: "
            "set ETALASE_ADMIN_BASE_URL to the admin's public address"
        )
    return problems


def _is_local_address(url: str) -> bool:
    return any(host in url for host in ("://127.0.0.1", "://localhost", "://[::1]"))
