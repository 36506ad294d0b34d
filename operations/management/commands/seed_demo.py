"""`manage.py seed_demo`: a realistic demo catalog and one login per role (dev settings only)."""

import random
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cms.demo.seed import (
    DEMO_PUBLIC_ADDRESS,
    DemoSeeder,
    SeedReport,
    reset_demo_logins,
    set_public_address,
)
from cms.models import ProductPage
from orders.demo import seed_orders

SILENT_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = (
        "Seed the demo catalog (6 workshops, 36 products, stories) published through the "
        "review workflow, and create one demo login per role with a fresh printed password. "
        "Runs again safely: existing demo content is kept and only the passwords are reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, help="Seed of the random choices (photos, availability)."
        )
        parser.add_argument(
            "--public-address",
            default=DEMO_PUBLIC_ADDRESS,
            help=(
                "Where the baked demo site is served, for its links and QR codes (default "
                f"{DEMO_PUBLIC_ADDRESS}, serve_site's)."
            ),
        )

    def handle(self, *args, seed=None, public_address=DEMO_PUBLIC_ADDRESS, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates logins with printed passwords, so it runs only with DEBUG on "
                "(DJANGO_SETTINGS_MODULE=cms.settings.dev)."
            )
        seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
        started = time.monotonic()
        report = SeedReport()
        # Each demo submission would e-mail the officers and each approval would queue a bake;
        # the demo's own reviews need neither (`make demo` bakes once afterwards).
        quiet = override_settings(EMAIL_BACKEND=SILENT_EMAIL_BACKEND, SITEGEN_AUTO_PUBLISH=False)
        with quiet, transaction.atomic():
            report.logins = reset_demo_logins()
            report.public_address = self._public_address(public_address)
            if not ProductPage.objects.exists():
                DemoSeeder(seed).run(report)
                report.created = True
            seed_orders(seed)
        self._print(report, seed, time.monotonic() - started)

    @staticmethod
    def _public_address(address):
        try:
            return set_public_address(address)
        except ValidationError as error:
            raise CommandError(f"--public-address {address}: {' '.join(error.messages)}") from error

    def _print(self, report, seed, elapsed):
        if report.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo catalog created with --seed {seed} in {elapsed:.1f}s: "
                    f"{report.workshops} workshops, {report.live_products} live products, "
                    f"{report.stories} stories."
                )
            )
            self.stdout.write(
                f"In moderation: {', '.join(report.products_in_moderation)}. "
                f"Live with a newer draft: {', '.join(report.products_with_draft)}."
            )
        else:
            self.stdout.write("Demo catalog already present; demo passwords reset.")
        self.stdout.write(
            f"Public address: {report.public_address} (the baked site's links and QR codes)."
        )
        self.stdout.write("Demo logins (username / password):")
        for username, password in report.logins.items():
            self.stdout.write(f"  {username:<8} {password}")
