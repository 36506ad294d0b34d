"""A business buyer's whole path in the Indonesian admin, in a real browser: the clerk records a
hotel's WhatsApp message as an inquiry and answers it with a quotation (its PDF says the total
in words), the head approves it, the clerk records the buyer's acceptance, the workshop's
manager records what was made, the clerk delivers in two parts and records the invoice's
payment; the next bake shows the workshop's record on its public page."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from django.utils import timezone, translation

from cms.models import Availability, InstitutionSettings
from cms.models.pages.product import PriceTier
from orders.models import (
    BusinessRecordSettings,
    Inquiry,
    MovementKind,
    ProductionOrder,
    Quotation,
    QuotationSettings,
    Sale,
)
from orders.money import terbilang
from orders.stock import record_movement
from sitegen.bake import bake
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

# The migrations' channels, groups and institution are flushed by a transactional test:
# restored for this one whatever ran before it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# 300 towels at the 100+ tier: Rp 6.000.000, above the head's approval amount.
TOTAL = 300 * 20000


# The hotel's WhatsApp message, as the clerk pastes it.
MESSAGE = "Selamat siang, kami dari Hotel Santika memerlukan sebanyak 300 lembar HDK-001 berlogo."


@pytest.fixture
def towels(home, catalog, workshop, category):
    """Hotel towels, 120 in stock, Rp 25.000 each and Rp 20.000 from 100, on a published site
    that shows the business record."""
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    site = home.get_site()
    institution = InstitutionSettings.for_site(site)
    institution.institution_name = "Lapas Kelas I Contoh"
    institution.save()
    letters = QuotationSettings.for_site(site)
    letters.institution_code, letters.approval_threshold = "LPC", 5_000_000
    letters.save()
    record = BusinessRecordSettings.for_site(site)
    record.show_on_public_site = True
    record.save()
    towels = publish(
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=category,
            code="HDK-001",
            title="Handuk Hotel",
            unit="lembar",
            price=25000,
            availability=Availability.READY_STOCK,
            price_tiers=[PriceTier(minimum_quantity=100, unit_price=20000)],
            with_photo=False,
        )
    )
    record_movement(towels, 120, MovementKind.INTAKE, None)
    return towels


def press(page, action, pk):
    """The button of the form that posts to an action of the record's page."""
    page.locator(f"form[action$='/{action}/{pk}/'] button[type=submit]").click()


def test_from_a_hotel_s_inquiry_to_the_workshop_s_public_record(
    login, live_server, towels, workshop, clerk, head, manager, build_dir
):
    admin = f"{live_server.url}/admin"
    clerk_page = login(clerk)

    # The clerk pastes the hotel's message: an inquiry for 300 towels, on WhatsApp.
    clerk_page.goto(f"{admin}/orders/inquiry/")
    clerk_page.fill("#orders-find", MESSAGE)
    clerk_page.locator("form.orders-find button[type=submit]").click()
    expect(clerk_page.locator("#id_lines-0-product-title")).to_have_text("HDK-001 — Handuk Hotel")
    expect(clerk_page.locator("#id_lines-0-quantity")).to_have_value("300")
    clerk_page.fill("#id_customer_name", "Ibu Ratna")
    clerk_page.fill("#id_organisation", "Hotel Santika")
    clerk_page.locator("button.action-save").click()
    expect(clerk_page.locator(".messages")).to_contain_text("Ibu Ratna")
    inquiry = Inquiry.objects.get()
    assert (inquiry.channel.code, inquiry.message, inquiry.created_by) == (
        "whatsapp",
        MESSAGE,
        clerk,
    )

    # The clerk answers the inquiry with a quotation at the tier price.
    offer = clerk_page.get_by_role("link", name="Buat surat penawaran").first
    clerk_page.goto(live_server.url + offer.get_attribute("href"))
    clerk_page.fill("#id_lead_time", "3 minggu setelah DP")
    clerk_page.locator("button.action-save").click()
    clerk_page.wait_for_url("**/orders/quotation/inspect/*/")
    quotation = Quotation.objects.get()
    letter = clerk_page.request.get(f"{admin}/orders/quotation/pdf/{quotation.pk}/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.body())).pages)
    assert quotation.number in text and f"{terbilang(TOTAL)} rupiah" in text

    # Above the amount, the head approves it before it is sent.
    head_page = login(head)
    head_page.goto(f"{admin}/orders/quotation/inspect/{quotation.pk}/")
    press(head_page, "approve", quotation.pk)
    expect(head_page.locator(".messages")).to_contain_text("disetujui")
    clerk_page.reload()
    press(clerk_page, "send", quotation.pk)

    # The hotel accepts: the order reserves the 120 in stock; 180 are made to order.
    clerk_page.fill("#id_promised_date", timezone.localdate().isoformat())
    press(clerk_page, "accept", quotation.pk)
    clerk_page.wait_for_url("**/orders/productionorder/inspect/*/")
    order = ProductionOrder.objects.get()
    line = order.lines.get()
    assert (line.reserved, line.to_make) == (120, 180)

    manager_page = login(manager)
    manager_page.goto(f"{admin}/orders/productionorder/inspect/{order.pk}/")
    manager_page.fill("#id_quantity", "180")
    press(manager_page, "progress", order.pk)
    expect(manager_page.locator(".messages")).to_contain_text("180")

    # Two deliveries, each a sale; then the invoice and its payment.
    for quantity in (100, 200):
        clerk_page.goto(f"{admin}/orders/productionorder/inspect/{order.pk}/")
        clerk_page.fill(f"#id_quantity-{line.pk}", str(quantity))
        press(clerk_page, "deliver", order.pk)
        expect(clerk_page.locator(".messages")).to_contain_text("/SJ/LPC/")
    press(clerk_page, "invoice", order.pk)
    expect(clerk_page.locator(".messages")).to_contain_text("/INV/LPC/")
    press(clerk_page, "pay", order.pk)
    expect(clerk_page.locator(".messages")).to_contain_text("lunas")

    order.refresh_from_db()
    assert order.completed_on == timezone.localdate()
    assert sorted(Sale.objects.values_list("total_net", "payment_status")) == [
        (100 * 20000, "paid"),
        (200 * 20000, "paid"),
    ]

    # The next bake: the workshop page shows its record, and no buyer (no consent).
    with translation.override("id"):
        bake()
    [html] = build_dir.glob(f"**/{workshop.slug}/index.html")
    page = html.read_text()
    assert "1 pesanan bisnis terkirim, 100% tepat waktu, 12 bulan terakhir" in page
    assert "Santika" not in page
