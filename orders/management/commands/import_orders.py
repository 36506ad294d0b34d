"""`manage.py import_orders FILE --channel shopee|tokopedia [--dry-run]`: the admin's import,
for a file on disk (a scheduled download, or a clerk's batch). It runs the background task's
import in the command's own process, so it needs no worker."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from institutions.scopes import institution_site
from orders.imports import run
from orders.imports.plan import FORMATS
from orders.models import Channel, Import


class Command(BaseCommand):
    help = (
        "Import a marketplace order export (CSV or XLSX) as sales. Every row is checked first; "
        "if one has a problem, nothing is imported. Orders already imported are skipped, so "
        "running it twice on the same file creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export downloaded from the seller centre.")
        parser.add_argument(
            "--channel",
            required=True,
            choices=sorted(FORMATS),
            help="The marketplace the export comes from (its column layout).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be imported and every problem row; record nothing.",
        )
        parser.add_argument(
            "--user",
            help="Username recorded as having imported the sales (default: none, the system).",
        )
        parser.add_argument(
            "--site",
            help="The host name of the institution whose sales these are (default: the "
            "default site).",
        )

    def handle(self, *args, file, channel, dry_run, user=None, site=None, **options):
        started = time.monotonic()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}: give the export's path as FILE.")
        record = Import(
            site=institution_site(site),
            channel=Channel.objects.get(code=channel),
            file_name=path.name,
            content=path.read_bytes(),
            uploaded_by=self._user(user),
        )
        plan = run.preview(record)
        self._print_plan(plan)
        if plan.problems:
            raise CommandError(f"Nothing imported: {len(plan.problems)} problem rows in {path}.")
        if dry_run:
            self.stdout.write(f"Dry run: {len(plan.to_create)} sales would be created.")
            return
        record.rows_in_file = plan.rows_read
        record.save()
        plan = run.confirm(record, record.uploaded_by)
        if plan.problems:  # the database changed since the check above
            self._print_plan(plan)
            raise CommandError(f"Nothing imported: {len(plan.problems)} problem rows in {path}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(plan.to_create)} sales from {path.name} "
                f"({len(plan.already_imported)} already imported) "
                f"in {time.monotonic() - started:.1f}s."
            )
        )

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No user {username!r}: check --user.") from missing

    def _print_plan(self, plan):
        for number, order in enumerate(plan.to_create, start=1):
            lines = ", ".join(f"{row.quantity} × {row.sku}" for row in order.rows)
            self.stdout.write(
                f"{number}/{len(plan.to_create)} {order.order_number} {order.date}: {lines}, "
                f"Rp {order.total}"
            )
        for order_number in plan.already_imported:
            self.stdout.write(f"already imported: {order_number}")
        for problem in plan.problems:
            where = f"line {problem.line_number}" if problem.line_number else "file"
            self.stderr.write(f"{where}: {problem.reason}")
