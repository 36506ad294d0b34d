"""Inquiries through the admin, as a clerk: found by the code a WhatsApp message quotes,
then converted to a sale without retyping."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from institutions.models import InstitutionLogEntry
from orders.models import Inquiry, InquiryStatus, ProductStock, Sale
from tests.orders.test_admin_sales import row_with

INQUIRIES = "/admin/orders/inquiry/"
MESSAGE = (
    "Halo, saya ingin memesan Batik Tulis Parang (kode btk 001). https://lapas.example/katalog/"
)


def inquiry_form(channel, *lines, **fields):
    return nested_form_data(
        {
            "channel": channel.pk,
            "status": "new",
            "assigned_to": "",
            "customer_name": "Pak Budi",
            "customer_contact": "0812-3456-7890",
            "organisation": "",
            "message": MESSAGE,
            "lines": inline_formset(
                [{"product": product.pk, "quantity": quantity} for product, quantity in lines],
                min=1,
            ),
            **fields,
        }
    )


def test_a_pasted_whatsapp_message_opens_an_inquiry_for_its_product(clerk_client, batik, whatsapp):
    response = clerk_client.get(INQUIRIES + "create/", {"find": MESSAGE})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_lines-0-product-title">BTK-001 — Batik Tulis Parang</div>' in page
    assert f'name="lines-0-product" value="{batik.pk}"' in page
    assert f'<option value="{whatsapp.pk}" selected>WhatsApp</option>' in page
    assert "kode btk 001" in page  # the message is kept with the inquiry


def test_a_quantity_written_in_words_reaches_the_inquiry_line(clerk_client, batik, whatsapp):
    message = "Halo, saya mau pesan dua buah BTK-001 dan selusin lagi nanti"
    page = clerk_client.get(INQUIRIES + "create/", {"find": message}).content.decode()

    assert 'name="lines-0-quantity" value="2"' in page


def test_a_quantity_before_the_code_is_not_taken_for_a_code(clerk_client, batik, whatsapp):
    """ "perlu 300" has the shape of a code (letters, then digits) but no product has it."""
    message = "Kami perlu 300 BTK-001 untuk seragam, bisa?"
    page = clerk_client.get(INQUIRIES + "create/", {"find": message}).content.decode()

    assert 'name="lines-0-quantity" value="300"' in page
    assert 'name="lines-1-product"' not in page


def test_the_inquiry_list_shows_the_products_and_channel(clerk_client, batik, whatsapp):
    clerk_client.post(INQUIRIES + "create/", inquiry_form(whatsapp, (batik, 2)))

    row = row_with(clerk_client.get(INQUIRIES).content.decode(), "2 × BTK-001")

    assert "WhatsApp" in row and "Pak Budi" in row


def test_the_find_box_is_on_the_list(clerk_client):
    page = clerk_client.get(INQUIRIES).content.decode()
    assert 'name="find"' in page and 'action="/admin/orders/inquiry/create/"' in page


def test_a_clerk_records_an_inquiry_and_converts_it_to_a_sale(clerk_client, clerk, batik, whatsapp):
    response = clerk_client.post(INQUIRIES + "create/", inquiry_form(whatsapp, (batik, 2)))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.created_by, inquiry.status, inquiry.lines.get().quantity) == (clerk, "new", 2)
    created = InstitutionLogEntry.objects.get(
        action="wagtail.create", content_type__model="inquiry"
    )
    assert created.user == clerk

    preview = clerk_client.get(f"{INQUIRIES}convert/{inquiry.pk}/").content.decode()
    assert "300.000" in preview  # 2 × Rp 150,000 at today's price
    assert clerk_client.post(f"{INQUIRIES}convert/{inquiry.pk}/").status_code == 302

    inquiry.refresh_from_db()
    sale = Sale.objects.get()
    assert inquiry.status == InquiryStatus.CONVERTED and inquiry.sale == sale
    assert (sale.channel, sale.customer_name, sale.total_net) == (whatsapp, "Pak Budi", 300000)
    assert ProductStock.objects.get(product=batik).quantity == 3
    assert InstitutionLogEntry.objects.filter(action="orders.convert", user=clerk).exists()
    history = clerk_client.get(f"{INQUIRIES}history/{inquiry.pk}/").content.decode()
    assert "Converted to a sale" in history
    # Converted once only.
    assert clerk_client.post(f"{INQUIRIES}convert/{inquiry.pk}/").status_code == 302
    assert Sale.objects.count() == 1


def test_converting_more_than_in_stock_is_refused_and_the_inquiry_stays_open(
    clerk_client, batik, whatsapp
):
    clerk_client.post(INQUIRIES + "create/", inquiry_form(whatsapp, (batik, 8)))
    inquiry = Inquiry.objects.get()

    response = clerk_client.post(f"{INQUIRIES}convert/{inquiry.pk}/", follow=True)

    assert "Only 5 of BTK-001 in stock: 8 cannot be sold" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW and not Sale.objects.exists()


def test_converted_status_is_set_by_converting_only(clerk_client, batik, whatsapp):
    response = clerk_client.post(
        INQUIRIES + "create/", inquiry_form(whatsapp, (batik, 1), status="converted")
    )
    assert "Use “Convert to sale”" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_manager_cannot_see_inquiries(client, manager):
    client.force_login(manager)
    assert client.get(INQUIRIES).status_code in (302, 403)
