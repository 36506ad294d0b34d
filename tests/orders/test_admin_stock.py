"""Stock movements, products' stock and share settings in the admin."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.test import Client

from institutions.models import InstitutionLogEntry
from orders.models import ProductStock, ShareSettings, StockMovement
from tests.orders.conftest import logged_in_english
from tests.orders.test_admin_sales import row_with

MOVEMENTS = "/admin/orders/stockmovement/"


def movement(product, kind, quantity, reason=""):
    return {"product": product.pk, "kind": kind, "quantity": quantity, "reason": reason}


def test_a_clerk_records_a_production_intake(clerk_client, clerk, batik):
    response = clerk_client.post(MOVEMENTS + "create/", movement(batik, "intake", 12))

    assert response.status_code == 302
    assert ProductStock.objects.get(product=batik).quantity == 17
    intake = StockMovement.objects.filter(created_by=clerk).get()
    assert InstitutionLogEntry.objects.filter(action="wagtail.create", user=clerk).exists()
    assert clerk_client.get(f"{MOVEMENTS}history/{intake.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (("intake", -3, ""), "An intake or a return adds a positive quantity."),
        (("adjustment", -1, ""), "Say why the stock is adjusted."),
        (("adjustment", -9, "Counted"), "Only 5 of BTK-001 in stock"),
        (("sale", -1, ""), "Select a valid choice."),  # sales come from recorded sales only
    ],
)
def test_a_bad_movement_is_refused_with_a_reason(clerk_client, batik, data, message):
    response = clerk_client.post(MOVEMENTS + "create/", movement(batik, *data))
    assert message in response.content.decode()
    assert ProductStock.objects.get(product=batik).quantity == 5


def test_a_recorded_movement_keeps_its_quantity(clerk_client, batik):
    intake = StockMovement.objects.get(product=batik)
    clerk_client.post(f"{MOVEMENTS}edit/{intake.pk}/", {"reason": "Batch 12", "quantity": 99})
    intake.refresh_from_db()
    assert (intake.reason, intake.quantity) == ("Batch 12", 5)


def test_the_stock_list_shows_cost_and_threshold_editable_by_the_clerk(clerk_client, batik):
    stock = ProductStock.objects.get(product=batik)
    page = clerk_client.get("/admin/orders/productstock/").content.decode()
    assert "Batik Tulis Parang" in page
    clerk_client.post(
        f"/admin/orders/productstock/edit/{stock.pk}/",
        {"cost_of_goods": 90000, "low_stock_threshold": 2, "product": 0},
    )
    stock.refresh_from_db()
    assert (stock.cost_of_goods, stock.low_stock_threshold, stock.product) == (90000, 2, batik)


def test_a_changed_hpp_is_recorded_as_such_with_both_amounts(clerk_client, clerk, head, batik):
    stock = ProductStock.objects.get(product=batik)
    clerk_client.post(
        f"/admin/orders/productstock/edit/{stock.pk}/",
        {"cost_of_goods": 90000, "low_stock_threshold": 3},
    )

    entry = InstitutionLogEntry.objects.get(content_type__model="productstock")
    assert (entry.action, entry.user) == ("orders.cost_of_goods", clerk)
    assert entry.data == {"before": 0, "after": 90000}
    head_client = logged_in_english(Client(), head)
    activity = head_client.get("/admin/reports/activity/").content.decode()
    assert "Stock record of BTK-001" in row_with(activity, "HPP changed from Rp 0 to Rp 90.000")
    edits = head_client.get("/admin/reports/activity/", {"action": "drafted"}).content.decode()
    assert "Stock record of BTK-001" not in edits


def test_premi_and_pnbp_together_cannot_exceed_100(home):
    settings = ShareSettings.for_site(home.get_site())
    settings.premi_percent, settings.pnbp_percent = Decimal("60.00"), Decimal("40.01")
    with pytest.raises(ValidationError, match="cannot be more than 100%"):
        settings.full_clean()
    settings.pnbp_percent = Decimal("40.00")
    settings.full_clean()


def test_only_the_head_edits_the_share_settings(client, head_client, home, clerk):
    url = f"/admin/settings/orders/sharesettings/{home.get_site().pk}/"
    assert head_client.get(url).status_code == 200
    client.force_login(clerk)
    assert client.get(url).status_code in (302, 403)
