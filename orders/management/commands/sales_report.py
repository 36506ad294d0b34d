"""`manage.py sales_report --month YYYY-MM --format csv|xlsx --output FILE`: the admin's
monthly report as a file, e.g. for the monthly letter to the head of the regional office."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from institutions.scopes import institution_site
from orders.money import rupiah
from orders.reports import EXPORTS, export, monthly_report, parse_month


class Command(BaseCommand):
    help = (
        "Write the monthly sales report (by product, workshop and channel, with premi, PNBP, "
        "cost of goods and margin; voided sales left out) as CSV or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--month", required=True, help="The month of the report, as YYYY-MM (e.g. 2026-11)."
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=sorted(EXPORTS),
            default="csv",
            help="csv (UTF-8, one table with a section column) or xlsx (one sheet per section).",
        )
        parser.add_argument(
            "--output", required=True, help="The file to write; an existing file is replaced."
        )
        parser.add_argument(
            "--site",
            help="The host name of the institution's site (default: the default site).",
        )

    def handle(self, *args, month, file_format, output, site, **options):
        started = time.monotonic()
        first_day = parse_month(month)
        if first_day is None:
            raise CommandError(f"--month {month!r} is not a month like 2026-11.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"--output: the folder {path.parent} does not exist.")
        report = monthly_report(first_day, institution_site(site))
        path.write_bytes(export(report, file_format))
        total = report.total
        self.stdout.write(
            self.style.SUCCESS(
                f"Sales report {report.label}: {report.sales} sales, net Rp {rupiah(total.net)}, "
                f"premi Rp {rupiah(total.premi)}, PNBP Rp {rupiah(total.pnbp)}; written to {path} "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
