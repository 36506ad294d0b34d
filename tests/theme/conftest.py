"""A small published storefront, baked: what the theme's tests read like a visitor would."""

import pytest

from cms.models import InstitutionSettings, MarketplaceLink
from sitegen.bake import bake
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish


@pytest.fixture
def institution(home):
    institution = InstitutionSettings.for_site(home.get_site())
    institution.institution_name = "Lapas Kelas IIA Contoh"
    institution.whatsapp_number = "6281234567890"
    institution.save()
    return institution


@pytest.fixture
def storefront(home, catalog, workshop, category, institution):
    """A home, catalog and workshop with two products: a batik with marketplace links that takes
    bulk orders, and a sold-out pair of sandals."""
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    batik = ProductPageFactory(
        parent=catalog,
        workshop=workshop,
        category=category,
        title="Kain Batik Tulis Sekar Jagad «Sogan»",
        slug="kain-batik-sekar-jagad",
        code="BTK-007",
        price=450000,
        unit="lembar",
        accepts_custom_orders=True,
        marketplace_links=[
            MarketplaceLink(marketplace="tokopedia", url="https://www.tokopedia.com/lapas/batik"),
            MarketplaceLink(marketplace="shopee", url="https://shopee.co.id/lapas/batik"),
        ],
    )
    sandals = ProductPageFactory(
        parent=catalog,
        workshop=workshop,
        category=category,
        title="Sandal Hotel",
        slug="sandal-hotel",
        code="SDL-001",
        price=9500,
        availability="sold_out",
    )
    return {"batik": publish(batik), "sandals": publish(sandals)}


@pytest.fixture
def baked(storefront, build_dir):
    bake()
    return build_dir
