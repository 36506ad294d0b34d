"""The orders app alive in the demo: stock, a few inquiries and a month of sales.

Called by `manage.py seed_demo` after the catalog exists. It records through the same
bookkeeping the admin uses (so stock, shares and the audit log are consistent), runs once
(nothing happens when the demo already has sales or inquiries), and sells far less than it
takes in, so no demo product is shown sold out.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Site

from cms.models import Availability, ProductPage
from orders.models import (
    Channel,
    Inquiry,
    InquiryLine,
    InquiryStatus,
    MovementKind,
    PaymentStatus,
    ProductStock,
    Sale,
    ShareSettings,
    ShippingStatus,
)
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement

# Demo percentages, for the reports to show something; the head sets the real ones.
DEMO_PREMI, DEMO_PNBP = Decimal("15.00"), Decimal("20.00")
DEMO_SALES = 24


def seed_orders(seed: int) -> None:
    if Sale.objects.exists() or Inquiry.objects.exists():
        return
    rng = random.Random(seed)  # noqa: S311 (demo choices, not secrets)
    clerk = get_user_model().objects.get(username="clerk")
    products = list(ProductPage.objects.live().exclude(code=None).order_by("code"))
    shares()
    take_in(products, clerk, rng)
    sell(products, clerk, rng)
    inquiries(products, clerk)


def shares():
    settings = ShareSettings.for_site(Site.objects.get(is_default_site=True))
    settings.premi_percent, settings.pnbp_percent = DEMO_PREMI, DEMO_PNBP
    settings.save()


def take_in(products, clerk, rng):
    """A production intake of every ready-stock product, and its cost of goods (HPP)."""
    for product in products:
        if product.availability == Availability.READY_STOCK:
            record_movement(product, rng.randint(8, 20), MovementKind.INTAKE, clerk)
        stock, _created = ProductStock.objects.get_or_create(product=product)
        stock.cost_of_goods = product.price * 55 // 100
        stock.save(update_fields=["cost_of_goods"])


def sell(products, clerk, rng):
    """Sales over the last five weeks across the channels; the last one is voided."""
    channels = list(Channel.objects.exclude(code="whatsapp"))
    today = timezone.localdate()
    sellable = [p for p in products if p.availability != Availability.SOLD_OUT]
    for number in range(DEMO_SALES):
        channel = rng.choice(channels + [Channel.objects.get(code="whatsapp")] * 3)
        chosen = rng.sample(sellable, k=rng.choice([1, 1, 2]))
        sale = Sale(
            channel=channel,
            date=today - timedelta(days=rng.randint(0, 35)),
            external_reference=f"DEMO{number + 1:04d}" if channel.kind == "marketplace" else "",
            payment_status=PaymentStatus.PAID,
            shipping_status=ShippingStatus.DELIVERED,
        )
        lines = [
            LineInput(product, 1, discount=rng.choice([0, 0, product.price // 10]))
            for product in chosen
        ]
        record_sale(sale, lines, clerk)
    void_sale(sale, "Pembeli membatalkan pesanan (demo).", clerk)


def inquiries(products, clerk):
    batik, sandals = products[0], next(p for p in products if p.code.startswith("SDL"))
    whatsapp = Channel.objects.get(code="whatsapp")
    site = Site.objects.get(is_default_site=True)
    new = Inquiry.objects.create(
        site=site,
        channel=whatsapp,
        customer_name="Ibu Ratna",
        customer_contact="0812-1111-2222",
        message=f"Halo, saya ingin memesan {batik.title} (kode {batik.code}).",
    )
    InquiryLine.objects.create(inquiry=new, product=batik, quantity=1)
    hotel = Inquiry.objects.create(
        site=site,
        channel=Channel.objects.get(code="direct"),
        customer_name="Bagian pengadaan",
        organisation="Hotel Pantai Indah",
        message="Penawaran 100 pasang sandal hotel untuk bulan depan.",
        status=InquiryStatus.ANSWERED,
        assigned_to=clerk,
    )
    InquiryLine.objects.create(inquiry=hotel, product=sandals, quantity=100)
