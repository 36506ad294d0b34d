"""The orders admin speaks Bahasa Indonesia by default, like the rest of the admin."""

import re

from django.utils import translation

from orders.models import Sale
from orders.recording import LineInput, record_sale


def test_a_clerk_reads_the_orders_admin_in_indonesian(client, clerk, batik, whatsapp):
    record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    translation.deactivate()  # as in a fresh request: the site's default language
    client.force_login(clerk)

    sales = client.get("/admin/orders/sale/").content.decode()
    assert "Baru dengan produk ini" in sales and "Batalkan" in sales
    response = client.post("/admin/orders/sale/create/", {"channel": whatsapp.pk})
    assert "Produk" in response.content.decode()
    refused = client.get("/admin/orders/sale/create/", {"find": "XYZ-999"}, follow=True)
    assert "Tidak ada produk dengan kode dalam “XYZ-999”" in refused.content.decode()


def test_the_chart_keeps_decimal_points_in_indonesian(client, head, clerk, batik, whatsapp):
    record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    translation.deactivate()
    client.force_login(head)

    page = client.get("/admin/").content.decode()
    chart = page.split('class="orders-chart"')[1].split("</svg>")[0]
    assert "Penjualan" in page and "Rp 150.000" in chart
    assert re.search(r'width="\d+\.\d"', chart) and not re.search(r'="\d+,\d', chart)
