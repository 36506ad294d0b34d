"""Sales through the admin, as a clerk: record, refuse an oversell, void, search and filter."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from institutions.models import InstitutionLogEntry, Role
from orders.models import MovementKind, ProductStock, Sale, StockMovement
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement
from tests.factories import ProductPageFactory

SALES = "/admin/orders/sale/"


def row_with(page, text):
    """The table row of a list page that holds the text."""
    before, found, after = page.partition(text)
    assert found, f"{text!r} is not listed"
    return before[before.rindex("<tr") :] + text + after[: after.index("</tr>")]


def sale_form(channel, *lines, **fields):
    return nested_form_data(
        {
            "channel": channel.pk,
            "external_reference": "",
            "date": "2026-11-20",
            "payment_status": "paid",
            "shipping_status": "handed_over",
            "customer_name": "Ibu Sari",
            "customer_contact": "0812-0000-1111",
            "organisation": "",
            "note": "",
            "lines": inline_formset(
                [
                    {"product": product.pk, "quantity": quantity, "unit_price": "", "discount": 0}
                    for product, quantity in lines
                ],
                min=1,
            ),
            **fields,
        }
    )


def test_a_clerk_records_a_sale_and_the_stock_goes_down(clerk_client, clerk, batik, whatsapp):
    response = clerk_client.post(SALES + "create/", sale_form(whatsapp, (batik, 2)))

    assert response.status_code == 302
    sale = Sale.objects.get()
    assert (sale.total_net, sale.recorded_by, sale.customer_name) == (300000, clerk, "Ibu Sari")
    line = sale.lines.get()
    assert (line.unit_price, line.quantity) == (150000, 2)  # the product's price that day
    assert ProductStock.objects.get(product=batik).quantity == 3
    movement = StockMovement.objects.get(sale=sale)
    assert (movement.kind, movement.quantity, movement.created_by) == ("sale", -2, clerk)
    assert InstitutionLogEntry.objects.filter(action="wagtail.create", user=clerk).count() == 2


def test_an_oversell_is_refused_with_a_clear_message(clerk_client, batik, whatsapp):
    response = clerk_client.post(SALES + "create/", sale_form(whatsapp, (batik, 9)), follow=True)

    assert response.status_code == 200
    assert "Only 5 of BTK-001 in stock: 9 cannot be sold" in response.content.decode()
    assert not Sale.objects.exists()
    assert ProductStock.objects.get(product=batik).quantity == 5


def test_an_order_number_is_unique_per_channel(clerk_client, clerk, batik, shopee, tokopedia):
    record_sale(
        Sale(channel=shopee, external_reference="2611150001ABCD"), [LineInput(batik, 1)], clerk
    )
    duplicate = sale_form(shopee, (batik, 1), external_reference="2611150001ABCD")

    response = clerk_client.post(SALES + "create/", duplicate)

    assert "already has a sale with this number" in response.content.decode()
    assert Sale.objects.count() == 1
    other_channel = sale_form(tokopedia, (batik, 1), external_reference="2611150001ABCD")
    assert clerk_client.post(SALES + "create/", other_channel).status_code == 302


def test_voiding_asks_for_a_reason_and_returns_the_stock(clerk_client, clerk, batik, whatsapp):
    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 2)], clerk)
    void_url = f"{SALES}void/{sale.pk}/"

    response = clerk_client.post(void_url, {"reason": "  "})
    assert "This field is required" in response.content.decode()
    assert not Sale.objects.get().is_voided

    assert clerk_client.post(void_url, {"reason": "Customer never paid"}).status_code == 302
    sale.refresh_from_db()
    assert sale.is_voided and sale.voided_by == clerk
    assert ProductStock.objects.get(product=batik).quantity == 5
    assert StockMovement.objects.get(kind=MovementKind.VOID).quantity == 2
    entry = InstitutionLogEntry.objects.get(action="orders.void")
    assert entry.user == clerk and entry.data["reason"] == "Customer never paid"
    history = clerk_client.get(f"{SALES}history/{sale.pk}/").content.decode()
    assert "Voided: Customer never paid" in history
    # A voided sale is not voided twice, nor edited.
    assert clerk_client.get(void_url).status_code == 302
    assert clerk_client.get(f"{SALES}edit/{sale.pk}/").status_code == 302


def test_nobody_deletes_a_sale(client, superuser_client, clerk, batik, whatsapp):
    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    response = superuser_client.post(f"{SALES}delete/{sale.pk}/")
    assert response.status_code == 302 and Sale.objects.filter(pk=sale.pk).exists()


def test_editing_changes_the_statuses_not_the_lines(clerk_client, clerk, batik, whatsapp):
    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 2)], clerk)
    response = clerk_client.post(
        f"{SALES}edit/{sale.pk}/",
        {
            "payment_status": "refunded",
            "shipping_status": "shipped",
            "customer_name": "Ibu Sari",
            "customer_contact": "",
            "organisation": "",
            "note": "Sent by JNE",
        },
    )
    assert response.status_code == 302
    sale.refresh_from_db()
    assert (sale.payment_status, sale.shipping_status, sale.total_net) == (
        "refunded",
        "shipped",
        300000,
    )
    assert InstitutionLogEntry.objects.filter(action="wagtail.edit", user=clerk).exists()


def test_search_by_code_or_order_number_and_filters(
    clerk_client, clerk, batik, make_product, whatsapp, shopee
):
    sandals = make_product("SDL-003", stock=5)
    by_batik = record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    by_order = record_sale(
        Sale(channel=shopee, external_reference="2611150002EFGH", payment_status="unpaid"),
        [LineInput(sandals, 1)],
        clerk,
    )

    def listed(query):
        response = clerk_client.get(SALES, query)
        assert response.status_code == 200
        return {sale.pk for sale in response.context["object_list"]}

    assert listed({"q": "btk 001"}) == {by_batik.pk}
    assert listed({"q": "2611150002"}) == {by_order.pk}
    assert listed({"channel": shopee.pk}) == {by_order.pk}
    assert listed({"payment_status__exact": "unpaid"}) == {by_order.pk}
    assert listed({"month": by_batik.date.strftime("%Y-%m"), "voided": "no"}) == {
        by_batik.pk,
        by_order.pk,
    }
    assert listed({"voided": "yes"}) == set()
    today = by_batik.date
    assert listed({"date__gte": today.isoformat(), "date__lt": "2999-01-01"}) == {
        by_batik.pk,
        by_order.pk,
    }
    assert listed({"date__gte": "2000-01-01", "date__lt": today.isoformat()}) == set()
    assert "150.000" in clerk_client.get(SALES).content.decode()  # totals written in rupiah


def test_find_by_code_opens_a_new_sale_with_the_product_and_its_price(clerk_client, batik):
    response = clerk_client.get(SALES + "create/", {"find": " btk001 "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_lines-0-product-title">BTK-001 — Batik Tulis Parang</div>' in page
    assert f'name="lines-0-product" value="{batik.pk}"' in page
    assert 'name="lines-0-unit_price" value="150000"' in page
    missing = clerk_client.get(SALES + "create/", {"find": "XYZ-999"}, follow=True)
    assert "No product has a code in" in missing.content.decode()


@pytest.mark.parametrize(
    ("message", "quantity"),
    [
        ("Halo, saya mau pesan dua buah BTK-001 ya", 2),
        ("tiga BTK-001", 3),
        ("sepuluh pcs btk 001", 10),
        ("sebelas BTK001", 11),
        ("dua belas BTK-001", 12),
        ("selusin BTK-001", 12),
        ("lusin BTK-001", 12),
        ("dua lusin BTK-001", 24),
        ("sekodi BTK-001", 20),
        ("kodi BTK-001", 20),
        ("tiga puluh lima BTK-001", 35),
        ("pesan 4 buah BTK-001", 4),
        ("Halo, saya mau pesan Batik Tulis Parang (kode BTK-001)", 1),
    ],
)
def test_a_pasted_message_gives_the_quantity_written_in_words(
    clerk_client, batik, message, quantity
):
    page = clerk_client.get(SALES + "create/", {"find": message}).content.decode()
    assert f'name="lines-0-quantity" value="{quantity}"' in page


def test_the_product_chooser_offers_the_sellable_products_by_code_or_name(
    clerk_client, batik, make_product, bandung_catalog
):
    make_product("BTK-002", title="Batik Kawung (draft)", live=False)
    bandung_catalog_page, bandung_workshop = bandung_catalog
    ProductPageFactory(
        parent=bandung_catalog_page, workshop=bandung_workshop, code="BTK-003", with_photo=False
    )

    def offered(term):
        response = clerk_client.get("/admin/sellable_products/results/", {"q": term})
        assert response.status_code == 200
        return {
            code for code in ("BTK-001", "BTK-002", "BTK-003") if code in response.content.decode()
        }

    assert offered("btk") == offered("BTK 001") == offered("parang") == {"BTK-001"}
    assert offered("kawung") == set()
    chosen = clerk_client.get(f"/admin/sellable_products/chosen/{batik.pk}/").json()
    assert chosen["result"]["price"] == 150000
    assert chosen["result"]["title"] == "BTK-001 — Batik Tulis Parang"


def test_a_sale_of_an_unpublished_or_foreign_product_is_refused(
    clerk_client, make_product, bandung_catalog, whatsapp
):
    draft = make_product("BTK-002", stock=5, live=False)
    bandung_catalog_page, bandung_workshop = bandung_catalog
    foreign = ProductPageFactory(
        parent=bandung_catalog_page, workshop=bandung_workshop, code="BTK-003", with_photo=False
    )
    for product in (draft, foreign):
        assert clerk_client.get(f"/admin/sellable_products/chosen/{product.pk}/").status_code == 404
        response = clerk_client.post(SALES + "create/", sale_form(whatsapp, (product, 1)))
        assert "Select a valid choice" in response.content.decode()
    assert not Sale.objects.exists()


def test_the_sales_list_shows_each_sale_s_products_and_channel(
    clerk_client, clerk, batik, make_product, shopee
):
    sandals = make_product("SDL-003", stock=5)
    record_sale(Sale(channel=shopee), [LineInput(batik, 2), LineInput(sandals, 1)], clerk)

    page = clerk_client.get(SALES).content.decode()

    row = row_with(page, "2 × BTK-001, 1 × SDL-003")
    assert "Shopee" in row and "450.000" in row


def test_voiding_a_voided_sale_says_it_was_already_voided(clerk_client, clerk, batik, whatsapp):
    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 2)], clerk)
    void_sale(sale, "Entered twice", clerk)

    response = clerk_client.get(f"{SALES}void/{sale.pk}/", follow=True)

    assert response.status_code == 200
    assert "This sale was already voided." in response.content.decode()
    assert "permission" not in response.content.decode()
    assert StockMovement.objects.filter(sale=sale, kind=MovementKind.VOID).count() == 1


def test_a_sale_of_another_institution_stays_out_of_reach_once_voided(
    client, member_of, bandung, clerk, batik, whatsapp
):
    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    void_sale(sale, "Entered twice", clerk)
    client.force_login(member_of(bandung, Role.CLERK, "clerk_bandung"))

    response = client.get(f"{SALES}void/{sale.pk}/", follow=True)

    assert "already voided" not in response.content.decode()


def test_a_manager_is_refused_and_sees_no_sales_in_the_menu(client, manager, officer):
    for user in (manager, officer):
        client.force_login(user)
        assert client.get(SALES).status_code in (302, 403)
        assert client.get(SALES + "create/").status_code in (302, 403)
        assert client.get("/admin/orders/report/").status_code in (302, 403)
        home = client.get("/admin/").content.decode()
        for address in (SALES, "/admin/orders/inquiry/", "/admin/orders/report/"):
            assert address not in home
    # Managers read their workshop's quotations (tests/orders/test_quotations.py); officers
    # have nothing in the orders menu.
    assert "/admin/orders/" not in home


def test_the_sales_list_asks_the_same_queries_for_one_sale_or_many(
    clerk_client, clerk, batik, whatsapp
):
    """Each row's buttons ask whether the sale is the clerk's institution's: the list answers
    that for all of them (a year of sales lists 100 rows a page)."""
    record_movement(batik, 20, MovementKind.INTAKE, clerk)

    def queries_of_the_list():
        clerk_client.get("/admin/orders/sale/")  # sessions and caches settled
        with CaptureQueriesContext(connection) as queries:
            assert clerk_client.get("/admin/orders/sale/").status_code == 200
        return len(queries)

    record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    one = queries_of_the_list()
    for _ in range(5):
        record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)

    assert queries_of_the_list() == one


def test_the_indonesian_admin_says_what_happened_in_sentences(client, clerk, batik, whatsapp):
    """Wagtail's Indonesian error put the model's name first in lower case ("penjualan tidak
    dapat dibuat…"), and voiding a voided sale said "no permission"."""
    translation.deactivate()  # as in a fresh request: the site's default language
    client.force_login(clerk)

    refused = client.post(SALES + "create/", sale_form(whatsapp, (batik, 9))).content.decode()
    assert "Penjualan tidak dapat dibuat karena kesalahan." in refused
    assert "penjualan tidak dapat dibuat" not in refused

    sale = record_sale(Sale(channel=whatsapp), [LineInput(batik, 1)], clerk)
    void_sale(sale, "Dicatat dua kali", clerk)
    again = client.get(f"{SALES}void/{sale.pk}/", follow=True).content.decode()
    assert "Penjualan ini sudah dibatalkan." in again
