"""A published site whose storage, CDN and web server logs the samples in ``samples/`` hold:
the default site at https://katalog.lapas-contoh.go.id, published to the bucket
lapas-contoh-site, with three products (batik-parang, batik-kawung, sandal-hotel) whose order
buttons are WhatsApp and, for batik-kawung, Tokopedia."""

from pathlib import Path

import pytest

from cms.models import InstitutionSettings, MarketplaceLink, ProductPage
from sitegen.bake import bake
from sitegen.models import PublishSettings
from tests.sitegen import conftest as sitegen_fixtures
from tests.sitegen.helpers import publish

SAMPLES = Path(__file__).parent / "samples"
PUBLIC_ADDRESS = "https://katalog.lapas-contoh.go.id"
BUCKET = "lapas-contoh-site"

shop = sitegen_fixtures.shop  # the products the samples ask for


def s3_target(settings, bucket=BUCKET):
    settings.SITEGEN_PUBLISH_TARGETS = {
        "s3": {"BACKEND": "sitegen.targets.S3Target", "OPTIONS": {"bucket": bucket}}
    }
    settings.SITEGEN_PUBLISH_TARGET = "s3"


@pytest.fixture
def published(shop, home, settings):
    """The pages of the samples by slug ("" for the home page), baked."""
    site = home.get_site()
    institution = InstitutionSettings.for_site(site)
    institution.whatsapp_number = "6281234567890"
    institution.save()
    PublishSettings.objects.update_or_create(site=site, defaults={"public_address": PUBLIC_ADDRESS})
    s3_target(settings)
    kawung = ProductPage.objects.get(slug="batik-kawung")
    kawung.marketplace_links.add(
        MarketplaceLink(marketplace="tokopedia", url="https://www.tokopedia.com/lapas/kawung")
    )
    publish(kawung)
    bake(site)
    return {page.slug: page.pk for page in shop} | {"": home.pk}
