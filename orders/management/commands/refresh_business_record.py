"""`manage.py refresh_business_record`, daily: re-bake the workshop pages whose public record
of business orders ("N business orders delivered, X% on time, last 12 months") changed since
they were last rebuilt, because an order left the last 12 months."""

from django.core.management.base import BaseCommand

from wagtail.models import Site

from orders.reliability import rebuild_aged_records


class Command(BaseCommand):
    help = (
        "Re-bake the workshop pages whose record of business orders over the last 12 months "
        "changed since their last bake (an order left the period); the others are left as they are."
    )

    def handle(self, *args, **options):
        pages = rebuild_aged_records(Site.objects.all())
        for page in pages:
            self.stdout.write(f"{page.get_site().hostname}: {page.title}")
        self.stdout.write(f"{len(pages)} workshop page(s) to re-bake.")
