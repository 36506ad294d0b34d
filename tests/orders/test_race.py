"""Two clerks sell the last item at the same moment: exactly one succeeds (PostgreSQL)."""

import threading

import pytest

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from cms.models import Availability
from orders.models import Channel, MovementKind, ProductStock, Sale
from orders.recording import LineInput, record_sale
from orders.stock import record_movement
from tests.factories import (
    CatalogIndexPageFactory,
    CategoryFactory,
    ProductPageFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
)
from tests.sitegen.test_bake import home_on_a_flushed_database


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database; the row lock is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_clerks_selling_the_last_item_at_once_one_is_refused(django_user_model):
    home = home_on_a_flushed_database()
    product = ProductPageFactory(
        parent=CatalogIndexPageFactory(parent=home),
        workshop=WorkshopPageFactory(parent=WorkshopIndexPageFactory(parent=home)),
        category=CategoryFactory(),
        code="BTK-001",
        availability=Availability.READY_STOCK,
        with_photo=False,
    )
    channel, _created = Channel.objects.get_or_create(
        code="whatsapp", defaults={"name": "WhatsApp", "kind": "whatsapp"}
    )
    record_movement(product, 1, MovementKind.INTAKE, None)
    clerks = [django_user_model.objects.create_user(f"clerk{n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes = {}

    def sell(clerk):
        try:
            start.wait()
            with translation.override("en"):  # each thread starts in the site's language
                record_sale(Sale(channel=channel), [LineInput(product, 1)], clerk)
            outcomes[clerk.username] = "sold"
        except ValidationError as refusal:
            outcomes[clerk.username] = refusal.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sell, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "Only 0 of BTK-001 in stock: 1 cannot be sold. Record the production intake first, "
        "or mark the product as made to order.",
        "sold",
    ]
    assert Sale.objects.count() == 1
    assert ProductStock.objects.get(product=product).quantity == 0
