"""Fixtures of the orders tests: products with stock, the channels, clerks logged in."""

import pytest

from django.utils import translation

from wagtail.users.models import UserProfile

from cms.models import Availability
from orders.models import Channel, MovementKind
from orders.stock import record_movement
from tests.factories import ProductPageFactory


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
