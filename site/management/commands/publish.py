"""``manage.py publish``: copy the build folder to the publish target, changed files only."""

from django.core.management.base import BaseCommand, CommandError

from sitegen.jobs import run_publish
from sitegen.management.commands._progress import progress_printer


class Command(BaseCommand):
    help = (
        "Publish the baked site (run `manage.py bake` first) to a publish target: the local "
        "folder ETALASE_PUBLISH_DIR by default, or an S3-compatible bucket "
        "(ETALASE_PUBLISH_TARGET=s3). Only new and changed files are uploaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--target",
            metavar="NAME",
            help="A target named in SITEGEN_PUBLISH_TARGETS (default: ETALASE_PUBLISH_TARGET).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be uploaded and deleted, and change nothing.",
        )

    def handle(self, *args, target, dry_run, verbosity, **options):
        outcome = run_publish(
            target_name=target,
            dry_run=dry_run,
            trigger="manage.py publish",
            progress=progress_printer(self, verbosity),
        )
        if outcome.error:
            raise CommandError(f"Publish failed: {outcome.error}")
        result = outcome.value
        if dry_run:
            self.print_plan(result)
            return
        self.stdout.write(self.style.SUCCESS(summary(result)))
        if result.invalidation_error:
            self.stderr.write(f"CDN invalidation failed: {result.invalidation_error}")

    def print_plan(self, result):
        for path in result.planned_uploads:
            self.stdout.write(f"upload {path}")
        for path in result.planned_deletes:
            self.stdout.write(f"delete {path}")
        self.stdout.write(
            f"Dry run: {len(result.planned_uploads)} to upload, "
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
