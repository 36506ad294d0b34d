"""The orders panel on the admin's home page: the month at a glance, for the head only."""

from django.utils import timezone

from orders.models import Inquiry, ProductStock, Sale
from orders.recording import LineInput, record_sale


def test_the_head_sees_the_month_with_a_chart(
    head_client, clerk, batik, make_product, whatsapp, home
):
    sandals = make_product("SDL-003", stock=4, title="Sandal Hotel")
    ProductStock.objects.filter(product=sandals).update(low_stock_threshold=5)
    today = timezone.localdate()
    record_sale(Sale(channel=whatsapp, date=today), [LineInput(batik, 2)], clerk)
    record_sale(Sale(channel=whatsapp, date=today), [LineInput(sandals, 1)], clerk)
    Inquiry.objects.create(site=home.get_site(), channel=whatsapp, message="Ada ukuran L?")

    page = head_client.get("/admin/").content.decode()

    assert 'id="orders-month"' in page
    assert "2 sales, Rp 450.000." in page  # 2 × 150.000 + 150.000
    assert "1 open inquiry." in page
    assert "BTK-001 Batik Tulis Parang: 2 (Rp 300.000)" in page  # the top product first
    assert "SDL-003 Sandal Hotel: 3" in page  # low stock: 3 left, warned at 5
    assert "<svg" in page and f"{today:%-d %b}: Rp 450.000" in page
    assert "<script" not in page.split('id="orders-month"')[1].split("</section>")[0]


def test_clerks_and_managers_do_not_get_the_panel(client, clerk, manager):
    for user in (clerk, manager):
        client.force_login(user)
        assert 'id="orders-month"' not in client.get("/admin/").content.decode()
