"""Two clerks sell the last item at the same moment: exactly one succeeds; two orders reserve
the same stock at once: never more than is on hand (PostgreSQL)."""

import threading
from datetime import date

import pytest

from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import translation

from cms.models import Availability
from orders import production
from orders.models import (
    Channel,
    MovementKind,
    ProductionOrderLine,
    ProductStock,
    Quotation,
    QuotationLine,
    QuotationStatus,
    Sale,
)
from orders.quotations import next_number
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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database; the row lock is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_quotations_numbered_at_once_get_different_numbers():
    """The first clerk's transaction holds the year's counter while the second asks for a
    number: the second waits for it to commit, then takes the next number. (Without the lock
    it would read the same last number and finish while the first still waits.)"""
    site = home_on_a_flushed_database().get_site()
    next_number(site, 2031)  # the year's first quotation: its counter exists
    numbered = {}
    first_numbered = threading.Event()
    second_done = threading.Event()

    def first():
        try:
            with transaction.atomic():
                numbered["first"] = next_number(site, 2031)
                first_numbered.set()
                second_done.wait(timeout=2)  # commits once the second has had its chance
        finally:
            connections.close_all()

    def second():
        try:
            first_numbered.wait()
            numbered["second"] = next_number(site, 2031)
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(numbered.values()) == ["002/SP/LAPAS/2031", "003/SP/LAPAS/2031"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database; the row lock is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_orders_accepted_at_once_never_reserve_more_than_is_on_hand(django_user_model):
    """Two buyers accept quotations for the same product, 3 in stock, 2 each: the first order
    reserves 2, the second the 1 left (and makes the rest), never 4 of 3."""
    home = home_on_a_flushed_database()
    product = ProductPageFactory(
        parent=CatalogIndexPageFactory(parent=home),
        workshop=WorkshopPageFactory(parent=WorkshopIndexPageFactory(parent=home)),
        category=CategoryFactory(),
        code="SDL-001",
        availability=Availability.READY_STOCK,
        with_photo=False,
    )
    record_movement(product, 3, MovementKind.INTAKE, None)
    clerk = django_user_model.objects.create_user("clerk")
    quotations = []
    for number in ("001/SP/LAPAS/2026", "002/SP/LAPAS/2026"):
        quotation = Quotation.objects.create(
            site=home.get_site(),
            number=number,
            year=2026,
            date=date(2026, 1, 5),
            lead_time="3 minggu",
            valid_until=date(2099, 1, 1),
            payment_terms="DP 50%",
            status=QuotationStatus.SENT,
        )
        QuotationLine.objects.create(quotation=quotation, product=product, quantity=2)
        quotations.append(quotation)
    start = threading.Barrier(2)

    def accept(quotation):
        try:
            start.wait()
            production.accept(quotation, date(2026, 2, 1), clerk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(quotation,)) for quotation in quotations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    reserved = sorted(ProductionOrderLine.objects.values_list("reserved", flat=True))
    assert reserved == [1, 2]
    assert ProductStock.objects.get(product=product).quantity == 0
