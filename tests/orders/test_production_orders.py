"""Production orders through the admin, each step by the role that does it: the clerk records
that the buyer accepted a quotation (stock is reserved, the rest made to order), the workshop's
manager records what was made, the clerk delivers in parts (each delivery a sale with its premi
and PNBP shares, never more than was ordered), makes the invoice and records its payment. The
letters are PDFs whose text says the numbers and the amounts in words. Staff of another
institution find none of it, whatever address they forge."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.models import Availability, ProductPage
from institutions.models import Role
from orders.models import (
    ChannelKind,
    Delivery,
    Inquiry,
    InquiryLine,
    InquiryStatus,
    MovementKind,
    PaymentStatus,
    ProductionOrder,
    ProductionProgress,
    ProductStock,
    QuotationStatus,
    Sale,
    ShareSettings,
    StockMovement,
)
from orders.money import terbilang
from orders.production import correct_progress
from tests.orders.conftest import logged_in_english
from tests.orders.test_quotations import (
    QUOTATIONS,
    action,
    file_name_read_strictly,
    is_refused,
    make_quotation,
    pdf_text,
)

ORDERS = "/admin/orders/productionorder/"
YEAR = timezone.localdate().year
PROMISED = timezone.localdate() + timedelta(days=21)


@pytest.fixture
def towels(make_product):
    """Hotel towels, 120 in stock, Rp 20.000 each (no tiers)."""
    return make_product("HDK-001", stock=120, price=20000, title="Handuk Hotel", unit="lembar")


@pytest.fixture
def shares(home):
    settings = ShareSettings.for_site(home.get_site())
    settings.premi_percent, settings.pnbp_percent = Decimal("15"), Decimal("20")
    settings.save()
    return settings


def accept(client, quotation, promised=PROMISED):
    return client.post(
        f"{QUOTATIONS}accept/{quotation.pk}/", {"promised_date": promised.isoformat()}
    )


def sent_quotation(client, *lines):
    quotation = make_quotation(client, *lines)
    action(client, quotation, "send")
    return quotation


@pytest.fixture
def order(clerk_client, towels, batik, letterhead):
    """300 towels (120 in stock) and 2 batik (5 in stock): Rp 6.300.000, approved by nobody
    since the test sends it at a threshold raised for it."""
    letterhead.approval_threshold = 100_000_000
    letterhead.save()
    quotation = sent_quotation(clerk_client, (towels, 300, ""), (batik, 2, ""))
    response = accept(clerk_client, quotation)
    order = ProductionOrder.objects.get(quotation=quotation)
    assert response.url == f"{ORDERS}inspect/{order.pk}/"
    return order


def record_progress(client, order, product, quantity, day=None):
    line = order.lines.get(product=product)
    return client.post(
        f"{ORDERS}progress/{order.pk}/",
        {"line": line.pk, "quantity": quantity, "date": (day or timezone.localdate()).isoformat()},
    )


def deliver(client, order, quantities, day=None):
    data = {"date": (day or timezone.localdate()).isoformat()}
    for product, quantity in quantities.items():
        data[f"quantity-{order.lines.get(product=product).pk}"] = quantity
    return client.post(f"{ORDERS}deliver/{order.pk}/", data)


def shown_messages(client, response) -> str:
    return client.get(response.url).content.decode()


def lines_of(order):
    return {
        line.product.code: (line.quantity, line.reserved, line.made, line.delivered)
        for line in order.lines.select_related("product")
    }


# Accepting a quotation


def test_an_accepted_quotation_becomes_an_order_reserving_only_what_is_in_stock(
    order, towels, batik
):
    order.quotation.refresh_from_db()

    assert order.quotation.status == QuotationStatus.ACCEPTED
    assert order.promised_date == PROMISED
    assert order.total == 300 * 20000 + 2 * 150000
    assert (order.organisation, order.created_by.username) == ("Hotel Santika", "clerk")
    # (ordered, reserved, made, delivered): the 180 towels stock lacks are made to order.
    assert lines_of(order) == {"HDK-001": (300, 120, 0, 0), "BTK-001": (2, 2, 0, 0)}
    assert ProductStock.objects.get(product=towels).quantity == 0
    assert ProductStock.objects.get(product=batik).quantity == 3
    reservations = StockMovement.objects.filter(kind=MovementKind.RESERVATION)
    assert sorted(reservations.values_list("quantity", flat=True)) == [-120, -2]
    # Reserved to the last one, the towels show as sold out to the public.
    assert ProductPage.objects.get(pk=towels.pk).availability == Availability.SOLD_OUT


def test_a_quotation_past_its_validity_cannot_be_accepted(clerk_client, towels, letterhead):
    quotation = sent_quotation(clerk_client, (towels, 10, ""))
    yesterday = timezone.localdate() - timedelta(days=1)
    type(quotation).objects.filter(pk=quotation.pk).update(valid_until=yesterday)

    response = accept(clerk_client, quotation)

    assert "can no longer be accepted" in shown_messages(clerk_client, response)
    assert not ProductionOrder.objects.exists()
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT
    assert ProductStock.objects.get(product=towels).quantity == 120


def test_only_a_sent_quotation_is_accepted_and_only_once(clerk_client, towels, letterhead):
    draft = make_quotation(clerk_client, (towels, 10, ""))
    sent = sent_quotation(clerk_client, (towels, 10, ""))

    refused_draft = accept(clerk_client, draft)
    accept(clerk_client, sent)
    accepted_twice = accept(clerk_client, sent)

    assert is_refused(refused_draft) and is_refused(accepted_twice)
    assert ProductionOrder.objects.count() == 1
    assert ProductStock.objects.get(product=towels).quantity == 110


# Production progress, by the workshop's manager


def test_the_manager_records_what_was_made_never_more_than_is_left(
    client, clerk_client, order, towels, manager
):
    manager_client = logged_in_english(client.__class__(), manager)

    record_progress(manager_client, order, towels, 100, date(YEAR, 1, 5))
    too_many = record_progress(manager_client, order, towels, 81)
    by_the_clerk = record_progress(clerk_client, order, towels, 1)

    assert "80 left to make" in shown_messages(manager_client, too_many)
    assert is_refused(by_the_clerk)
    assert lines_of(order)["HDK-001"] == (300, 120, 100, 0)
    page = manager_client.get(f"{ORDERS}inspect/{order.pk}/").content.decode()
    assert "100 × HDK-001" in page


# Deliveries


def test_partial_deliveries_are_sales_with_their_shares_until_the_order_is_complete(
    client, order, towels, batik, manager, clerk_client, shares
):
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 180)

    deliver(clerk_client, order, {towels: 200}, date(YEAR, 1, 10))
    order.refresh_from_db()
    assert order.completed_on is None
    deliver(clerk_client, order, {towels: 100, batik: 2}, date(YEAR, 1, 12))

    order.refresh_from_db()
    first, second = Delivery.objects.filter(order=order).order_by("pk")
    assert [first.number, second.number] == [f"001/SJ/LPC/{YEAR}", f"002/SJ/LPC/{YEAR}"]
    assert order.completed_on == date(YEAR, 1, 12)
    assert lines_of(order) == {"HDK-001": (300, 120, 180, 300), "BTK-001": (2, 2, 0, 2)}
    sale = first.sale
    [line] = sale.lines.all()
    assert sale.channel.kind == ChannelKind.DIRECT
    assert (sale.organisation, sale.external_reference) == ("Hotel Santika", first.number)
    assert sale.payment_status == PaymentStatus.UNPAID
    assert (line.quantity, line.unit_price, line.net) == (200, 20000, 4_000_000)
    assert (line.premi, line.pnbp) == (600_000, 800_000)  # 15% and 20%, as for any sale
    assert second.sale.total_net == 100 * 20000 + 2 * 150000
    # Delivered goods were reserved or made for the order: the stock is not taken twice.
    assert ProductStock.objects.get(product=towels).quantity == 0
    assert ProductStock.objects.get(product=batik).quantity == 3
    assert not StockMovement.objects.filter(kind=MovementKind.SALE).exists()


def test_delivering_more_than_was_ordered_is_refused(
    client, clerk_client, order, towels, batik, manager
):
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 180)
    deliver(clerk_client, order, {batik: 1})

    refused = deliver(clerk_client, order, {towels: 10, batik: 2})

    assert "would deliver more than was ordered" in shown_messages(clerk_client, refused)
    assert lines_of(order) == {"HDK-001": (300, 120, 180, 0), "BTK-001": (2, 2, 0, 1)}
    assert Sale.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_delivery_s_sale_cannot_be_voided_from_the_sales(clerk_client, order, towels, batik):
    deliver(clerk_client, order, {batik: 2})
    sale = Delivery.objects.get().sale

    refused = clerk_client.post(f"/admin/orders/sale/void/{sale.pk}/", {"reason": "Returned"})

    assert "cannot be voided here" in refused.content.decode()
    sale.refresh_from_db()
    assert not sale.is_voided
    assert lines_of(order)["BTK-001"] == (2, 2, 0, 2)
    assert ProductStock.objects.get(product=batik).quantity == 3


def test_what_is_not_made_yet_cannot_be_delivered(clerk_client, order, towels):
    refused = deliver(clerk_client, order, {towels: 121})

    assert "record the production first" in shown_messages(clerk_client, refused)
    assert not Sale.objects.exists()


def test_the_delivery_note_lists_what_was_delivered(clerk_client, order, towels):
    deliver(clerk_client, order, {towels: 120}, date(YEAR, 2, 3))
    delivery = Delivery.objects.get()

    text = pdf_text(
        clerk_client.get(f"{ORDERS}delivery_note/{order.pk}/", {"delivery": delivery.pk})
    )

    assert "SURAT JALAN" in text and f"001/SJ/LPC/{YEAR}" in text
    assert "HDK-001" in text and "120 lembar" in text
    assert "Hotel Santika" in text and "Lapas Kelas I Contoh" in text


# The invoice


def test_the_letters_file_names_reach_the_browser_whole_whatever_the_institution_code(
    clerk_client, order, towels, letterhead
):
    letterhead.institution_code = 'LP"É'
    letterhead.save()
    deliver(clerk_client, order, {towels: 10})
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")
    delivery = Delivery.objects.get()

    note = clerk_client.get(f"{ORDERS}delivery_note/{order.pk}/", {"delivery": delivery.pk})
    invoice = clerk_client.get(f"{ORDERS}invoice_pdf/{order.pk}/")

    assert file_name_read_strictly(note["Content-Disposition"]) == f'001-SJ-LP"É-{YEAR}.pdf'
    assert file_name_read_strictly(invoice["Content-Disposition"]) == f'001-INV-LP"É-{YEAR}.pdf'


def test_the_invoice_is_numbered_says_its_total_in_words_and_its_payment_pays_the_sales(
    clerk_client, order, towels, batik
):
    deliver(clerk_client, order, {towels: 120, batik: 2})
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")  # sent twice: still one invoice

    order.refresh_from_db()
    invoice = order.invoice
    text = pdf_text(clerk_client.get(f"{ORDERS}invoice_pdf/{order.pk}/"))
    assert invoice.number == f"001/INV/LPC/{YEAR}"
    assert invoice.total == 6_300_000
    assert "Rp 6.300.000" in text
    assert f"{terbilang(6_300_000)} rupiah" in text
    assert "enam juta tiga ratus ribu rupiah" in text
    assert "LUNAS" not in text

    clerk_client.post(
        f"{ORDERS}pay/{order.pk}/", {"paid_on": f"{YEAR}-02-10", "reference": "TRF 123"}
    )

    invoice.refresh_from_db()
    assert (invoice.paid_on, invoice.payment_reference) == (date(YEAR, 2, 10), "TRF 123")
    assert set(Sale.objects.values_list("payment_status", flat=True)) == {PaymentStatus.PAID}
    assert "LUNAS" in pdf_text(clerk_client.get(f"{ORDERS}invoice_pdf/{order.pk}/"))


def test_a_manager_reads_the_order_but_neither_delivers_nor_invoices(
    client, order, towels, manager
):
    manager_client = logged_in_english(client.__class__(), manager)

    assert manager_client.get(f"{ORDERS}inspect/{order.pk}/").status_code == 200
    assert is_refused(deliver(manager_client, order, {towels: 1}))
    assert is_refused(manager_client.post(f"{ORDERS}invoice/{order.pk}/"))
    assert not Sale.objects.exists() and not hasattr(order, "invoice")


# Another institution


def test_another_institutions_clerk_finds_no_order_delivery_or_invoice(
    client, clerk_client, order, towels, bandung, member_of
):
    deliver(clerk_client, order, {towels: 10})
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")
    delivery = Delivery.objects.get()
    their_clerk = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))
    line = order.lines.get(product=towels)

    forged = [
        their_clerk.get(f"{ORDERS}inspect/{order.pk}/"),
        their_clerk.post(
            f"{ORDERS}deliver/{order.pk}/", {"date": "2026-01-01", f"quantity-{line.pk}": 5}
        ),
        their_clerk.post(f"{ORDERS}invoice/{order.pk}/"),
        their_clerk.post(f"{ORDERS}pay/{order.pk}/", {"paid_on": "2026-01-01"}),
        their_clerk.get(f"{ORDERS}delivery_note/{order.pk}/", {"delivery": delivery.pk}),
        their_clerk.get(f"{ORDERS}invoice_pdf/{order.pk}/"),
    ]

    assert [response.status_code for response in forged] == [404] * len(forged)
    assert str(order) not in their_clerk.get(ORDERS).content.decode()
    assert Delivery.objects.count() == 1
    assert order.lines.get(product=towels).delivered == 10
    assert order.invoice.paid_on is None


# Quotations from every inquiry


def test_every_inquiry_offers_to_make_a_quotation(clerk_client, home, batik, whatsapp):
    inquiries = []
    for status in (InquiryStatus.NEW, InquiryStatus.ANSWERED, InquiryStatus.LOST):
        inquiry = Inquiry.objects.create(site=home.get_site(), channel=whatsapp, status=status)
        InquiryLine.objects.create(inquiry=inquiry, product=batik, quantity=1)
        inquiries.append(inquiry)

    listing = clerk_client.get("/admin/orders/inquiry/").content.decode()

    for inquiry in inquiries:
        link = f"{QUOTATIONS}create/?inquiry={inquiry.pk}"
        assert link in listing
        assert (
            link in clerk_client.get(f"/admin/orders/inquiry/edit/{inquiry.pk}/").content.decode()
        )


# Returns, by the clerk


def return_delivery(client, order, delivery, reason="Wrong colour: the hotel sent it back"):
    return client.post(
        f"{ORDERS}return_delivery/{order.pk}/", {"delivery": delivery.pk, "reason": reason}
    )


def test_a_returned_delivery_voids_its_sale_and_its_goods_are_the_order_s_again(
    client, clerk_client, order, towels, batik, manager
):
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 180)
    deliver(clerk_client, order, {towels: 300, batik: 2}, date(YEAR, 1, 10))
    delivery = Delivery.objects.get()

    response = return_delivery(clerk_client, order, delivery)
    assert "is voided" in shown_messages(clerk_client, response)
    sent_twice = return_delivery(clerk_client, order, delivery)
    assert "already returned" in shown_messages(clerk_client, sent_twice)

    delivery.refresh_from_db()
    order.refresh_from_db()
    assert delivery.is_returned and delivery.returned_by.username == "clerk"
    assert delivery.sale.is_voided
    assert delivery.sale.void_reason == "Wrong colour: the hotel sent it back"
    # Reserved and made as before, nothing delivered: the order is open again.
    assert lines_of(order) == {"HDK-001": (300, 120, 180, 0), "BTK-001": (2, 2, 0, 0)}
    assert order.completed_on is None
    # The goods never left the stock as a sale: the stock is as the reservation left it.
    assert ProductStock.objects.get(product=towels).quantity == 0
    assert ProductStock.objects.get(product=batik).quantity == 3
    assert not StockMovement.objects.filter(kind=MovementKind.VOID).exists()
    # Its delivery note no longer goes with any goods.
    note = clerk_client.get(f"{ORDERS}delivery_note/{order.pk}/", {"delivery": delivery.pk})
    assert note.status_code == 404
    page = clerk_client.get(f"{ORDERS}inspect/{order.pk}/").content.decode()
    assert "returned on" in page and f"delivery={delivery.pk}" not in page
    # The goods can be delivered again, with a new surat jalan.
    deliver(clerk_client, order, {towels: 300, batik: 2}, date(YEAR, 1, 20))
    order.refresh_from_db()
    assert order.completed_on == date(YEAR, 1, 20)
    assert Delivery.objects.filter(returned_at=None).get().number == f"002/SJ/LPC/{YEAR}"


def test_a_delivery_whose_invoice_is_paid_cannot_be_returned(clerk_client, order, batik):
    deliver(clerk_client, order, {batik: 2})
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")
    clerk_client.post(f"{ORDERS}pay/{order.pk}/", {"paid_on": f"{YEAR}-02-10"})
    delivery = Delivery.objects.get()

    refused = return_delivery(clerk_client, order, delivery)

    assert "invoice of order" in shown_messages(clerk_client, refused)
    delivery.refresh_from_db()
    assert not delivery.is_returned and not delivery.sale.is_voided
    assert lines_of(order)["BTK-001"] == (2, 2, 0, 2)


def test_only_the_institution_s_clerk_returns_a_delivery(
    client, clerk_client, order, batik, manager, bandung, member_of
):
    deliver(clerk_client, order, {batik: 2})
    delivery = Delivery.objects.get()
    manager_client = logged_in_english(client.__class__(), manager)
    their_clerk = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))

    assert is_refused(return_delivery(manager_client, order, delivery))
    assert return_delivery(their_clerk, order, delivery).status_code == 404
    without_reason = return_delivery(clerk_client, order, delivery, reason=" ")
    assert "Give the reason for the return" in shown_messages(clerk_client, without_reason)
    delivery.refresh_from_db()
    assert not delivery.is_returned and not delivery.sale.is_voided


# Cancellation, by the clerk


def cancel(client, order, reason="The hotel postponed its opening"):
    return client.post(f"{ORDERS}cancel/{order.pk}/", {"reason": reason})


def test_a_cancelled_order_releases_its_reservations_and_is_neither_made_nor_delivered(
    client, clerk_client, order, towels, batik, manager
):
    manager_client = logged_in_english(client.__class__(), manager)
    record_progress(manager_client, order, towels, 30)

    response = cancel(clerk_client, order)

    assert "cancelled" in shown_messages(clerk_client, response)
    order.refresh_from_db()
    assert order.is_cancelled and order.cancellation_reason == "The hotel postponed its opening"
    # The reservations are back in stock; what was made stays recorded as made for the order.
    assert lines_of(order) == {"HDK-001": (300, 0, 30, 0), "BTK-001": (2, 0, 0, 0)}
    assert ProductStock.objects.get(product=towels).quantity == 120
    assert ProductStock.objects.get(product=batik).quantity == 5
    released = StockMovement.objects.filter(kind=MovementKind.RELEASE)
    assert sorted(released.values_list("quantity", flat=True)) == [2, 120]
    assert ProductPage.objects.get(pk=towels.pk).availability == Availability.READY_STOCK
    # Forms sent after the cancellation change nothing.
    assert is_refused(deliver(clerk_client, order, {batik: 1}))
    assert is_refused(record_progress(manager_client, order, towels, 1))
    assert is_refused(clerk_client.post(f"{ORDERS}invoice/{order.pk}/"))
    assert is_refused(cancel(clerk_client, order))
    assert StockMovement.objects.filter(kind=MovementKind.RELEASE).count() == 2
    assert not Sale.objects.exists()


def test_an_order_with_a_delivery_the_buyer_kept_is_cancelled_only_after_its_return(
    clerk_client, order, towels, batik
):
    deliver(clerk_client, order, {batik: 1})

    refused = cancel(clerk_client, order)
    order.refresh_from_db()
    assert "record their return" in shown_messages(clerk_client, refused)
    assert not order.is_cancelled

    return_delivery(clerk_client, order, Delivery.objects.get())
    cancel(clerk_client, order)

    order.refresh_from_db()
    assert order.is_cancelled
    assert ProductStock.objects.get(product=batik).quantity == 5
    assert ProductStock.objects.get(product=towels).quantity == 120


def test_the_invoice_of_a_cancelled_order_is_no_longer_offered_nor_paid(clerk_client, order):
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")

    cancel(clerk_client, order)
    paid_after = clerk_client.post(f"{ORDERS}pay/{order.pk}/", {"paid_on": f"{YEAR}-02-10"})

    assert is_refused(paid_after)
    assert clerk_client.get(f"{ORDERS}invoice_pdf/{order.pk}/").status_code == 404
    page = clerk_client.get(f"{ORDERS}inspect/{order.pk}/").content.decode()
    assert "cancelled with the order" in page and "invoice_pdf" not in page
    order.invoice.refresh_from_db()
    assert order.invoice.paid_on is None


def test_an_order_paid_in_advance_cannot_be_cancelled(clerk_client, order, towels):
    clerk_client.post(f"{ORDERS}invoice/{order.pk}/")
    clerk_client.post(f"{ORDERS}pay/{order.pk}/", {"paid_on": f"{YEAR}-02-10"})

    refused = cancel(clerk_client, order)

    assert "is paid" in shown_messages(clerk_client, refused)
    order.refresh_from_db()
    assert not order.is_cancelled
    assert ProductStock.objects.get(product=towels).quantity == 0


def test_only_the_institution_s_clerk_cancels_and_gives_a_reason(
    client, clerk_client, head, order, towels, manager, bandung, member_of
):
    their_clerk = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))

    assert is_refused(cancel(logged_in_english(client.__class__(), manager), order))
    assert is_refused(cancel(logged_in_english(client.__class__(), head), order))
    assert cancel(their_clerk, order).status_code == 404
    assert "Give the reason" in shown_messages(clerk_client, cancel(clerk_client, order, " "))
    order.refresh_from_db()
    assert not order.is_cancelled
    assert ProductStock.objects.get(product=towels).quantity == 0


# Corrections of the production progress, by the workshop's manager


def correct(client, order, entry, quantity, day=None):
    return client.post(
        f"{ORDERS}correct_progress/{order.pk}/",
        {"entry": entry.pk, "quantity": quantity, "date": (day or entry.date).isoformat()},
    )


def test_the_manager_corrects_or_deletes_a_wrong_progress_entry(client, order, towels, manager):
    manager_client = logged_in_english(client.__class__(), manager)
    record_progress(manager_client, order, towels, 100, date(YEAR, 1, 5))
    record_progress(manager_client, order, towels, 10, date(YEAR, 1, 6))
    wrong, doubled = ProductionProgress.objects.order_by("pk")

    correct(manager_client, order, wrong, 60, date(YEAR, 1, 4))
    correct(manager_client, order, doubled, 0)
    too_many = correct(manager_client, order, wrong, 181)

    assert "180 to make" in shown_messages(manager_client, too_many)
    [entry] = ProductionProgress.objects.all()
    assert (entry.quantity, entry.date) == (60, date(YEAR, 1, 4))
    assert lines_of(order)["HDK-001"] == (300, 120, 60, 0)


def test_a_correction_never_leaves_fewer_made_than_were_delivered_from_what_was_made(
    client, clerk_client, order, towels, manager
):
    manager_client = logged_in_english(client.__class__(), manager)
    record_progress(manager_client, order, towels, 100)
    deliver(clerk_client, order, {towels: 200})  # 120 reserved and 80 of the 100 made
    entry = ProductionProgress.objects.get()

    for refused in (0, 79):
        response = correct(manager_client, order, entry, refused)
        assert "80 of the items made are delivered already" in shown_messages(
            manager_client, response
        )
    correct(manager_client, order, entry, 80)

    entry.refresh_from_db()
    assert entry.quantity == 80
    assert lines_of(order)["HDK-001"] == (300, 120, 80, 200)


def test_only_the_institution_s_manager_corrects_progress(
    client, clerk_client, order, towels, manager, bandung, member_of
):
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 100)
    entry = ProductionProgress.objects.get()
    their_manager = logged_in_english(client.__class__(), member_of(bandung, Role.MANAGER, "mb"))

    assert is_refused(correct(clerk_client, order, entry, 0))
    assert correct(their_manager, order, entry, 0).status_code == 404
    entry.refresh_from_db()
    assert entry.quantity == 100
    assert lines_of(order)["HDK-001"] == (300, 120, 100, 0)


def test_an_entry_deleted_twice_at_once_is_deleted_once(client, order, towels, manager):
    """Two clicks whose forms were both checked before either was recorded: the second finds
    the entry gone, and the line does not lose its quantity twice."""
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 100)
    record_progress(logged_in_english(client.__class__(), manager), order, towels, 30)
    entry = ProductionProgress.objects.get(quantity=100)
    same_entry_seen_by_the_second_click = ProductionProgress.objects.get(pk=entry.pk)

    correct_progress(entry, 0, entry.date, manager)
    with pytest.raises(ValidationError, match="already deleted"):
        correct_progress(same_entry_seen_by_the_second_click, 0, entry.date, manager)

    assert lines_of(order)["HDK-001"] == (300, 120, 30, 0)
