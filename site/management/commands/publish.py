"""``manage.py publish``: copy a site's build folder to its publish target, changed files only;
``--verify`` compares the target with the build file by file, ``--repair`` makes them equal."""

import time

from django.core.management.base import BaseCommand, CommandError

from sitegen.jobs import run_publish, verify_publish
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
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Compare every file of the target with the build (bytes on a folder, ETags on "
            "S3), list what is missing, changed or extra, and fail if anything differs. "
            "Lists the whole target: use it after an incident, not on every publish.",
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="With --verify: upload what is missing or changed, delete what is extra and "
            "rewrite the target's manifest, trusting nothing the target's manifest says.",
        )
        add_site_arguments(
            parser, all_sites_help="Publish every site, each to its own place, one after the other."
        )

    def handle(self, *args, target, dry_run, verify, repair, site, all_sites, verbosity, **options):
        progress = progress_printer(self, verbosity)
        if repair and not verify:
            raise CommandError("--repair repairs what --verify finds: add --verify.")
        if verify:
            sites = chosen_sites(site, all_sites)
            for_each_site(
                self,
                sites,
                lambda chosen, prefix: self.verify(chosen, prefix, target, repair, progress),
                "Verification failed",
            )
            return

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

    def verify(self, site, prefix, target_name, repair, progress):
        started = time.monotonic()
        comparison = self.compare(site, target_name, progress)
        for kind in ("missing", "changed", "extra"):
            for path in getattr(comparison, kind):
                self.stdout.write(f"{prefix}{kind} {path}")
        if comparison.manifest_problem:
            self.stdout.write(f"{prefix}manifest: {comparison.manifest_problem}")
        differences = differences_summary(comparison)
        if comparison.matches:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}The target matches the build: {comparison.checked} files checked "
                    f"in {time.monotonic() - started:.2f} s."
                )
            )
            return
        if not repair:
            raise CommandError(
                f"The target differs from the build: {differences}. "
                "Run again with --verify --repair to fix it."
            )
        outcome = run_publish(
            site=site,
            target_name=target_name,
            recheck=True,
            trigger="manage.py publish --verify --repair",
            progress=progress,
        )
        if outcome.error:
            raise CommandError(f"Repair failed: {outcome.error}")
        if not self.compare(site, target_name, None).matches:
            raise CommandError("The target still differs from the build after the repair.")
        self.stdout.write(
            self.style.SUCCESS(f"{prefix}Repaired ({differences}). {summary(outcome.value)}")
        )

    def compare(self, site, target_name, progress):
        outcome = verify_publish(site=site, target_name=target_name, progress=progress)
        if outcome.error:
            raise CommandError(f"Verification failed: {outcome.error}")
        return outcome.value

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


def differences_summary(comparison) -> str:
    counts = (
        f"{len(comparison.missing)} missing, {len(comparison.changed)} changed, "
        f"{len(comparison.extra)} extra"
    )
    if comparison.manifest_problem:
        return f"{counts}, manifest: {comparison.manifest_problem}"
    return counts
