"""``manage.py send_reminders``: the daily e-mail to officers and managers (run it from cron).

All e-mails go over one connection to the mail server. One that fails (a refused address, a
dropped connection) does not stop the others: the command names whom it could not reach, ends
with the counts and exits with an error, so cron reports it.
"""

import smtplib
from contextlib import suppress

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from oversight.models import OversightSettings
from oversight.reminders import Reminders, collect_reminders

SUBJECTS = {
    "waiting": gettext_lazy("Etalase: pages waiting for your review"),
    "stale": gettext_lazy("Etalase: products to look at again"),
}
MAIL_ERRORS = (smtplib.SMTPException, OSError)  # what smtplib raises (OSError: the network)


class Command(BaseCommand):
    help = (
        "E-mail officers about pages waiting for review too long and managers about their "
        "products not updated for long, and print the same summary. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--waiting-days",
            type=int,
            help="Remind of reviews waiting more than this many days (0: every review waiting; "
            "default: each institution's oversight settings, 3).",
        )
        parser.add_argument(
            "--stale-days",
            type=int,
            help="Remind of products not updated for more than this many days (0: every live "
            "product; default: each institution's oversight settings, 90).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the summary; send no e-mail."
        )

    def handle(self, *args, waiting_days, stale_days, dry_run, **options):
        check_days("--waiting-days", waiting_days)
        check_days("--stale-days", stale_days)
        letters = list(self.letters(collect_all(waiting_days, stale_days)))
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Reminder e-mails: %(count)s would be sent (dry run, none sent).")
                    % {"count": len(letters)}
                )
            )
            return
        failed = self.send(letters)
        summary = _("Reminder e-mails: %(sent)s sent, %(failed)s not sent.") % {
            "sent": len(letters) - len(failed),
            "failed": len(failed),
        }
        if failed:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(
                _("Not sent to: %(recipients)s. The others were sent.")
                % {"recipients": ", ".join(recipient(letter) for letter in failed)}
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def letters(self, reminders: Reminders):
        """Print each person's reminders and yield their e-mail."""
        for kind, by_person in (("waiting", reminders.waiting), ("stale", reminders.stale)):
            for person, lines in by_person.items():
                self.stdout.write(f"{person.username} ({kind}):")
                for line in lines:
                    self.stdout.write(f"  {line}")
                body = "\n".join(lines) + f"\n\n{settings.WAGTAILADMIN_BASE_URL}/admin/\n"
                yield EmailMessage(str(SUBJECTS[kind]), body, None, [person.email])

    def send(self, letters) -> list[EmailMessage]:
        """Send every letter over one connection; the ones that failed."""
        connection = get_connection()
        try:
            connection.open()
        except MAIL_ERRORS as error:
            raise CommandError(
                _("The mail server cannot be reached (%(error)s): no reminder was sent.")
                % {"error": error}
            ) from error
        failed = []
        for letter in letters:
            letter.connection = connection
            try:
                letter.send()
            except MAIL_ERRORS as error:
                failed.append(letter)
                self.stderr.write(
                    _("Not sent to %(recipient)s: %(error)s")
                    % {"recipient": recipient(letter), "error": error}
                )
                reopen(connection)
        close_quietly(connection)
        return failed


def check_days(option, days):
    if days is not None and days < 0:
        raise CommandError(
            _("%(option)s %(days)s: give a number of days, 0 or more.")
            % {"option": option, "days": days}
        )


def collect_all(waiting_days, stale_days) -> Reminders:
    """Every institution's reminders, with its own numbers of days unless the options give
    them (0 included)."""
    reminders = Reminders()
    for site in Site.objects.select_related("root_page").order_by("pk"):
        thresholds = OversightSettings.for_site(site)
        collect_reminders(
            site,
            thresholds.review_waiting_days if waiting_days is None else waiting_days,
            thresholds.stale_product_days if stale_days is None else stale_days,
            reminders,
        )
    return reminders


def recipient(letter) -> str:
    return ", ".join(letter.to)


def reopen(connection):
    """A failed letter may have broken the connection: the next one gets a fresh one (if the
    server cannot be reached now, the next letter fails and is named too)."""
    close_quietly(connection)
    with suppress(*MAIL_ERRORS):
        connection.open()


def close_quietly(connection):
    with suppress(*MAIL_ERRORS):
        connection.close()
