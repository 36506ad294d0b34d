"""``manage.py bake_national_catalog``: pages listing the products of every institution."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitegen import national
from sitegen.publish import publish
from sitegen.sites import all_sites, build_dir, national_target, site_label
from sitegen.targets import InvalidPublishTarget, PublishError


class Command(BaseCommand):
    help = (
        "Write the national catalog into a folder: index.html and halaman/<n>/index.html, "
        "listing the products of every institution grouped by institution, and catalog.json, "
        "the feeds merged. The feeds are "
        "each site's catalog.json in its build folder, or those given with --feed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="DIR", help="Folder to write.")
        parser.add_argument(
            "--feed",
            action="append",
            metavar="URL_OR_PATH",
            help="A catalog.json to read: an https address (http only from this machine), a file "
            "or a build folder. "
            "Repeat for each institution. Default: every site's build folder.",
        )
        parser.add_argument(
            "--page-size",
            type=int,
            default=national.PAGE_SIZE,
            metavar="N",
            help=f"Products per page (default {national.PAGE_SIZE}).",
        )
        parser.add_argument(
            "--target",
            metavar="NAME",
            help="Also publish the folder to this target of SITEGEN_PUBLISH_TARGETS: a folder "
            "target puts it beside the sites' folders (ETALASE_PUBLISH_DIR-national), an S3 "
            "target at --bucket and --prefix, which no site may use.",
        )
        parser.add_argument(
            "--bucket", default="", help="S3 target: the bucket (default: the target's)."
        )
        parser.add_argument(
            "--prefix", default="", help="S3 target: the key prefix (default: the target's)."
        )

    def handle(self, *args, output, feed, page_size, target, bucket, prefix, **options):
        if page_size < 1:
            raise CommandError("--page-size must be at least 1.")
        folder = Path(output)
        self.refuse_a_build_folder(folder)
        sources = feed or [str(build_dir(site) / "catalog.json") for site in all_sites()]
        catalog = national.read_catalog(sources)
        for institution in catalog.institutions:
            left_out = institution.products_left_out
            note = f" ({left_out} left out: no name or no web address)" if left_out else ""
            self.stdout.write(
                f"{institution.name}: {len(institution.products)} products from "
                f"{institution.feed}{note}"
            )
        for problem in catalog.problems:
            self.stderr.write(f"Skipped {problem}")
        national.write_catalog(catalog, folder, page_size)
        self.stdout.write(
            self.style.SUCCESS(
                f"National catalog: {catalog.product_count} products of "
                f"{len(catalog.institutions)} institutions in {folder / 'index.html'}."
            )
        )
        if target:
            self.publish(folder, target, bucket, prefix)
        if catalog.problems:
            raise CommandError(
                f"{len(catalog.problems)} of {len(sources)} feeds could not be read; "
                "the catalog lists the others."
            )

    @staticmethod
    def refuse_a_build_folder(folder: Path) -> None:
        """The catalog's files and manifest would replace a site's."""
        folder = folder.resolve()
        for site in all_sites():
            build = build_dir(site).resolve()
            if folder == build or build in folder.parents:
                raise CommandError(
                    f"{folder} is in the build folder of {site_label(site)}: "
                    "write the national catalog into a folder of its own."
                )

    def publish(self, folder, target_name, bucket, prefix):
        try:
            result = publish(folder, national_target(target_name, bucket=bucket, prefix=prefix))
        except (InvalidPublishTarget, PublishError) as error:
            raise CommandError(f"Publish failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Published: {result.uploaded} uploaded, {result.deleted} deleted, "
                f"{result.unchanged} unchanged in {result.duration:.2f} s."
            )
        )
