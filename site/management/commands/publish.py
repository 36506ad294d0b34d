"""``manage.py publish``: copy a site's build folder to its publish target, changed files only."""

from django.core.management.base import BaseCommand, CommandError

from sitegen.jobs import run_publish
from sitegen.management.commands._progress import progress_printer
from sitegen.management.commands._sites import add_site_arguments, chosen_sites, for_each_site


class Command(BaseCommand):
    help = (
        "Publish a baked site (run `manage.py bake` first) to its publish target: the local "
        "folder ETALASE_PUBLISH_DIR by default, or an S3-compatible bucket "
        "(ETALASE_PUBLISH_TARGET=s3); a site's publish settings may choose its own target, "
        "bucket and prefix. Only new and changed files are uploaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--target",
            metavar="NAME",
            help="A target named in SITEGEN_PUBLISH_TARGETS (default: the site's publish "
            "settings, else ETALASE_PUBLISH_TARGET).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be uploaded and deleted, and change nothing.",
        )
        add_site_arguments(
            parser, all_sites_help="Publish every site, each to its own place, one after the other."
        )

    def handle(self, *args, target, dry_run, site, all_sites, verbosity, **options):
        progress = progress_printer(self, verbosity)

        def publish_site(chosen, prefix):
            outcome = run_publish(
                site=chosen,
                target_name=target,
                dry_run=dry_run,
                trigger="manage.py publish",
                progress=progress,
            )
            if outcome.error:
                raise CommandError(f"Publish failed: {outcome.error}")
            result = outcome.value
            if dry_run:
                self.print_plan(result, prefix)
                return
            self.stdout.write(self.style.SUCCESS(prefix + summary(result)))
            if result.invalidation_error:
                self.stderr.write(f"{prefix}CDN invalidation failed: {result.invalidation_error}")

        for_each_site(self, chosen_sites(site, all_sites), publish_site, "Publish failed")

    def print_plan(self, result, prefix=""):
        for path in result.planned_uploads:
            self.stdout.write(f"{prefix}upload {path}")
        for path in result.planned_deletes:
            self.stdout.write(f"{prefix}delete {path}")
        self.stdout.write(
            f"{prefix}Dry run: {len(result.planned_uploads)} to upload, "
            f"{len(result.planned_deletes)} to delete, {result.unchanged} unchanged. "
            "Nothing was changed."
        )


def summary(result) -> str:
    requests = f", {result.requests} requests" if result.requests is not None else ""
    return (
        f"Published: {result.uploaded} uploaded ({result.bytes_uploaded / 1024:.0f} KiB), "
        f"{result.deleted} deleted, {result.unchanged} unchanged{requests} "
        f"in {result.duration:.2f} s."
    )
