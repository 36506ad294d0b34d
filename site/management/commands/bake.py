"""``manage.py bake``: render the site's public pages into the build folder."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from sitegen.jobs import run_bake
from sitegen.management.commands._progress import progress_printer


class Command(BaseCommand):
    help = (
        "Render every live, public page of a site, its images, sitemap, robots.txt, 404 page, "
        "redirects and catalog.json into the build folder (ETALASE_BUILD_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed",
            action="store_true",
            help="Re-render only what changed since the last bake (a full bake if none exists).",
        )
        parser.add_argument(
            "--site",
            metavar="HOSTNAME",
            help="The site to bake, by hostname (Settings → Sites). Default: the default site.",
        )

    def handle(self, *args, changed, site, verbosity, **options):
        chosen_site = self.find_site(site) if site else None
        result = run_bake(
            site=chosen_site,
            changed_only=changed,
            trigger="manage.py bake" + (" --changed" if changed else ""),
            progress=progress_printer(self, verbosity),
        )
        if result.error:
            raise CommandError(f"Bake failed: {result.error}")
        self.stdout.write(self.style.SUCCESS(summary(result.value)))

    @staticmethod
    def find_site(hostname):
        try:
            return Site.objects.select_related("root_page").get(hostname=hostname)
        except Site.DoesNotExist as missing:
            known = ", ".join(Site.objects.values_list("hostname", flat=True))
            raise CommandError(f"No site with hostname {hostname!r} (known: {known}).") from missing


def summary(result) -> str:
    if not result.full and not result.pages_rendered and not result.files_deleted:
        return f"Nothing changed since the last bake ({result.duration:.2f} s)."
    kind = f"Full bake ({result.reason})" if result.full else "Incremental bake"
    rate = result.pages_rendered / result.duration if result.duration else 0
    return (
        f"{kind}: {result.pages_rendered} pages rendered, {result.files_written} files written, "
        f"{result.files_deleted} deleted in {result.duration:.2f} s ({rate:.0f} pages/s)."
    )
