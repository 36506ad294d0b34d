"""``manage.py send_reminders``: the daily e-mail to officers and managers (run it from cron)."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from cms.models import OversightSettings
from cms.reminders import Reminders, collect_reminders

SUBJECTS = {
    "waiting": _("Etalase: pages waiting for your review"),
    "stale": _("Etalase: products to look at again"),
}


class Command(BaseCommand):
    help = (
        "E-mail officers about pages waiting for review too long and managers about their "
        "products not updated for long, and print the same summary. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--waiting-days",
            type=int,
            help="Remind of reviews older than this (default: the oversight settings, 3).",
        )
        parser.add_argument(
            "--stale-days",
            type=int,
            help="Remind of products older than this (default: the oversight settings, 90).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the summary; send no e-mail."
        )

    def handle(self, *args, waiting_days, stale_days, dry_run, **options):
        reminders = Reminders()
        for site in Site.objects.select_related("root_page").order_by("pk"):
            thresholds = OversightSettings.for_site(site)  # each institution's own days
            collect_reminders(
                site,
                waiting_days or thresholds.review_waiting_days,
                stale_days or thresholds.stale_product_days,
                reminders,
            )
        sent = 0
        for kind, by_person in (("waiting", reminders.waiting), ("stale", reminders.stale)):
            for person, lines in by_person.items():
                self.stdout.write(f"{person.username} ({kind}):")
                for line in lines:
                    self.stdout.write(f"  {line}")
                sent += 1
                if not dry_run:
                    body = "\n".join(lines) + f"\n\n{settings.WAGTAILADMIN_BASE_URL}/admin/\n"
                    send_mail(str(SUBJECTS[kind]), body, None, [person.email])
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder e-mails {verb}."))
