"""``manage.py bake``: render a site's public pages into its build folder."""

from django.core.management.base import BaseCommand, CommandError

from sitegen.jobs import run_bake
from sitegen.management.commands._progress import progress_printer
from sitegen.management.commands._sites import add_site_arguments, chosen_sites, for_each_site


class Command(BaseCommand):
    help = (
        "Render every live, public page of a site, its images, sitemap, robots.txt, 404 page, "
        "redirects and catalog.json into its build folder (ETALASE_BUILD_DIR for the default "
        "site, ETALASE_BUILD_DIR-HOSTNAME for the others)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed",
            action="store_true",
            help="Re-render only what changed since the last bake (a full bake if none exists).",
        )
        add_site_arguments(
            parser, all_sites_help="Bake every site, each into its own folder, one after the other."
        )

    def handle(self, *args, changed, site, all_sites, verbosity, **options):
        trigger = "manage.py bake" + (" --changed" if changed else "")
        progress = progress_printer(self, verbosity)

        def bake_site(chosen, prefix):
            outcome = run_bake(
                site=chosen, changed_only=changed, trigger=trigger, progress=progress
            )
            if outcome.error:
                raise CommandError(f"Bake failed: {outcome.error}")
            self.stdout.write(self.style.SUCCESS(prefix + summary(outcome.value)))

        for_each_site(self, chosen_sites(site, all_sites), bake_site, "Bake failed")


def summary(result) -> str:
    if not result.full and not result.pages_rendered and not result.files_deleted:
        return f"Nothing changed since the last bake ({result.duration:.2f} s)."
    kind = f"Full bake ({result.reason})" if result.full else "Incremental bake"
    rate = result.pages_rendered / result.duration if result.duration else 0
    return (
        f"{kind}: {result.pages_rendered} pages rendered, {result.files_written} files written, "
        f"{result.files_deleted} deleted in {result.duration:.2f} s ({rate:.0f} pages/s)."
    )
