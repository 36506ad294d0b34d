"""The record of business orders: delivered, on time, average delay and repeat buyers over the
last 12 months, computed for a hand-made set of orders; shown to the head, in the monthly
accountability report and, when the head chooses, on the baked workshop page, where no buyer
is named without their written consent."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone, translation

from cms.models import WorkshopPage
from institutions.models import Role
from orders.models import (
    BusinessRecordSettings,
    BuyerConsent,
    ProductionOrder,
    ProductionOrderLine,
    Quotation,
)
from orders.production import cancel, deliver, return_delivery
from orders.reliability import business_record
from oversight.accountability import accountability_report, sections
from sitegen.bake import bake
from sitegen.models import RebuildRequest
from tests.factories import WorkshopPageFactory
from tests.orders.conftest import logged_in_english
from tests.orders.test_quotations import is_refused
from tests.sitegen.helpers import publish

TODAY = date(2026, 6, 30)
CONSENTS = "/admin/orders/buyerconsent/"


@pytest.fixture
def make_order(home, make_product):
    """`make_order(organisation, promised, completed, product=...)`: a production order
    delivered in full on `completed` (None: not yet)."""
    counter = iter(range(1, 1000))
    default_product = make_product("SDL-001", price=20000)

    def make(organisation, promised, completed, product=None):
        number = f"{next(counter):03d}/SP/LPC/2026"
        quotation = Quotation.objects.create(
            site=home.get_site(),
            number=number,
            year=2026,
            date=promised - timedelta(days=30),
            lead_time="3 minggu",
            valid_until=promised,
            payment_terms="DP 50%",
            organisation=organisation,
        )
        order = ProductionOrder.objects.create(
            site=quotation.site,
            quotation=quotation,
            organisation=organisation,
            promised_date=promised,
            completed_on=completed,
        )
        ProductionOrderLine.objects.create(
            order=order, product=product or default_product, quantity=100, unit_price=20000
        )
        return order

    return make


@pytest.fixture
def bakery(workshop):
    return WorkshopPageFactory(parent=workshop.get_parent(), title="Roti")


@pytest.fixture
def hand_made_orders(make_order, make_product, bakery):
    """Five orders delivered in the 12 months up to 30 June 2026, two of them late (3 and 10
    days); one delivered the day before the period, one after it, one not delivered in full."""
    bread = make_product("RTI-001", price=5000, workshop=bakery)
    make_order("Hotel Santika", date(2026, 6, 10), date(2026, 6, 8))  # early
    make_order(" hotel  santika ", date(2026, 5, 1), date(2026, 5, 4))  # 3 days late
    make_order("Dinas Pariwisata", date(2026, 3, 1), date(2026, 3, 1))  # on the day
    make_order("PT Roti Kantin", date(2026, 2, 1), date(2026, 2, 11), product=bread)  # 10 late
    make_order("Dinas Pariwisata", date(2025, 7, 5), date(2025, 7, 1))  # first day of the period
    make_order("Hotel Lama", date(2025, 6, 30), date(2025, 6, 30))  # the day before it
    make_order("Hotel Baru", date(2026, 7, 1), date(2026, 7, 1))  # after it
    make_order("Hotel Santika", date(2026, 6, 20), None)  # still in production


def test_the_record_of_a_hand_made_set_of_orders(home, hand_made_orders, bakery):
    record = business_record(home.get_site(), today=TODAY)

    assert (record.first_day, record.last_day) == (date(2025, 7, 1), TODAY)
    assert record.delivered == 5
    assert record.on_time == 3 and record.on_time_percent == 60
    assert record.average_delay_days == Decimal("2.6")  # (0 + 3 + 0 + 10 + 0) / 5
    assert record.repeat_buyers == 2  # Hotel Santika (however it is typed), Dinas Pariwisata

    bread_only = business_record(home.get_site(), workshop=bakery, today=TODAY)
    assert (bread_only.delivered, bread_only.on_time, bread_only.average_delay_days) == (
        1,
        0,
        Decimal("10.0"),
    )
    assert bread_only.on_time_percent == 0 and bread_only.repeat_buyers == 0


def test_another_institutions_orders_do_not_count(home, hand_made_orders, bandung):
    assert business_record(bandung.site, today=TODAY).delivered == 0
    assert business_record(bandung.site, today=TODAY).on_time_percent is None


def test_the_head_reads_the_record_on_the_dashboard(head_client, make_order):
    today = timezone.localdate()
    make_order("Hotel Santika", today - timedelta(days=5), today - timedelta(days=7))
    make_order("Hotel Santika", today - timedelta(days=9), today - timedelta(days=5))

    page = head_client.get("/admin/").content.decode()

    assert "2 delivered, 50% on time, 2.0 days late on average, 1 repeat buyers" in page


def test_the_accountability_report_has_the_record_per_workshop(home, hand_made_orders):
    report = accountability_report(TODAY, home.get_site())

    rows = dict(sections(report))["Business orders, last 12 months"]
    assert rows[1:] == [
        ["All workshops", 5, 60, Decimal("2.6"), 2],
        ["Batik Tulis", 4, 75, Decimal("0.8"), 2],
        ["Roti", 1, 0, Decimal("10.0"), 0],
    ]


# The public workshop page


@pytest.fixture
def published_workshop(home, catalog, workshop):
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    return workshop


def workshop_html(build_dir, workshop) -> str:
    """The workshop page as baked, in the public site's language."""
    with translation.override("id"):
        bake()
    [html] = build_dir.glob(f"**/{workshop.slug}/index.html")
    return html.read_text()


def show_record(home, shown=True):
    settings = BusinessRecordSettings.for_site(home.get_site())
    settings.show_on_public_site = shown
    settings.save()


def test_the_workshop_page_shows_the_record_only_when_the_head_chooses(
    home, published_workshop, make_order, build_dir
):
    today = timezone.localdate()
    make_order("Hotel Santika", today, today - timedelta(days=1))
    line = "1 pesanan bisnis terkirim, 100% tepat waktu, 12 bulan terakhir"

    hidden = workshop_html(build_dir, published_workshop)
    show_record(home)
    shown = workshop_html(build_dir, published_workshop)

    assert line not in hidden
    assert line in shown


def test_no_buyer_name_reaches_the_bake_without_consent(
    home, published_workshop, make_order, build_dir, clerk
):
    today = timezone.localdate()
    make_order("Hotel Santika", today, today)
    make_order("Dinas Pariwisata Kota", today, today)
    show_record(home)

    without_consent = workshop_html(build_dir, published_workshop)
    BuyerConsent.objects.create(
        site=home.get_site(), organisation="Hotel Santika", date=today, recorded_by=clerk
    )
    with_consent = workshop_html(build_dir, published_workshop)

    assert "2 pesanan bisnis terkirim" in without_consent
    for name in ("Santika", "Dinas Pariwisata"):
        assert name not in without_consent
    assert "Hotel Santika" in with_consent
    assert "Dinas Pariwisata" not in with_consent


def workshop_pages_to_rebuild() -> set[int]:
    return set(RebuildRequest.objects.values_list("page_id", flat=True))


def test_a_consent_or_an_order_delivered_in_full_rebuilds_the_workshop_pages(
    home, published_workshop, make_order, clerk
):
    workshops = set(WorkshopPage.objects.live().values_list("pk", flat=True))
    order = make_order("Hotel Santika", date(2026, 1, 5), None)
    line = order.lines.get()
    ProductionOrderLine.objects.filter(pk=line.pk).update(reserved=100)
    show_record(home)
    RebuildRequest.objects.all().delete()

    BuyerConsent.objects.create(site=home.get_site(), organisation="Hotel Santika", date=TODAY)
    after_consent = workshop_pages_to_rebuild()
    RebuildRequest.objects.all().delete()
    deliver(order, {line.pk: 60}, TODAY, clerk)
    after_partial_delivery = workshop_pages_to_rebuild()
    deliver(order, {line.pk: 40}, TODAY, clerk)

    assert after_consent == workshops
    assert after_partial_delivery == set()
    assert workshop_pages_to_rebuild() == workshops


def test_a_clerk_records_a_consent_that_another_institution_cannot_see_or_withdraw(
    clerk_client, client, home, bandung, member_of
):
    response = clerk_client.post(
        CONSENTS + "create/", {"organisation": "Hotel Santika", "date": "2026-01-05"}
    )
    consent = BuyerConsent.objects.get()
    their_clerk = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))

    assert response.status_code == 302
    assert (consent.site, consent.recorded_by.username) == (home.get_site(), "clerk")
    assert "Hotel Santika" not in their_clerk.get(CONSENTS).content.decode()
    assert is_refused(their_clerk.post(f"{CONSENTS}delete/{consent.pk}/"))
    assert BuyerConsent.objects.filter(pk=consent.pk).exists()


# The record ages


def baked_workshop(build_dir, workshop) -> str:
    """The workshop page after an incremental bake, as the worker bakes after a change."""
    with translation.override("id"):
        bake(changed_only=True)
    [html] = build_dir.glob(f"**/{workshop.slug}/index.html")
    return html.read_text()


def refresh_business_record() -> str:
    out = io.StringIO()
    call_command("refresh_business_record", stdout=out)
    return out.getvalue()


def test_the_daily_refresh_rebakes_a_workshop_page_only_when_an_order_leaves_the_12_months(
    home, published_workshop, make_order, build_dir
):
    today = timezone.localdate()
    delivered = today - timedelta(days=364)
    order = make_order("Hotel Santika", delivered, delivered)
    show_record(home)
    line = "1 pesanan bisnis terkirim, 100% tepat waktu, 12 bulan terakhir"
    assert line in workshop_html(build_dir, published_workshop)
    refresh_business_record()  # the pages are now known to show the order
    RebuildRequest.objects.all().delete()

    unchanged = refresh_business_record()
    assert workshop_pages_to_rebuild() == set()
    # A day passes twice over: the order was delivered in full 366 days ago.
    ProductionOrder.objects.filter(pk=order.pk).update(completed_on=today - timedelta(days=366))
    assert line in baked_workshop(build_dir, published_workshop)  # nothing asked for a bake
    aged = refresh_business_record()
    again = refresh_business_record()

    assert "0 workshop page(s)" in unchanged
    assert "1 workshop page(s)" in aged and "Batik Tulis" in aged
    assert "0 workshop page(s)" in again
    assert line not in baked_workshop(build_dir, published_workshop)


def test_an_order_returned_and_cancelled_leaves_the_record(home, make_order, clerk):
    today = timezone.localdate()
    order = make_order("Hotel Santika", today - timedelta(days=30), None)
    line = order.lines.get()
    ProductionOrderLine.objects.filter(pk=line.pk).update(reserved=100)
    make_order("Hotel Santika", today - timedelta(days=9), today - timedelta(days=9))
    delivery = deliver(order, {line.pk: 100}, today, clerk)  # 30 days late
    delivered_late = business_record(home.get_site())

    return_delivery(delivery, "Wrong size", clerk)
    cancel(order, "The hotel closed", clerk)

    assert (delivered_late.delivered, delivered_late.on_time_percent) == (2, 50)
    record = business_record(home.get_site())
    assert (record.delivered, record.on_time_percent, record.repeat_buyers) == (1, 100, 0)


# The consent letter


@pytest.fixture
def consent_with_letter(home, clerk):
    consent = BuyerConsent(
        site=home.get_site(), organisation="Hotel Santika", date=TODAY, recorded_by=clerk
    )
    consent.letter.save("persetujuan-santika.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    consent.save()
    yield consent
    default_storage.delete(consent.letter.name)


def test_the_head_and_the_clerk_download_the_consent_letter_and_nobody_else(
    client, head_client, clerk, manager, bandung, member_of, consent_with_letter
):
    address = f"{CONSENTS}letter/{consent_with_letter.pk}/"
    clerk_client = logged_in_english(client.__class__(), clerk)
    their_head = logged_in_english(client.__class__(), member_of(bandung, Role.HEAD, "hb"))
    manager_client = logged_in_english(client.__class__(), manager)

    for reader in (head_client, clerk_client):
        response = reader.get(address)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
        assert "attachment" in response["Content-Disposition"]
        assert consent_with_letter.letter.name.rsplit("/", 1)[-1] in response["Content-Disposition"]
    assert their_head.get(address).status_code == 404
    assert is_refused(manager_client.get(address))
    # The media view still refuses the folder, to everyone.
    assert head_client.get(f"/media/{consent_with_letter.letter.name}").status_code == 404
    assert f'href="{address}"' in head_client.get(CONSENTS).content.decode()
