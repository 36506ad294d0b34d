"""The orders panels on the admin's home page: the month at a glance for the head, the day's
work for a clerk."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from institutions.models import Role
from orders.models import Inquiry, InquiryStatus, ProductStock, Sale
from orders.recording import LineInput, record_sale, void_sale


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


def test_clerks_and_managers_do_not_get_the_month(client, clerk, manager):
    for user in (clerk, manager):
        client.force_login(user)
        assert 'id="orders-month"' not in client.get("/admin/").content.decode()
    assert 'id="orders-today"' not in client.get("/admin/").content.decode()  # the manager


def test_a_clerk_sees_their_open_inquiries_low_stock_and_today_s_sales(
    clerk_client, clerk, make_product, whatsapp, home, django_user_model
):
    """Before, the clerk's home page was empty while the head's listed this."""
    sandals = make_product("SDL-003", stock=4, title="Sandal Hotel")
    ProductStock.objects.filter(product=sandals).update(low_stock_threshold=5)
    batik = make_product("BTK-001", stock=9)
    today = timezone.localdate()
    record_sale(Sale(channel=whatsapp, date=today), [LineInput(batik, 2)], clerk)
    voided = record_sale(Sale(channel=whatsapp, date=today), [LineInput(batik, 1)], clerk)
    void_sale(voided, "Entered twice", clerk)
    yesterday = today - timedelta(days=1)
    record_sale(Sale(channel=whatsapp, date=yesterday), [LineInput(batik, 1)], clerk)
    site = home.get_site()
    other_clerk = django_user_model.objects.create_user("second_clerk")
    other_clerk.groups.add(Group.objects.get(name=Role.CLERK))
    Inquiry.objects.create(site=site, channel=whatsapp, customer_name="Ibu Sari", assigned_to=clerk)
    Inquiry.objects.create(site=site, channel=whatsapp, customer_name="Pak Budi")
    Inquiry.objects.create(
        site=site, channel=whatsapp, customer_name="Bu Rina", status=InquiryStatus.LOST
    )
    Inquiry.objects.create(
        site=site, channel=whatsapp, customer_name="Pak Andi", assigned_to=other_clerk
    )

    page = clerk_client.get("/admin/").content.decode()
    panel = page.split('id="orders-today"')[1].split("</section>")[0]

    assert "1 sale today, Rp 300.000." in panel  # the voided and yesterday's left out
    assert "Ibu Sari" in panel
    assert "(not assigned yet)" in panel.split("Pak Budi")[1].split("</li>")[0]
    assert "Bu Rina" not in panel and "Pak Andi" not in panel
    assert "SDL-003 Sandal Hotel: 4" in panel
    assert 'id="orders-month"' not in page
