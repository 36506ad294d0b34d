"""Stock: derived from movements, never silently negative, and shown on the public site."""

import pytest

from django.core.exceptions import ValidationError
from django.db.models import Sum

from cms.models import Availability, ProductPage
from orders.models import MovementKind, ProductStock, Sale, StockMovement
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement
from sitegen.models import RebuildRequest


def stock_of(product):
    return ProductStock.objects.get(product=product).quantity


def availability(product):
    return ProductPage.objects.get(pk=product.pk).availability


def sell(product, quantity, channel, user):
    return record_sale(Sale(channel=channel), [LineInput(product, quantity)], user)


def test_the_stock_row_is_the_sum_of_the_movements(batik, whatsapp, clerk):
    record_movement(batik, 4, MovementKind.INTAKE, clerk)
    sale = sell(batik, 3, whatsapp, clerk)
    record_movement(batik, -1, MovementKind.ADJUSTMENT, clerk, reason="Damaged")
    void_sale(sale, "Customer cancelled", clerk)

    movements = StockMovement.objects.filter(product=batik)
    assert (
        stock_of(batik) == movements.aggregate(total=Sum("quantity"))["total"] == 5 + 4 - 3 - 1 + 3
    )
    # Every kind a clerk's day makes (a production order's reservation and its release when
    # the order is cancelled have their own tests).
    assert set(movements.values_list("kind", flat=True)) == set(MovementKind.values) - {
        "return",
        "reservation",
        "release",
    }


def test_selling_more_than_in_stock_is_refused_and_writes_nothing(batik, whatsapp, clerk):
    with pytest.raises(ValidationError, match="Only 5 of BTK-001 in stock: 6 cannot be sold"):
        sell(batik, 6, whatsapp, clerk)
    assert not Sale.objects.exists()
    assert stock_of(batik) == 5


def test_two_lines_of_one_product_count_together(batik, whatsapp, clerk):
    lines = [LineInput(batik, 3), LineInput(batik, 3)]
    with pytest.raises(ValidationError, match="Only 5 of BTK-001"):
        record_sale(Sale(channel=whatsapp), lines, clerk)


@pytest.mark.parametrize("made_after_order", [Availability.MADE_TO_ORDER, Availability.PRE_ORDER])
def test_made_to_order_and_pre_order_products_sell_beyond_stock(
    make_product, whatsapp, clerk, made_after_order
):
    sandals = make_product("SDL-003", availability=made_after_order)
    sell(sandals, 50, whatsapp, clerk)
    assert stock_of(sandals) == -50  # owed to the customer by the workshop
    assert availability(sandals) == made_after_order


def test_an_adjustment_cannot_take_the_stock_below_zero(batik, clerk):
    with pytest.raises(ValidationError, match="Only 5 of BTK-001"):
        record_movement(batik, -6, MovementKind.ADJUSTMENT, clerk, reason="Count")


def test_selling_the_last_item_shows_the_product_sold_out_and_rebakes_it(
    batik, whatsapp, clerk, manager
):
    draft = ProductPage.objects.get(pk=batik.pk)
    draft.price = 175000
    draft.save_revision(user=manager)  # a manager's pending draft

    sell(batik, 5, whatsapp, clerk)

    page = ProductPage.objects.get(pk=batik.pk)
    assert page.availability == Availability.SOLD_OUT
    assert RebuildRequest.objects.filter(page=batik, reason="sold out: BTK-001").exists()
    # Not an editorial change: no new revision, and the pending draft is not published.
    assert page.revisions.count() == 1
    assert page.price == 150000 and page.has_unpublished_changes


def test_restocking_or_voiding_brings_it_back_in_stock(batik, whatsapp, clerk):
    sale = sell(batik, 5, whatsapp, clerk)
    void_sale(sale, "Paid with a forged transfer", clerk)

    assert availability(batik) == Availability.READY_STOCK
    assert RebuildRequest.objects.filter(page=batik, reason="back in stock: BTK-001").exists()


def test_a_product_an_editor_marked_sold_out_stays_sold_out(make_product, clerk):
    kept_back = make_product("KLT-002", availability=Availability.SOLD_OUT)
    record_movement(kept_back, 10, MovementKind.INTAKE, clerk)
    assert availability(kept_back) == Availability.SOLD_OUT
    assert not RebuildRequest.objects.filter(page=kept_back).exists()


def test_publishing_a_product_with_no_stock_keeps_it_sold_out(batik, whatsapp, clerk, manager):
    draft = ProductPage.objects.get(pk=batik.pk)
    draft.title = "Batik Tulis Parang (new photos)"
    revision = draft.save_revision(user=manager)  # written while it was in stock
    sell(batik, 5, whatsapp, clerk)

    revision.publish()  # as the officer's approval does

    page = ProductPage.objects.get(pk=batik.pk)
    assert page.title == "Batik Tulis Parang (new photos)"
    assert page.availability == Availability.SOLD_OUT
    # …and a restock later still flips it back, since the stock state is orders' again.
    record_movement(batik, 2, MovementKind.INTAKE, clerk)
    assert availability(batik) == Availability.READY_STOCK


def test_publishing_sold_out_on_purpose_is_the_editors_choice(batik, whatsapp, clerk):
    sell(batik, 5, whatsapp, clerk)
    page = ProductPage.objects.get(pk=batik.pk)  # shows sold out now
    page.save_revision().publish()  # the editor confirms: sold out, whatever the stock

    record_movement(batik, 2, MovementKind.INTAKE, clerk)
    assert availability(batik) == Availability.SOLD_OUT


def test_publishing_an_uncounted_product_changes_nothing(make_product, manager):
    new = make_product("ROT-001")
    new.save_revision(user=manager).publish()
    assert availability(new) == Availability.READY_STOCK
    assert not ProductStock.objects.filter(product=new).exists()


def test_an_order_number_is_recorded_once_per_channel(batik, shopee, clerk):
    record_sale(
        Sale(channel=shopee, external_reference="2611150001ABCD"), [LineInput(batik, 1)], clerk
    )
    with pytest.raises(ValidationError, match="Shopee already has a sale with the order number"):
        record_sale(
            Sale(channel=shopee, external_reference="2611150001ABCD"), [LineInput(batik, 1)], clerk
        )
    assert Sale.objects.count() == 1 and stock_of(batik) == 4


def test_a_sale_or_a_movement_beyond_the_bounds_is_refused_and_writes_nothing(
    make_product, whatsapp, clerk
):
    made_to_order = make_product("KLT-002", availability=Availability.MADE_TO_ORDER)
    with pytest.raises(ValidationError, match="The quantity 3.000.000.000 is not between 1"):
        sell(made_to_order, 3_000_000_000, whatsapp, clerk)
    with pytest.raises(ValidationError, match="between 1 and 100.000 items, not 3.000.000.000"):
        record_movement(made_to_order, 3_000_000_000, MovementKind.INTAKE, clerk)
    assert not Sale.objects.exists() and not StockMovement.objects.exists()
