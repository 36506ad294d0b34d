"""Two institutions on one installation: each one's clerks and head see, record and report
their own sales, stock and imports only."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from institutions.models import Role
from orders.models import Channel, Inquiry, MovementKind, Sale, ShareSettings, StockMovement
from orders.recording import LineInput, record_sale
from orders.reports import monthly_report
from orders.stock import record_movement
from oversight.accountability import accountability_report
from tests.factories import ProductPageFactory
from tests.orders.conftest import logged_in_english
from tests.orders.exports import SHOPEE_HEADER, shopee_row, xlsx
from tests.orders.test_admin_inquiries import INQUIRIES, inquiry_form
from tests.orders.test_admin_sales import SALES, sale_form
from tests.orders.test_imports import preview_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def dompet(bandung_catalog, category):
    """A product of the second institution, with stock."""
    catalog, workshop = bandung_catalog
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, code="DMP-001", price=80000
    )
    record_movement(product, 10, MovementKind.INTAKE, None)
    return product


@pytest.fixture
def bandung_clerk(member_of, bandung):
    return member_of(bandung, Role.CLERK, "clerk_bandung")


@pytest.fixture
def bandung_head(member_of, bandung):
    return member_of(bandung, Role.HEAD, "head_bandung")


@pytest.fixture
def two_sales(batik, dompet, clerk, bandung_clerk, whatsapp):
    """One sale at each institution, on the same day."""
    day = date(2026, 11, 20)
    ours = record_sale(Sale(channel=whatsapp, date=day), [LineInput(batik, 1)], clerk)
    theirs = record_sale(Sale(channel=whatsapp, date=day), [LineInput(dompet, 2)], bandung_clerk)
    return ours, theirs


def test_a_sale_belongs_to_the_institution_of_its_products(two_sales, home, bandung):
    ours, theirs = two_sales
    assert ours.site == home.get_site()
    assert theirs.site == bandung.site


def test_a_clerk_lists_and_opens_only_their_own_institutions_sales(client, clerk, two_sales):
    ours, theirs = two_sales
    clerk_client = logged_in_english(client, clerk)

    listed = clerk_client.get(SALES).context["object_list"]
    assert {sale.pk for sale in listed} == {ours.pk}
    for action in ("edit", "history", "void"):
        assert clerk_client.get(f"{SALES}{action}/{ours.pk}/").status_code == 200
        refused = clerk_client.get(f"{SALES}{action}/{theirs.pk}/")
        assert refused.status_code == 302 and refused.url == "/admin/"


def test_a_clerk_can_only_choose_their_own_institutions_products(
    client, clerk, batik, dompet, whatsapp
):
    clerk_client = logged_in_english(client, clerk)

    offered = clerk_client.get("/admin/sellable_products/results/").content.decode()
    assert "BTK-001" in offered and "DMP-001" not in offered
    refused = clerk_client.post(SALES + "create/", sale_form(whatsapp, (dompet, 1)))
    assert refused.status_code == 200 and not Sale.objects.exists()
    found = clerk_client.get(SALES + "create/", {"find": "kode DMP-001"}, follow=True)
    assert "No product has a code" in found.content.decode()


def test_one_record_never_mixes_two_institutions_products(batik, dompet, clerk, whatsapp):
    with pytest.raises(ValidationError):
        record_sale(Sale(channel=whatsapp), [LineInput(batik, 1), LineInput(dompet, 1)], clerk)
    assert not Sale.objects.exists()


def test_stock_lists_show_the_institutions_own_products(client, clerk, bandung_clerk, two_sales):
    def listed(user, url):
        response = logged_in_english(client, user).get(url)
        return {str(record.product.code) for record in response.context["object_list"]}

    assert listed(clerk, "/admin/orders/stockmovement/") == {"BTK-001"}
    assert listed(bandung_clerk, "/admin/orders/stockmovement/") == {"DMP-001"}
    assert listed(bandung_clerk, "/admin/orders/productstock/") == {"DMP-001"}
    theirs = StockMovement.objects.filter(product__code="DMP-001").first()
    assert (
        logged_in_english(client, clerk)
        .get(f"/admin/orders/stockmovement/edit/{theirs.pk}/")
        .status_code
        == 302
    )


def test_each_head_reports_their_own_institution_with_its_own_shares(
    client, head, bandung_head, bandung, home, batik, dompet, clerk, bandung_clerk, whatsapp
):
    theirs = ShareSettings.for_site(bandung.site)
    theirs.premi_percent, theirs.pnbp_percent = Decimal("10"), Decimal("30")
    theirs.save()
    day = date(2026, 11, 20)
    record_sale(Sale(channel=whatsapp, date=day), [LineInput(batik, 1)], clerk)
    record_sale(Sale(channel=whatsapp, date=day), [LineInput(dompet, 2)], bandung_clerk)

    bandung_report = monthly_report(day, bandung.site)
    assert (bandung_report.sales, bandung_report.total.net) == (1, 160000)
    assert (bandung_report.total.premi, bandung_report.total.pnbp) == (16000, 48000)
    assert monthly_report(day, home.get_site()).total.net == 150000

    page = logged_in_english(client, bandung_head).get(
        "/admin/orders/report/", {"month": "2026-11"}
    )
    assert "DMP-001" in page.content.decode() and "BTK-001" not in page.content.decode()
    page = logged_in_english(client, head).get("/admin/orders/report/", {"month": "2026-11"})
    assert "BTK-001" in page.content.decode() and "DMP-001" not in page.content.decode()


def test_an_import_finds_only_the_importing_institutions_products(
    client, bandung_clerk, batik, dompet, shopee
):
    export = xlsx(
        SHOPEE_HEADER,
        [shopee_row("2611200001ABCD", "BTK-001"), shopee_row("2611200002ABCD", "DMP-001")],
    )
    bandung_client = logged_in_english(client, bandung_clerk)

    _response, record = upload(bandung_client, shopee, "orders.xlsx", export)

    assert record.site == dompet.get_site()
    preview = preview_of(bandung_client, record)

    assert "Unknown SKU “BTK-001”" in preview
    assert "Unknown SKU “DMP-001”" not in preview


def test_the_accountability_report_keeps_to_its_institution(two_sales, home, bandung):
    day = date(2026, 11, 20)
    StockMovement.objects.update(created_at=timezone.make_aware(datetime(2026, 11, 20, 9)))

    ours, theirs = (
        accountability_report(day, home.get_site()),
        accountability_report(day, bandung.site),
    )

    assert (ours.sales.total.net, [row.code for row in ours.stock]) == (150000, ["BTK-001"])
    assert (theirs.sales.total.net, [row.code for row in theirs.stock]) == (160000, ["DMP-001"])


def test_an_inquiry_is_assigned_to_a_clerk_of_its_own_institution(
    client, clerk, bandung_clerk, batik, dompet, whatsapp
):
    def offered_clerks(user):
        form = logged_in_english(client, user).get(INQUIRIES + "create/").context["form"]
        return [choice for _value, choice in form.fields["assigned_to"].choices if _value]

    assert offered_clerks(clerk) == ["clerk"]
    assert offered_clerks(bandung_clerk) == ["clerk_bandung"]

    bandung_client = logged_in_english(client, bandung_clerk)
    refused = bandung_client.post(
        INQUIRIES + "create/", inquiry_form(whatsapp, (dompet, 1), assigned_to=clerk.pk)
    )
    assert refused.status_code == 200 and not Inquiry.objects.exists()
    assert "assigned_to" in refused.context["form"].errors
    accepted = bandung_client.post(
        INQUIRIES + "create/", inquiry_form(whatsapp, (dompet, 1), assigned_to=bandung_clerk.pk)
    )
    assert accepted.status_code == 302
    assert Inquiry.objects.get().assigned_to == bandung_clerk


def test_an_inquiry_assigned_to_another_institutions_clerk_is_refused(
    bandung, clerk, bandung_clerk, whatsapp
):
    inquiry = Inquiry(site=bandung.site, channel=whatsapp, assigned_to=clerk)
    with pytest.raises(ValidationError) as refused:
        inquiry.full_clean()
    assert list(refused.value.message_dict) == ["assigned_to"]
    inquiry.assigned_to = bandung_clerk
    inquiry.full_clean()


CHANNELS = "/admin/orders/channel/"


def channel_form(channel, **changes):
    fields = {"name": channel.name, "code": channel.code, "kind": channel.kind, "active": "on"}
    return {**fields, "sort_order": channel.sort_order, **changes}


def test_with_several_institutions_only_the_installer_changes_the_shared_channels(
    client, head, bandung, whatsapp, django_user_model
):
    head_client = logged_in_english(client, head)
    assert head_client.get(CHANNELS).status_code == 200  # a head still reads them
    for address in (f"{CHANNELS}edit/{whatsapp.pk}/", f"{CHANNELS}create/"):
        refused = head_client.post(address, channel_form(whatsapp, active="", name="Mati"))
        assert refused.status_code == 302 and refused.url == "/admin/"
    assert Channel.objects.get(pk=whatsapp.pk).active
    assert not Channel.objects.filter(name="Mati").exists()

    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    changed = logged_in_english(client, root).post(
        f"{CHANNELS}edit/{whatsapp.pk}/", channel_form(whatsapp, active="")
    )
    assert changed.status_code == 302 and not Channel.objects.get(pk=whatsapp.pk).active


def test_the_head_of_the_only_institution_changes_the_channels(client, head, whatsapp):
    head_client = logged_in_english(client, head)
    changed = head_client.post(f"{CHANNELS}edit/{whatsapp.pk}/", channel_form(whatsapp, active=""))
    assert changed.status_code == 302 and not Channel.objects.get(pk=whatsapp.pk).active


def test_the_activity_record_shows_the_readers_own_institution(
    client, two_sales, head, bandung_head, dompet
):
    def what(user):
        response = logged_in_english(client, user).get(reverse("oversight_activity"))
        return " ".join(row.what for row in response.context["object_list"])

    ours = what(head)
    assert "BTK-001" in ours and "DMP-001" not in ours
    theirs = what(bandung_head)
    assert "DMP-001" in theirs and "BTK-001" not in theirs
