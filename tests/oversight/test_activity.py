"""The activity record (Reports → Activity record): activity made through the real workflow and
orders code, then read through the admin by each role, filtered and exported."""

import csv
import io
from datetime import datetime
from types import SimpleNamespace

import openpyxl
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from cms.models.workflow import APPROVE_AFTER_CHECKING
from institutions.models import InstitutionLogEntry
from orders.models import Channel, Import, Inquiry, MovementKind, Sale
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement
from tests.admin import submit_new_product, workflow_action_url
from tests.factories import PhotoFactory, ProductPageFactory, WorkshopPageFactory
from tests.orders.exports import SHOPEE_HEADER, shopee_row, xlsx

pytestmark = pytest.mark.django_db

ACTIVITY = "/admin/reports/activity/"


@pytest.fixture(autouse=True)
def in_english():
    """Messages made outside a request (a stock movement's kind) read as the code writes them."""
    with translation.override("en"):
        yield


def reading_english(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def activity(client, manager, officer, clerk, catalog, category, workshop):
    """A day of the institution, in order: a manager submits two products; an officer approves
    the batik (past a privacy warning) and sends the sandals back; a clerk receives stock of
    the batik and of a kebaya already on the site, records a sale of each and voids the first,
    records an inquiry and converts it, imports a Shopee export; the officer takes the kebaya
    offline."""
    batik = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        PhotoFactory(),
        short_description="Pesan lewat 0812-3456-7890.",
    )
    sandal = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        PhotoFactory(),
        code="SDL-002",
        title="Sandal Hotel",
        slug="sandal-hotel",
    )
    client.force_login(officer)
    client.post(
        workflow_action_url(batik, APPROVE_AFTER_CHECKING),
        {"comment": "Looks good.", "warnings_checked": "on"},
    )
    client.post(workflow_action_url(sandal, "reject"), {"comment": "Photo shows a face."})
    kebaya = ProductPageFactory(parent=catalog, code="KOS-003", title="Kebaya", workshop=workshop)

    whatsapp, shopee = Channel.objects.get(code="whatsapp"), Channel.objects.get(code="shopee")
    record_movement(batik, 5, MovementKind.INTAKE, clerk)
    record_movement(kebaya, 4, MovementKind.INTAKE, clerk)
    voided = record_sale(Sale(channel=whatsapp), [LineInput(batik, 2)], clerk)
    record_sale(
        Sale(channel=shopee, external_reference="2611150009ZZZZ"), [LineInput(kebaya, 1)], clerk
    )
    void_sale(voided, "Customer never paid", clerk)

    client.force_login(clerk)
    client.post("/admin/orders/inquiry/create/", inquiry_form(whatsapp, batik))
    client.post(f"/admin/orders/inquiry/convert/{Inquiry.objects.get().pk}/")
    export = xlsx(SHOPEE_HEADER, [shopee_row("2611160010YYYY", "KOS-003")])
    client.post(
        "/admin/orders/import/create/",
        {"channel": shopee.pk, "file": SimpleUploadedFile("Order.all.xlsx", export)},
    )
    client.post(f"/admin/orders/import/preview/{Import.objects.get().pk}/")  # confirm

    client.force_login(officer)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(kebaya.pk,)))
    client.logout()
    inquiry = Inquiry.objects.get()
    assert inquiry.sale is not None and Sale.objects.filter(voided_at__isnull=True).count() == 3
    return SimpleNamespace(
        batik=batik, sandal=sandal, kebaya=kebaya, voided=voided, inquiry=inquiry
    )


def inquiry_form(channel, product):
    return nested_form_data(
        {
            "channel": channel.pk,
            "status": "new",
            "assigned_to": "",
            "customer_name": "Pak Budi",
            "customer_contact": "",
            "organisation": "",
            "message": "Kode btk 001, satu lembar.",
            "lines": inline_formset([{"product": product.pk, "quantity": 1}], min=1),
        }
    )


def rows(client, **filters):
    """(who, action, what, details) of every row the view shows, newest first."""
    response = client.get(ACTIVITY, filters)
    assert response.status_code == 200
    return [
        (row.user_name, row.action, row.what, row.details)
        for row in response.context["object_list"]
    ]


BATIK = "BTK-001 Kain Batik Tulis Parang"
SANDAL = "SDL-002 Sandal Hotel"
KEBAYA = "KOS-003 Kebaya"


def the_whole_record(activity):
    """Every row of the fixture's day, newest first, as the head reads it."""
    voided = f"Sale #{activity.voided.pk}, WhatsApp"
    converted = f"Sale #{activity.inquiry.sale_id}, WhatsApp"
    inquiry = f"Inquiry #{activity.inquiry.pk}, WhatsApp"
    return [
        ("officer", "Unpublished", KEBAYA, ""),
        ("clerk", "Imported", "Import of Order.all.xlsx, Shopee", "Imported, 1 sale created"),
        ("clerk", "Recorded", "Sale 2611160010YYYY, Shopee", ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {KEBAYA}", ""),
        ("clerk", "Converted to a sale", inquiry, f"Sale #{activity.inquiry.sale_id}"),
        ("clerk", "Recorded", converted, ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {BATIK}", ""),
        ("clerk", "Recorded", inquiry, ""),
        ("clerk", "Voided", voided, "Customer never paid"),
        ("clerk", "Recorded", f"Stock: Void of a sale +2, {BATIK}", ""),
        ("clerk", "Recorded", "Sale 2611150009ZZZZ, Shopee", ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {KEBAYA}", ""),
        ("clerk", "Recorded", voided, ""),
        ("clerk", "Recorded", f"Stock: Sale -2, {BATIK}", ""),
        ("clerk", "Recorded", f"Stock: Production intake +4, {KEBAYA}", ""),
        ("clerk", "Recorded", f"Stock: Production intake +5, {BATIK}", ""),
        ("system", "Drafted or edited", KEBAYA, ""),
        ("officer", "Changes requested (rejected)", SANDAL, "Photo shows a face."),
        ("officer", "Published", BATIK, ""),
        ("officer", "Approved", BATIK, "Looks good."),
        (
            "officer",
            "Approved after checking privacy warnings",
            BATIK,
            "Warnings checked: Phone number",
        ),
        ("manager", "Submitted for review", SANDAL, ""),
        ("manager", "Drafted or edited", SANDAL, ""),
        ("manager", "Drafted or edited", SANDAL, ""),
        ("manager", "Submitted for review", BATIK, ""),
        ("manager", "Drafted or edited", BATIK, ""),
        ("manager", "Drafted or edited", BATIK, ""),
        # The page tree of the test database, created before anyone logged in.
        ("system", "Drafted or edited", "Batik Tulis", ""),
        ("system", "Drafted or edited", "Bengkel Kerja", ""),
        ("system", "Drafted or edited", "Katalog", ""),
    ]


def test_the_head_reads_pages_and_orders_in_plain_words_newest_first(client, head, activity):
    reading_english(client, head)

    assert rows(client) == the_whole_record(activity)


def test_the_person_filter(client, head, officer, manager, activity):
    reading_english(client, head)
    record = the_whole_record(activity)

    assert rows(client, person=officer.pk) == [
        ("officer", "Unpublished", KEBAYA, ""),
        ("officer", "Changes requested (rejected)", SANDAL, "Photo shows a face."),
        ("officer", "Published", BATIK, ""),
        ("officer", "Approved", BATIK, "Looks good."),
        (
            "officer",
            "Approved after checking privacy warnings",
            BATIK,
            "Warnings checked: Phone number",
        ),
    ]
    both = rows(client, person=[officer.pk, manager.pk])
    assert both == [row for row in record if row[0] in ("officer", "manager")]
    assert len(both) == 5 + 6


ACTION_LABELS = {
    "drafted": "Drafted or edited",
    "submitted": "Submitted for review",
    "approved": "Approved",
    "privacy_approved": "Approved after checking privacy warnings",
    "rejected": "Changes requested (rejected)",
    "published": "Published",
    "unpublished": "Unpublished",
    "recorded": "Recorded",
    "converted": "Converted to a sale",
    "imported": "Imported",
    "voided": "Voided",
}


def test_each_action_filter_shows_exactly_its_rows(client, head, activity):
    reading_english(client, head)

    for action, label in ACTION_LABELS.items():
        expected = [row for row in the_whole_record(activity) if row[1] == label]
        assert expected, action  # the fixture's day has every kind of action
        assert rows(client, action=action) == expected, action


def test_actions_combine_and_a_created_sale_is_recorded_not_drafted(client, head, activity):
    reading_english(client, head)

    assert rows(client, action=["approved", "rejected"]) == [
        ("officer", "Changes requested (rejected)", SANDAL, "Photo shows a face."),
        ("officer", "Approved", BATIK, "Looks good."),
    ]
    drafted = rows(client, action="drafted")
    assert {what for _who, _action, what, _details in drafted} == {
        BATIK,
        SANDAL,
        KEBAYA,
        "Batik Tulis",
        "Bengkel Kerja",
        "Katalog",
    }


def move(entry, utc_time):
    """Put a log entry at another moment (the activity happened now, in the test)."""
    type(entry).objects.filter(pk=entry.pk).update(timestamp=parse_datetime(utc_time))


def test_the_date_filter_takes_whole_local_days_both_included(client, head, activity):
    PageLogEntry.objects.update(timestamp=parse_datetime("2026-04-10T05:00:00Z"))
    InstitutionLogEntry.objects.update(timestamp=parse_datetime("2026-04-10T05:00:00Z"))
    batik_entries = PageLogEntry.objects.filter(page=activity.batik)
    sandal_entries = PageLogEntry.objects.filter(page=activity.sandal)
    # 28 February 23:59:59 in Jakarta (UTC+7): the day before the range.
    move(batik_entries.get(action="wagtail.workflow.start"), "2026-02-28T16:59:59Z")
    # 1 March 00:00 in Jakarta, though still 28 February in UTC: the range's first moment.
    move(batik_entries.get(action="wagtail.workflow.approve"), "2026-02-28T17:00:00Z")
    # 5 March 23:59:59 in Jakarta: the range's last moment.
    move(InstitutionLogEntry.objects.get(action="orders.void"), "2026-03-05T16:59:59Z")
    # 6 March 00:00 in Jakarta: the day after.
    move(sandal_entries.get(action="wagtail.workflow.reject"), "2026-03-05T17:00:00Z")
    reading_english(client, head)
    voided = ("clerk", "Voided", f"Sale #{activity.voided.pk}, WhatsApp", "Customer never paid")
    approved = ("officer", "Approved", BATIK, "Looks good.")

    assert rows(client, date_from="2026-03-01", date_to="2026-03-05") == [voided, approved]
    assert rows(client, date_to="2026-02-28") == [
        ("manager", "Submitted for review", BATIK, ""),
    ]
    after = rows(client, date_from="2026-03-06")
    assert ("officer", "Changes requested (rejected)", SANDAL, "Photo shows a face.") in after
    assert len(after) == len(the_whole_record(activity)) - 3
    shown = client.get(ACTIVITY, {"date_from": "2026-03-01", "date_to": "2026-03-05"})
    times = [str(row.local_time) for row in shown.context["object_list"]]
    assert times == ["2026-03-05 23:59:59", "2026-03-01 00:00:00"]


def test_a_products_activity_is_its_page_sales_inquiries_and_stock(client, head, activity):
    reading_english(client, head)
    voided = f"Sale #{activity.voided.pk}, WhatsApp"
    inquiry = f"Inquiry #{activity.inquiry.pk}, WhatsApp"

    batik = rows(client, product="BTK-001")

    assert batik == [
        ("clerk", "Converted to a sale", inquiry, f"Sale #{activity.inquiry.sale_id}"),
        ("clerk", "Recorded", f"Sale #{activity.inquiry.sale_id}, WhatsApp", ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {BATIK}", ""),
        ("clerk", "Recorded", inquiry, ""),
        ("clerk", "Voided", voided, "Customer never paid"),
        ("clerk", "Recorded", f"Stock: Void of a sale +2, {BATIK}", ""),
        ("clerk", "Recorded", voided, ""),
        ("clerk", "Recorded", f"Stock: Sale -2, {BATIK}", ""),
        ("clerk", "Recorded", f"Stock: Production intake +5, {BATIK}", ""),
        ("officer", "Published", BATIK, ""),
        ("officer", "Approved", BATIK, "Looks good."),
        (
            "officer",
            "Approved after checking privacy warnings",
            BATIK,
            "Warnings checked: Phone number",
        ),
        ("manager", "Submitted for review", BATIK, ""),
        ("manager", "Drafted or edited", BATIK, ""),
        ("manager", "Drafted or edited", BATIK, ""),
    ]
    assert rows(client, product="btk 001") == batik  # as clerks type it
    assert rows(client, product="KOS-003") == [
        ("officer", "Unpublished", KEBAYA, ""),
        ("clerk", "Recorded", "Sale 2611160010YYYY, Shopee", ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {KEBAYA}", ""),
        ("clerk", "Recorded", "Sale 2611150009ZZZZ, Shopee", ""),
        ("clerk", "Recorded", f"Stock: Sale -1, {KEBAYA}", ""),
        ("clerk", "Recorded", f"Stock: Production intake +4, {KEBAYA}", ""),
        ("system", "Drafted or edited", KEBAYA, ""),
    ]
    assert rows(client, product="XYZ-999") == []


def test_filters_combine(client, head, clerk, activity):
    reading_english(client, head)
    voided = ("clerk", "Voided", f"Sale #{activity.voided.pk}, WhatsApp", "Customer never paid")

    assert rows(client, person=clerk.pk, action="voided", product="BTK-001") == [voided]
    assert rows(client, action="voided", product="KOS-003") == []
    assert rows(client, action=["voided", "unpublished"], date_from="2026-01-01") == [
        ("officer", "Unpublished", KEBAYA, ""),
        voided,
    ]
    # The filter panel refreshes the results alone, with the same filters.
    results = client.get(ACTIVITY + "results/", {"action": "voided", "product": "BTK-001"})
    assert "Customer never paid" in results.content.decode()
    assert "Photo shows a face." not in results.content.decode()


def exported(client, **filters):
    response = client.get(ACTIVITY, {**filters, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_export_has_the_filtered_rows_in_words(client, head, clerk, activity):
    move(InstitutionLogEntry.objects.get(action="orders.void"), "2026-03-05T16:59:59Z")
    reading_english(client, head)

    assert exported(client, action="voided") == [
        ["When", "Who", "Action", "What", "Details"],
        [
            "2026-03-05 23:59:59",
            "clerk",
            "Voided",
            f"Sale #{activity.voided.pk}, WhatsApp",
            "Customer never paid",
        ],
    ]
    by_clerk = exported(client, product="BTK-001", person=clerk.pk)
    assert [row[1:] for row in by_clerk[1:]] == [
        list(row) for row in rows(client, product="BTK-001", person=clerk.pk)
    ]
    assert len(by_clerk) == 1 + 9
    response = client.get(ACTIVITY, {"action": "voided", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["When", "Who", "Action", "What", "Details"],
        [
            datetime(2026, 3, 5, 23, 59, 59),  # a date cell, in Jakarta time
            "clerk",
            "Voided",
            f"Sale #{activity.voided.pk}, WhatsApp",
            "Customer never paid",
        ],
    ]


def test_an_export_too_large_to_make_in_time_asks_for_narrower_filters(
    client, head, activity, monkeypatch
):
    monkeypatch.setattr("oversight.activity.EXPORT_LIMIT", 29)
    reading_english(client, head)

    response = client.get(ACTIVITY, {"export": "csv"}, follow=True)

    assert response.redirect_chain == [(ACTIVITY, 302)]
    assert "30 entries match. Narrow the filters" in response.content.decode()
    assert len(exported(client, product="XYZ-999")) == 1  # the headings: nothing matches
    assert len(exported(client, action="recorded")) == 1 + 12


def test_links_lead_to_the_records_the_reader_may_open(client, head, officer, activity):
    reading_english(client, head)
    response = client.get(ACTIVITY, {"action": ["voided", "approved"]})
    links = [row.url for row in response.context["object_list"]]
    # The head cannot edit a sale or a page: the sale's history, and no link to the page.
    assert links == [f"/admin/orders/sale/history/{activity.voided.pk}/", None]

    reading_english(client, officer)
    response = client.get(ACTIVITY, {"action": "approved"})
    assert [row.url for row in response.context["object_list"]] == [
        f"/admin/pages/{activity.batik.pk}/edit/"
    ]
    assert f'href="/admin/pages/{activity.batik.pk}/edit/"' in response.content.decode()


def test_an_officer_sees_the_pages_activity_only(client, officer, clerk, activity):
    reading_english(client, officer)

    assert rows(client) == [row for row in the_whole_record(activity) if row[0] != "clerk"]
    assert rows(client, action="recorded") == []
    assert rows(client, product="BTK-001") == [
        row for row in the_whole_record(activity) if row[0] != "clerk" and row[2] == BATIK
    ]
    people = client.get(ACTIVITY).context["filters"].form.fields["person"].queryset
    assert [user.username for user in people] == ["manager", "officer"]  # no clerk
    assert "Customer never paid" not in str(exported(client))


def test_a_superuser_sees_everything(client, django_user_model, activity):
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    reading_english(client, root)

    assert rows(client) == the_whole_record(activity)


@pytest.mark.parametrize("role", ["manager", "clerk"])
def test_managers_and_clerks_are_refused_and_see_no_menu_item(client, request, role):
    reading_english(client, request.getfixturevalue(role))

    for url in (ACTIVITY, ACTIVITY + "results/", ACTIVITY + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/admin/", url
    assert ACTIVITY not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["officer", "head"])
def test_officers_and_the_head_find_it_under_reports(client, request, role):
    reading_english(client, request.getfixturevalue(role))

    home = client.get("/admin/").content.decode()

    assert ACTIVITY in home and "Activity record" in home


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client,
    head,
    clerk,
    catalog,
    workshop,
    activity,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    reading_english(client, head)
    client.get(ACTIVITY)  # caches of content types and permissions, as after the first page
    # A query per kind of row (log model, users, each type of page and record) and for the
    # reader's institutions, none per row.
    with django_assert_max_num_queries(40) as thirty_rows:
        assert len(client.get(ACTIVITY).context["object_list"]) == 30
    # 20 more rows of the kinds already shown, older than the day: 5 products, an intake and
    # 7 sales.
    before = {model: model.objects.latest("pk").pk for model in (PageLogEntry, InstitutionLogEntry)}
    products = [ProductPageFactory(parent=catalog, workshop=workshop) for _number in range(5)]
    record_movement(products[0], 7, MovementKind.INTAKE, clerk)
    whatsapp = Channel.objects.get(code="whatsapp")
    for _number in range(7):
        record_sale(Sale(channel=whatsapp), [LineInput(products[0], 1)], clerk)
    for model, last in before.items():
        model.objects.filter(pk__gt=last).update(timestamp=parse_datetime("2026-01-01T00:00Z"))

    with django_assert_num_queries(len(thirty_rows)):
        assert len(client.get(ACTIVITY).context["object_list"]) == 50


def test_the_record_speaks_indonesian_by_default(client, head, activity):
    translation.deactivate()  # as in a fresh request: the site's default language
    client.force_login(head)

    page = client.get(ACTIVITY, {"action": ["rejected", "voided"]}).content.decode()

    assert "Catatan aktivitas" in page
    assert "Perubahan diminta (ditolak)" in page and "Dibatalkan" in page
    assert exported(client, action="voided")[0] == ["Waktu", "Siapa", "Tindakan", "Apa", "Rincian"]


def test_changes_requested_on_privacy_findings_list_their_kinds(
    client, manager, officer, head, catalog, category, workshop
):
    product = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        PhotoFactory(),
        short_description="Pesan lewat 0812-3456-7890 atau toko@example.test.",
    )
    client.force_login(officer)
    client.post(workflow_action_url(product, "reject"), {"comment": "Hapus nomornya."})
    reading_english(client, head)
    findings = (
        "officer",
        "Changes requested on privacy findings",
        BATIK,
        "Privacy findings: Phone number, E-mail address",
    )

    assert rows(client, action="privacy_rejected") == [findings]
    assert findings in rows(client, action=["rejected", "privacy_rejected"])


def test_exports_never_turn_typed_text_into_a_formula(client, head, clerk, catalog, workshop):
    """A title, a person's name or a reason typed as a formula stays text in a spreadsheet."""
    WorkshopPageFactory(parent=workshop.get_parent(), title="=1+2")
    product = ProductPageFactory(parent=catalog, code="BTK-009", workshop=workshop)
    record_movement(product, 1, MovementKind.INTAKE, clerk)
    clerk.first_name = "@SUM(A1)"
    clerk.save()
    sale = record_sale(
        Sale(channel=Channel.objects.get(code="whatsapp")), [LineInput(product, 1)], clerk
    )
    void_sale(sale, '=HYPERLINK("https://evil.test","Klik")', clerk)
    reading_english(client, head)
    voided = [
        "'@SUM(A1)",
        "Voided",
        f"Sale #{sale.pk}, WhatsApp",
        '\'=HYPERLINK("https://evil.test","Klik")',
    ]

    assert [row[1:] for row in exported(client, action="voided")[1:]] == [voided]
    drafted = [row[3] for row in exported(client, action="drafted")[1:]]
    assert "'=1+2" in drafted and "=1+2" not in drafted
    response = client.get(ACTIVITY, {"action": "voided", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[cell.value for cell in row][1:] for row in sheet.iter_rows(min_row=2)] == [voided]
