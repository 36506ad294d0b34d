"""A clerk's day in the Indonesian admin, in a real browser: a pasted WhatsApp message becomes
an inquiry and then a sale, a gallery sale is recorded through the product chooser, a Shopee
export is imported, a sale is voided with a reason, and the home page sums up the day."""

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from cms.models import Availability
from orders.models import Inquiry, MovementKind, Sale
from orders.stock import record_movement
from tests.factories import ProductPageFactory
from tests.orders.exports import SHOPEE_HEADER, csv_file, shopee_row

# The migrations' channels, groups and institution are flushed by a transactional test:
# restored for this one whatever ran before it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MESSAGE = "Halo, saya mau pesan dua buah BTK-001 untuk kantor. Terima kasih."
ORDER_NUMBER = "2612020001SHPE"
# Enough tries for a background import on a busy machine; each one reloads the list.
IMPORT_CHECKS = 40


def product(catalog, workshop, category, code, title, stock):
    page = ProductPageFactory(
        parent=catalog,
        workshop=workshop,
        category=category,
        code=code,
        title=title,
        price=150000,
        availability=Availability.READY_STOCK,
        with_photo=False,
    )
    record_movement(page, stock, MovementKind.INTAKE, None)
    return page


def wait_for_listed(page, url, text):
    """Reload `url` until it lists `text`: an import may finish in the background."""
    for _check in range(IMPORT_CHECKS):
        page.goto(url)
        if page.get_by_text(text).count():
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{text} never appeared on {url}")


def test_a_clerk_s_day(login, live_server, clerk, catalog, workshop, category):
    product(catalog, workshop, category, "BTK-001", "Batik Tulis Parang", stock=6)
    product(catalog, workshop, category, "SDL-003", "Sandal Hotel", stock=10)
    admin = f"{live_server.url}/admin"
    page = login(clerk)

    # The WhatsApp message, pasted: an inquiry for two batik cloths.
    page.goto(f"{admin}/orders/inquiry/")
    page.fill("#orders-find", MESSAGE)
    page.locator("form.orders-find button[type=submit]").click()
    expect(page.locator("#id_lines-0-product-title")).to_have_text("BTK-001 — Batik Tulis Parang")
    expect(page.locator("#id_lines-0-quantity")).to_have_value("2")
    page.fill("#id_customer_name", "Ibu Sari")
    page.locator("button.action-save").click()
    expect(page.locator(".messages")).to_contain_text("Ibu Sari")

    # Converted to a sale without retyping.
    page.get_by_role("link", name="Jadikan penjualan").first.click()
    page.get_by_role("button", name="Catat penjualan").click()
    expect(page.locator(".messages")).to_contain_text("dijadikan penjualan")
    converted = Inquiry.objects.get().sale
    assert [(line.product.code, line.quantity) for line in converted.lines.all()] == [
        ("BTK-001", 2)
    ]

    # A gallery sale: the product searched by name, its price filled in on choosing it.
    page.goto(f"{admin}/orders/sale/create/")
    page.select_option("#id_channel", label="Galeri ruang kunjungan")
    page.locator("#id_lines-0-product-chooser .chooser__choose-button").click()
    page.locator(".modal input[name=q]").fill("parang")
    page.locator(".modal").get_by_role("link", name="Batik Tulis Parang").click()
    expect(page.locator("#id_lines-0-unit_price")).to_have_value("150000")
    page.locator("button.action-save").click()
    expect(page.locator(".messages")).to_contain_text("Rp 150.000")

    # The day's Shopee orders, uploaded as the seller centre exports them.
    today = timezone.localdate()
    export = csv_file(
        SHOPEE_HEADER,
        [
            shopee_row(
                ORDER_NUMBER,
                "SDL-003",
                quantity="2",
                **{"Waktu Pesanan Dibuat": f"{today:%Y-%m-%d} 09:30"},
            )
        ],
    )
    page.goto(f"{admin}/orders/import/create/")
    page.select_option("#id_channel", label="Shopee")
    page.set_input_files(
        "#id_file", {"name": "Order.all.csv", "mimeType": "text/csv", "buffer": export}
    )
    page.get_by_role("button", name="Pratinjau").click()
    expect(page.get_by_text(ORDER_NUMBER)).to_be_visible()
    page.get_by_role("button", name="Impor penjualan ini").click()
    wait_for_listed(page, f"{admin}/orders/sale/", ORDER_NUMBER)

    # The Shopee order was cancelled by the buyer after all: voided, with the reason.
    imported = Sale.objects.get(external_reference=ORDER_NUMBER)
    page.goto(f"{admin}/orders/sale/void/{imported.pk}/")
    page.fill("textarea[name=reason]", "Dibatalkan pembeli di Shopee")
    page.get_by_role("button", name="Batalkan penjualan ini").click()
    expect(page.locator(".messages")).to_contain_text("dibatalkan; stoknya sudah kembali")
    page.goto(f"{admin}/orders/sale/void/{imported.pk}/")
    expect(page.locator(".messages")).to_contain_text("Penjualan ini sudah dibatalkan.")

    # The home page sums up the day: two valid sales, the batik running low, no inquiry left.
    page.goto(f"{admin}/")
    panel = page.locator("#orders-today")
    expect(panel).to_contain_text("2 penjualan hari ini, Rp 450.000.")
    expect(panel).to_contain_text("BTK-001 Batik Tulis Parang: 3")
    expect(panel).to_contain_text("Tidak ada pertanyaan terbuka.")
    expect(panel).not_to_contain_text("SDL-003")
