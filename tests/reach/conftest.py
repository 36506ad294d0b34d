"""Fixtures of the reach tests.

- The traffic import: a published site whose storage, CDN and web server logs the samples in
  ``samples/`` hold: the default site at https://katalog.lapas-contoh.go.id, published to the
  bucket lapas-contoh-site, with three products (batik-parang, batik-kawung, sandal-hotel) whose
  order buttons are WhatsApp and, for batik-kawung, Tokopedia.
- The funnel: a month of counts, inquiries and sales whose funnel is counted by hand in the
  tests, the way the traffic import and the clerks leave them.
"""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cms.models import InstitutionSettings, MarketplaceLink, ProductPage
from orders.models import Channel, Inquiry, InquiryLine, Sale
from orders.recording import LineInput, record_sale, void_sale
from reach.models import TrafficCount, TrafficKind
from sitegen.bake import bake
from sitegen.models import PublishSettings
from tests.factories import ProductPageFactory, WorkshopPageFactory
from tests.orders.conftest import (  # noqa: F401
    in_english,
    make_product,
    whatsapp,
)
from tests.sitegen import conftest as sitegen_fixtures
from tests.sitegen.helpers import publish

SAMPLES = Path(__file__).parent / "samples"
PUBLIC_ADDRESS = "https://katalog.lapas-contoh.go.id"
BUCKET = "lapas-contoh-site"
JAKARTA = ZoneInfo("Asia/Jakarta")

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


def count(page, day, channel, number, destination=""):
    """What the traffic import leaves: a view count, or a click count when a destination is
    given."""
    kind = TrafficKind.ORDER_CLICK if destination else TrafficKind.VIEW
    return TrafficCount.objects.create(
        site=page.get_site(),
        page=page,
        day=day,
        channel=channel,
        kind=kind,
        destination=destination,
        count=number,
    )


def inquiry(channel, received, *products):
    """An inquiry as the clerk's form saves it, received at `received` (Jakarta time)."""
    record = Inquiry.objects.create(
        site=products[0].get_site(), channel=channel, customer_name="Pak Budi"
    )
    for product in products:
        InquiryLine.objects.create(inquiry=record, product=product, quantity=1)
    Inquiry.objects.filter(pk=record.pk).update(created_at=received)
    return record


def sale(channel, day, clerk, *lines):
    return record_sale(Sale(channel=channel, date=day), list(lines), clerk)


def nov(day, hour=10, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture
def products(request, workshop):
    """Four live products of the first institution (batik, a wallet and a bag in the batik
    workshop, sandals in another) and a draft."""
    make = request.getfixturevalue("make_product")
    sandal_workshop = WorkshopPageFactory(parent=workshop.get_parent(), title="Sandal Hotel")
    return {
        "batik": make("BTK-001", stock=10, title="Batik Tulis Parang"),
        "dompet": make("DMP-002", title="Dompet Kulit"),
        "tas": make("TAS-007", title="Tas Anyaman"),
        "sandals": make("SDL-003", stock=10, price=120000, workshop=sandal_workshop),
        "draft": make("DRF-009", live=False),
    }


@pytest.fixture
def november(products, home, clerk, bandung_catalog):
    """November 2026 of the first institution, with what must stay out of it: October's and
    December's counts, the home page's views, a voided sale, an inquiry received early on 1 December
    in Jakarta (still 30 November in UTC), and the counts of another institution. The month is
    the installation's time zone's (Jakarta): an inquiry early on 1 November there counts."""
    batik, dompet, sandals = products["batik"], products["dompet"], products["sandals"]
    channels = Channel.objects.in_bulk(["whatsapp", "shopee"], field_name="code")
    whatsapp_channel, shopee_channel = channels["whatsapp"], channels["shopee"]
    count(batik, date(2026, 11, 2), "instagram", 40)
    count(batik, date(2026, 11, 15), "instagram", 20)
    count(batik, date(2026, 11, 3), "whatsapp", 10)
    count(batik, date(2026, 11, 4), "tokopedia", 5)
    count(batik, date(2026, 11, 30), "direct", 7)
    count(batik, date(2026, 11, 2), "instagram", 6, destination="whatsapp")
    count(batik, date(2026, 11, 30), "direct", 2, destination="tokopedia")
    count(sandals, date(2026, 11, 10), "google", 30)
    count(sandals, date(2026, 11, 10), "google", 4, destination="shopee")
    count(dompet, date(2026, 11, 1), "facebook", 9)
    # Outside the month, or not a product.
    count(batik, date(2026, 10, 31), "instagram", 100)
    count(batik, date(2026, 12, 1), "instagram", 100, destination="whatsapp")
    count(home, date(2026, 11, 5), "direct", 500)
    # Another institution's product, viewed and clicked in the same month.
    bandung_products, bandung_workshop = bandung_catalog
    wallet = ProductPageFactory(
        parent=bandung_products, code="KLT-001", workshop=bandung_workshop, with_photo=False
    )
    count(wallet, date(2026, 11, 2), "instagram", 999)
    count(wallet, date(2026, 11, 2), "instagram", 99, destination="whatsapp")

    inquiry(whatsapp_channel, nov(2), batik)
    inquiry(whatsapp_channel, nov(1, 5), batik, sandals)  # 31 October in UTC
    inquiry(shopee_channel, nov(11), sandals)
    inquiry(whatsapp_channel, datetime(2026, 12, 1, 3, tzinfo=JAKARTA), batik)  # 30 Nov. in UTC

    sale(whatsapp_channel, date(2026, 11, 3), clerk, LineInput(batik, 2))
    sale(shopee_channel, date(2026, 11, 10), clerk, LineInput(sandals, 3, discount=15000))
    twice = sale(whatsapp_channel, date(2026, 11, 12), clerk, LineInput(batik, 1))
    void_sale(twice, "Entered twice", clerk)
    sale(whatsapp_channel, date(2026, 10, 31), clerk, LineInput(batik, 1))
    return products
