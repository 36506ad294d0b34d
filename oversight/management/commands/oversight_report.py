"""``manage.py oversight_report --month YYYY-MM``: the head's monthly accountability report,
as an XLSX workbook and a printable HTML page."""

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.formats import thousands
from institutions.scopes import institution_site
from orders.reports import parse_month
from oversight.accountability import accountability_report, to_html, to_xlsx


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
        name = f"oversight-{report.label}"
        files = {
            folder / f"{name}.xlsx": to_xlsx(report),
            folder / f"{name}.html": to_html(report).encode(),
        }
        try:
            written = write_together(files)
        except OSError as error:
            raise CommandError(
                _("The report could not be written to %(folder)s (%(error)s); no file was changed.")
                % {"folder": folder, "error": error}
            ) from error
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


def write_together(files: dict[Path, bytes]) -> list[Path]:
    """Write all the files or none, so the workbook and the page always come from the same run:
    each is written under a temporary name beside its place, and only once all are complete
    are they renamed into place. On failure the temporary files are removed and the folder is
    left as it was (a reader never finds half a file either)."""
    partials = {}
    try:
        for path, content in files.items():
            partials[path] = path.with_name(f".{path.name}.{os.getpid()}.partial")
            partials[path].write_bytes(content)
        for path, partial in partials.items():
            partial.replace(path)
    except BaseException:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        raise
    return list(files)
