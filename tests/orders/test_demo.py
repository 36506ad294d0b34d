"""The demo shows the orders app alive, once, without selling any product out."""

from django.core.management import call_command
from django.db.models import Sum

from cms.models import Availability, ProductPage
from orders.models import Inquiry, ProductStock, Sale, StockMovement


def test_the_demo_has_stock_inquiries_and_sales_and_runs_again_safely(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "3", stdout=None)

    assert Sale.objects.count() == 24
    assert Sale.objects.filter(voided_at__isnull=False).count() == 1
    assert Sale.objects.values("channel").distinct().count() >= 4
    whatsapp = Inquiry.objects.get(channel__code="whatsapp", status="new")
    assert whatsapp.lines.get().product.code in whatsapp.message
    assert not ProductPage.objects.filter(availability=Availability.SOLD_OUT).exists()
    for stock in ProductStock.objects.all():
        movements = StockMovement.objects.filter(product_id=stock.product_id)
        assert stock.quantity == (movements.aggregate(total=Sum("quantity"))["total"] or 0)

    call_command("seed_demo", "--seed", "4", stdout=None)
    assert Sale.objects.count() == 24 and Inquiry.objects.count() == 2
