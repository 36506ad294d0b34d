"""Fixtures of the orders tests: products with stock, the channels, clerks logged in, and a
month of sales whose report is computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from django.utils import translation

from wagtail.users.models import UserProfile

from cms.models import Availability, InstitutionSettings
from cms.models.pages.product import PriceTier
from orders.models import (
    Channel,
    MovementKind,
    ProductStock,
    QuotationSettings,
    Sale,
    ShareSettings,
    WorkshopShare,
)
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement
from tests.factories import ProductPageFactory, WorkshopPageFactory


@pytest.fixture(autouse=True)
def in_english():
    """Messages outside a request use the site's language (Indonesian); the tests read them as
    the code writes them. The admin follows each user's language (see test_language.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_product(catalog, workshop, category):
    """A live product of the catalog: `make_product("BTK-001", stock=3, price=150000)`."""

    def make(code, *, stock=0, price=150000, availability=Availability.READY_STOCK, **fields):
        fields.setdefault("workshop", workshop)
        product = ProductPageFactory(
            parent=catalog,
            category=category,
            code=code,
            price=price,
            availability=availability,
            with_photo=False,
            **fields,
        )
        if stock:
            record_movement(product, stock, MovementKind.INTAKE, None)
        return product

    return make


@pytest.fixture
def batik(make_product):
    return make_product("BTK-001", stock=5, price=150000, title="Batik Tulis Parang")


@pytest.fixture
def letterhead(home):
    """The institution's name, address and head on its letters; approval above Rp 5.000.000."""
    site = home.get_site()
    institution = InstitutionSettings.for_site(site)
    institution.institution_name = "Lapas Kelas I Contoh"
    institution.address = "Jl. Contoh No. 1, Bandung"
    institution.save()
    settings = QuotationSettings.for_site(site)
    settings.institution_code = "LPC"
    settings.head_name = "Dra. Siti Rahmawati"
    settings.head_position = "Kepala Lapas Kelas I Contoh"
    settings.approval_threshold = 5_000_000
    settings.save()
    return settings


@pytest.fixture
def sandals(make_product):
    """Hotel sandals: Rp 25.000 each, Rp 20.000 from 100, Rp 18.500 from 500."""
    return make_product(
        "SDL-001",
        price=25000,
        title="Sandal Hotel",
        unit="pasang",
        price_tiers=[
            PriceTier(minimum_quantity=100, unit_price=20000),
            PriceTier(minimum_quantity=500, unit_price=18500),
        ],
    )


@pytest.fixture
def whatsapp(db):
    return Channel.objects.get(code="whatsapp")


@pytest.fixture
def shopee(db):
    return Channel.objects.get(code="shopee")


@pytest.fixture
def tokopedia(db):
    return Channel.objects.get(code="tokopedia")


def logged_in_english(client, user):
    """The admin in English, so the tests read the messages as the code writes them (the
    Indonesian catalogue has its own test)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(client, clerk):
    return logged_in_english(client, clerk)


@pytest.fixture
def head_client(client, head):
    return logged_in_english(client, head)


@pytest.fixture
def superuser_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    return logged_in_english(client, root)


@pytest.fixture
def november(make_product, workshop, home, clerk, whatsapp, shopee):
    """Premi 15% and PNBP 20%, but the sandal workshop has 10% and 25%. Batik costs Rp 90.000
    to make, sandals Rp 70.000. Three sales count; a voided one and October's do not."""
    sandal_workshop = WorkshopPageFactory(parent=workshop.get_parent(), title="Sandal Hotel")
    settings = ShareSettings.for_site(home.get_site())
    settings.premi_percent, settings.pnbp_percent = Decimal("15"), Decimal("20")
    settings.save()
    WorkshopShare.objects.create(
        settings=settings, workshop=sandal_workshop, premi_percent=10, pnbp_percent=25
    )
    batik = make_product("BTK-001", stock=10, price=150000)
    sandals = make_product("SDL-003", stock=10, price=120000, workshop=sandal_workshop)
    ProductStock.objects.filter(product=batik).update(cost_of_goods=90000)
    ProductStock.objects.filter(product=sandals).update(cost_of_goods=70000)
    walk_in = whatsapp.__class__.objects.get(code="walk_in")

    def sale(channel, day, *lines, month=11):
        return record_sale(Sale(channel=channel, date=date(2026, month, day)), list(lines), clerk)

    sale(whatsapp, 3, LineInput(batik, 2))
    sale(shopee, 10, LineInput(sandals, 3, discount=15000))
    sale(walk_in, 30, LineInput(batik, 1, unit_price=33310))  # a gallery price: rounding edge
    void_sale(sale(whatsapp, 12, LineInput(sandals, 1)), "Entered twice", clerk)
    sale(whatsapp, 31, LineInput(batik, 1), month=10)
    # Changing the settings afterwards does not rewrite the month.
    settings.premi_percent = Decimal("50")
    settings.save()
