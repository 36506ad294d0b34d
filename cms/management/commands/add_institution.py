"""``manage.py add_institution NAME --hostname HOST``: a second (third, …) institution on this
installation, with its own site, pages, photos, settings, staff groups and review workflow."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from wagtail.models import Site

from cms.setup import create_institution


class Command(BaseCommand):
    help = (
        "Add an institution: a site with its home page, a photo collection, the four role "
        "groups (Manager, Officer, Clerk, Head) scoped to it and its own review workflow. "
        "Then add its staff to its groups under Settings → Users."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='The institution\'s name, e.g. "Lapas Kelas I Bandung".')
        parser.add_argument(
            "--hostname",
            required=True,
            help="The host name of its public site, e.g. bandung.etalase.id.",
        )
        parser.add_argument("--port", type=int, default=443, help="Port of its public site (443).")

    def handle(self, *args, name, hostname, port, **options):
        if Site.objects.filter(hostname=hostname, port=port).exists():
            raise CommandError(f"A site with the host name {hostname}:{port} exists already.")
        try:
            institution = create_institution(name, hostname, port)
        except (ValueError, IntegrityError) as error:
            raise CommandError(f"Could not add {name!r}: {error}") from error
        groups = ", ".join(
            f'"{role_group.group.name}"' for role_group in institution.role_groups.all()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {name} at {hostname}:{port} with the groups {groups}, the photo "
                f'collection "{institution.collection.name}" and its own review workflow.'
            )
        )
