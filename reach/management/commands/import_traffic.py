"""``manage.py import_traffic``: count page views and order-button clicks from access logs."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from reach.traffic.formats import FORMATS
from reach.traffic.importer import LogImport, LogReport
from reach.traffic.places import Places


class Command(BaseCommand):
    help = (
        "Count the public site's page views and order-button clicks per page, day and channel "
        "from the access logs its storage, CDN or web server writes (plain or gzip). Nothing "
        "personal is kept, and a log imported again counts only the lines added since."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="FILE",
            help="Log files, or folders whose files (at any depth) are all logs.",
        )
        parser.add_argument(
            "--format",
            required=True,
            choices=FORMATS,
            help="s3: S3 server access logs; cloudfront: CloudFront standard logs; combined: "
            "the combined log format of nginx or Apache.",
        )
        parser.add_argument(
            "--site",
            help="Hostname of the site the logs belong to (Settings → Sites). Needed for "
            "combined logs when the installation has several sites; for s3 and cloudfront "
            "logs, each request finds its site by bucket and prefix or by host.",
        )

    def handle(self, *args, paths, format, site, **options):  # noqa: A002 - the flag's name
        started = time.monotonic()
        files = log_files([Path(path) for path in paths])
        places = Places(Site.objects.select_related("root_page"))
        chosen = self._chosen_site(places, site, format)
        totals = LogReport(name="")
        for number, path in enumerate(files, start=1):
            report = LogImport(path, format, places, chosen).run()
            self._show(number, len(files), report)
            for name in ("lines", "already_imported", "views", "order_clicks", "malformed"):
                setattr(totals, name, getattr(totals, name) + getattr(report, name))
            totals.excluded.update(report.excluded)
        self._summary(len(files), totals, time.monotonic() - started)

    def _chosen_site(self, places: Places, hostname: str | None, log_format: str):
        if hostname:
            place = next((place for place in places.sites if hostname.lower() in place.hosts), None)
            if place is None:
                known = ", ".join(sorted(Site.objects.values_list("hostname", flat=True)))
                raise CommandError(
                    f"No site has the hostname {hostname!r}: --site takes one of {known}."
                )
            return place
        if log_format == "combined":
            if len(places.sites) != 1:
                raise CommandError(
                    "A combined log does not say which site it served: name it with --site."
                )
            return places.sites[0]
        return None

    def _show(self, number: int, total: int, report: LogReport) -> None:
        prefix = f"{number}/{total} {report.name}"
        if report.changed:
            self.stdout.write(
                self.style.WARNING(
                    f"{prefix}: not imported: the part imported before has changed since "
                    "(a log must only grow)."
                )
            )
            return
        self.stdout.write(
            f"{prefix}: {report.lines} lines, {report.views} views, "
            f"{report.order_clicks} order clicks"
            + (
                f", {report.already_imported} lines imported before"
                if report.already_imported
                else ""
            )
        )
        if report.malformed:
            self.stdout.write(
                self.style.WARNING(
                    f"  {report.malformed} malformed lines: " + "; ".join(report.malformed_lines)
                )
            )
        if report.incomplete_line:
            self.stdout.write("  The last line is incomplete: the next import reads it.")

    def _summary(self, files: int, totals: LogReport, elapsed: float) -> None:
        excluded = ", ".join(f"{count} {reason}" for reason, count in totals.excluded.most_common())
        self.stdout.write(
            self.style.SUCCESS(
                f"{files} files, {totals.lines} new lines in {elapsed:.1f} s: {totals.views} "
                f"page views and {totals.order_clicks} order clicks counted."
            )
        )
        if excluded:
            self.stdout.write(f"Not counted: {excluded}.")
        if totals.malformed:
            self.stdout.write(self.style.WARNING(f"Malformed lines: {totals.malformed}."))


def log_files(paths: list[Path]) -> list[Path]:
    """The files named, and those of the folders named, at any depth, hidden ones aside."""
    files = []
    for path in paths:
        if path.is_dir():
            found = (file for file in path.rglob("*") if file.is_file())
            files.extend(sorted(file for file in found if not _hidden(file, path)))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path} is neither a file nor a folder.")
    return files


def _hidden(file: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(folder).parts)
