"""``manage.py oversight_report --month YYYY-MM``: the head's monthly accountability report,
as an XLSX workbook and a printable HTML page."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.accountability import accountability_report, to_html, to_xlsx
from cms.formats import thousands
from cms.institutions import institution_site
from orders.reports import parse_month


class Command(BaseCommand):
    help = (
        "Write the month's accountability report (reviews and publications, sales by workshop "
        "and channel with premi and PNBP, stock movements, catalog health) as "
        "oversight-YYYY-MM.xlsx and oversight-YYYY-MM.html."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--month", required=True, help="The month of the report, as YYYY-MM (e.g. 2026-11)."
        )
        parser.add_argument(
            "--output-dir",
            default=".",
            help="The folder to write both files to (default: the current folder); "
            "existing files of the same month are replaced.",
        )
        parser.add_argument(
            "--site",
            help="The host name of the institution's site (default: the default site).",
        )

    def handle(self, *args, month, output_dir, site, **options):
        started = time.monotonic()
        first_day = parse_month(month)
        if first_day is None:
            raise CommandError(f"--month {month!r} is not a month like 2026-11.")
        folder = Path(output_dir)
        if not folder.is_dir():
            raise CommandError(f"--output-dir: the folder {folder} does not exist.")
        report = accountability_report(first_day, institution_site(site))
        written = []
        for suffix, content in (("xlsx", to_xlsx(report)), ("html", to_html(report).encode())):
            written.append(write_atomically(folder / f"oversight-{report.label}.{suffix}", content))
        total = report.sales.total
        self.stdout.write(
            self.style.SUCCESS(
                f"Accountability report {report.label}: {len(report.moderation.reviews)} reviews, "
                f"{report.sales.sales} sales, net Rp {thousands(total.net)}, "
                f"premi Rp {thousands(total.premi)}, PNBP Rp {thousands(total.pnbp)}, "
                f"{len(report.health.products)} products needing attention; written to "
                f"{' and '.join(map(str, written))} in {time.monotonic() - started:.1f}s."
            )
        )


def write_atomically(path: Path, content: bytes) -> Path:
    """A reader (or a failed run) never finds half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    partial.replace(path)
    return path
