"""``--site`` and ``--all-sites`` for the commands that bake, publish or serve a site."""

from django.core.management.base import CommandError

from wagtail.models import Site

from institutions.scopes import institution_site
from sitegen.sites import all_sites, site_label


def add_site_arguments(parser, *, all_sites_help: str | None = None) -> None:
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--site",
        metavar="HOSTNAME",
        help="The site, by hostname (HOSTNAME:PORT if several share it; Settings → Sites). "
        "Default: the default site.",
    )
    if all_sites_help:
        choice.add_argument("--all-sites", action="store_true", help=all_sites_help)


def chosen_sites(hostname: str | None, every_site: bool = False) -> list[Site]:
    if every_site:
        return all_sites() or [institution_site(None)]
    return [institution_site(hostname)]


def for_each_site(command, sites: list[Site], job, failure: str) -> None:
    """Run ``job(site, prefix)`` for each site; a job fails by raising CommandError.

    One site's failure does not stop the others: each is reported as it ends and the command
    fails at the end, naming the sites that failed. With one site, output is unprefixed.
    """
    if len(sites) == 1:
        job(sites[0], "")
        return
    failed = []
    for site in sites:
        label = site_label(site)
        try:
            job(site, f"{label}: ")
        except CommandError as error:
            command.stderr.write(f"{label}: {error}")
            failed.append(label)
    if failed:
        raise CommandError(
            f"{failure} for {len(failed)} of {len(sites)} sites: {', '.join(failed)}."
        )
