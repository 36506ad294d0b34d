"""The audit log of each institution's records (institutions/models/log.py): two institutions
do a day's work through the admin and the orders code, and each one's staff read only their own
protected names, sales, inquiries, imports, stock, redirects and settings changes: in the log
entries Wagtail's history views let them read, and in the activity record. (Wagtail's Site
history itself is for superusers: institutions/isolation.py.)"""

import csv
import io
import json
from importlib import import_module
from types import SimpleNamespace

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation

from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cms.models import Category, ProtectedName
from institutions.models import InstitutionLogEntry, Role
from operations.backups.database import dump
from orders.models import Channel, Import, Inquiry, MovementKind, ProductStock, Sale
from orders.recording import LineInput, record_sale
from orders.stock import record_movement
from oversight.models import OversightSettings
from tests.factories import PhotoFactory, ProductPageFactory
from tests.orders.conftest import logged_in_english
from tests.orders.exports import SHOPEE_HEADER, shopee_row, xlsx
from tests.oversight.test_activity import inquiry_form

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"
ACTIVITY = "/admin/reports/activity/"


@pytest.fixture(autouse=True)
def in_english():
    """Labels logged outside a request (a stock movement's kind) read as the code writes them."""
    with translation.override("en"):
        yield


def a_day_at(client, site, staff, product, name):
    """An institution's day, every record named after the institution: the officer adds a
    protected name and a redirect; the clerk receives stock, records a sale, an inquiry and
    an import; the head changes the oversight thresholds."""
    whatsapp, shopee = Channel.objects.get(code="whatsapp"), Channel.objects.get(code="shopee")
    logged_in_english(client, staff.officer)
    client.post(reverse("protected_names:add"), {"name": f"Nama {name}"})
    client.post(
        "/admin/redirects/add/",
        {"old_path": f"/lama-{name}", "site": site.pk, "redirect_link": "https://example.test/"},
    )
    record_movement(product, 5, MovementKind.INTAKE, staff.clerk)
    sale = Sale(channel=whatsapp, external_reference=f"SALE-{name}")
    record_sale(sale, [LineInput(product, 1)], staff.clerk)
    logged_in_english(client, staff.clerk)
    client.post(
        "/admin/orders/inquiry/create/",
        {**inquiry_form(whatsapp, product), "customer_name": f"Customer {name}"},
    )
    export = xlsx(SHOPEE_HEADER, [shopee_row(f"ORDER{name}", product.code)])
    client.post(
        "/admin/orders/import/create/",
        {"channel": shopee.pk, "file": SimpleUploadedFile(f"import-{name}.xlsx", export)},
    )
    client.post(f"/admin/orders/import/preview/{Import.objects.latest('pk').pk}/")  # confirm
    logged_in_english(client, staff.head)
    client.post(
        f"/admin/settings/oversight/oversightsettings/{site.pk}/",
        {"review_waiting_days": 4, "stale_product_days": 90, "sold_out_days": 30},
    )
    client.logout()


def staff_of(member_of, institution, name):
    """An officer, a clerk and a head of the institution, named after it (officer_ambon)."""
    return SimpleNamespace(
        **{
            role.name.lower(): member_of(institution, role, f"{role.name.lower()}_{name}")
            for role in (Role.OFFICER, Role.CLERK, Role.HEAD)
        }
    )


def logged_names(name):
    """The names the records of an institution's day are logged under, as its officer reads
    them (protected names, redirects) and as its head does (protected names, the orders'
    records, the settings of its own site)."""
    sale = Sale.objects.get(external_reference=f"SALE-{name}")
    imported = Sale.objects.get(external_reference=f"ORDER{name}")
    inquiry = Inquiry.objects.get(customer_name=f"Customer {name}")
    product = sale.lines.get().product.title
    officer = {f"Nama {name}", f"/lama-{name}"}
    head = {
        f"Nama {name}",
        str(sale),
        str(imported),
        str(inquiry),
        f"import-{name}.xlsx",
        f"Production intake +5 {product}",
        f"Sale -1 {product}",
        str(OversightSettings.for_site(sale.site)),
    }
    return SimpleNamespace(officer=officer, head=head, everything=officer | head)


@pytest.fixture
def two_days(client, home, catalog, workshop, category, bandung, bandung_catalog, member_of):
    """The same day at the first institution (Lapas Ambon) and at Lapas Bandung."""
    site = home.get_site()
    site.site_name = "Lapas Ambon"
    site.save()
    ambon = staff_of(member_of, site.institution, "ambon")
    bandung_staff = staff_of(member_of, bandung, "bandung")
    batik = ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, code="BTK-001", title="Batik"
    )
    bandung_catalog_page, bandung_workshop = bandung_catalog
    dompet = ProductPageFactory(
        parent=bandung_catalog_page,
        workshop=bandung_workshop,
        category=category,
        code="DMP-001",
        title="Dompet",
    )
    a_day_at(client, site, ambon, batik, "ambon")
    a_day_at(client, bandung.site, bandung_staff, dompet, "bandung")
    return SimpleNamespace(ambon=ambon, bandung=bandung_staff)


def readable_names(user):
    """The name (label) of every log entry of other records than pages the user may read, by
    the rule every history view applies (`viewable_by_user`)."""
    return {
        entry.label
        for log_model in (InstitutionLogEntry, ModelLogEntry)
        for entry in log_model.objects.viewable_by_user(user)
    }


def site_history_names(client, user):
    """The name (label) of every entry of Wagtail's Site history, from its CSV export."""
    logged_in_english(client, user)
    response = client.get(SITE_HISTORY, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return {row[1] for row in rows[1:]}


@pytest.mark.parametrize(("here", "there"), [("ambon", "bandung"), ("bandung", "ambon")])
@pytest.mark.parametrize("role", ["officer", "head"])
def test_each_institution_reads_its_own_records_history(client, two_days, here, there, role):
    reader = getattr(getattr(two_days, here), role)

    names = readable_names(reader)

    assert getattr(logged_names(here), role) <= names
    assert not names & logged_names(there).everything
    assert not [name for name in names if there in name.lower()]


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.test", "x")


def test_a_superuser_reads_every_institutions_records(client, two_days, root):
    names = site_history_names(client, root)

    assert logged_names("ambon").everything | logged_names("bandung").everything <= names


def activity_of(client, user):
    logged_in_english(client, user)
    response = client.get(ACTIVITY)
    assert response.status_code == 200
    people = response.context["filters"].form.fields["person"].queryset
    rows = [(row.user_name, row.what) for row in response.context["object_list"]]
    return rows, {person.username for person in people}


@pytest.mark.parametrize(("here", "there"), [("ambon", "bandung"), ("bandung", "ambon")])
def test_the_activity_record_shows_each_institution_its_own_records(client, two_days, here, there):
    staff = getattr(two_days, here)

    rows, people = activity_of(client, staff.head)

    whats = " ".join(what for _who, what in rows)
    assert f"Nama {here}" in whats and f"Sale SALE-{here}, WhatsApp" in whats
    assert f"Import of import-{here}.xlsx, Shopee" in whats
    assert there not in whats.lower() and not [who for who, _what in rows if there in who]
    assert people == {f"{role}_{here}" for role in ("officer", "clerk", "head")}

    rows, people = activity_of(client, staff.officer)
    whats = " ".join(what for _who, what in rows)
    assert f"Nama {here}" in whats and f"/lama-{here}" in whats
    assert "Sale" not in whats  # orders' records are for who may see the sales
    assert there not in whats.lower()
    # The head changed the thresholds: the oversight settings hold the officers' permission to
    # read this record, and by Wagtail's rule its changes with it.
    assert people == {f"officer_{here}", f"head_{here}"}


def test_a_deleted_protected_names_history_stays_with_its_institution(client, two_days, root):
    name = ProtectedName.objects.get(name="Nama bandung")
    logged_in_english(client, two_days.bandung.officer)
    client.post(reverse("protected_names:delete", args=[name.pk]))
    assert not ProtectedName.objects.filter(pk=name.pk).exists()

    assert "Nama bandung" in readable_names(two_days.bandung.officer)
    assert "Nama bandung" in site_history_names(client, root)
    assert "Nama bandung" not in readable_names(two_days.ambon.officer)
    rows, _people = activity_of(client, two_days.bandung.officer)
    assert [what for _who, what in rows].count("Nama bandung") == 2  # added, deleted
    rows, _people = activity_of(client, two_days.ambon.officer)
    assert "Nama bandung" not in [what for _who, what in rows]


def test_photos_and_stock_are_logged_with_their_institution_and_all_sites_redirects_with_none(
    client, bandung, bandung_catalog, category, officer, root
):
    catalog, workshop = bandung_catalog
    dompet = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    record_movement(dompet, 2, MovementKind.INTAKE, None)
    photo = PhotoFactory(collection=bandung.collection)
    everywhere = Redirect.objects.create(old_path="/semua", redirect_link="https://example.test/")

    for record in (photo, ProductStock.objects.get(product=dompet), everywhere):
        log(record, "wagtail.edit")

    assert [entry.site for entry in InstitutionLogEntry.objects.order_by("pk")] == [
        bandung.site,  # the intake
        bandung.site,
        bandung.site,
        None,
    ]
    assert "/semua" not in readable_names(officer)
    assert "/semua" in site_history_names(client, root)


def test_a_records_own_history_lists_its_entries(client, two_days):
    name = ProtectedName.objects.get(name="Nama bandung")
    logged_in_english(client, two_days.bandung.officer)

    history = client.get(reverse("protected_names:history", args=[name.pk]))

    assert [entry.user for entry in history.context["object_list"]] == [two_days.bandung.officer]


MIGRATION = import_module("cms.migrations.0015_institution_log_entries")


def apps_of_the_migration():
    """The models as the migration knew them (the institutions' were cms's then)."""
    state = MigrationLoader(connection).project_state(("cms", "0015_institution_log_entries"))
    return state.apps


def test_the_migration_moves_the_entries_of_institution_records_with_their_site(
    home, bandung, bandung_catalog, category, clerk, officer
):
    """As in a database of before the new log: every record's entries in Wagtail's table."""
    catalog, workshop = bandung_catalog
    dompet = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    record_movement(dompet, 2, MovementKind.INTAKE, None)
    whatsapp = Channel.objects.get(code="whatsapp")
    sale = record_sale(Sale(channel=whatsapp), [LineInput(dompet, 1)], clerk)
    InstitutionLogEntry.objects.all().delete()
    theirs = ProtectedName.objects.create(site=bandung.site, name="Siti Aminah")
    gone = ProtectedName.objects.create(site=bandung.site, name="Dihapus")
    records = [
        theirs,
        sale,
        sale.stock_movements.get(),
        ProductStock.objects.get(product=dompet),
        PhotoFactory(collection=bandung.collection),
        Redirect.objects.create(old_path="/semua", redirect_link="https://example.test/"),
        gone,
        Category.objects.get(),
    ]
    for record in records:
        ModelLogEntry.objects.log_action(record, "wagtail.create", user=officer, data={"n": 1})
    gone.delete()
    before = list(ModelLogEntry.objects.order_by("pk").values(*MIGRATION.FIELDS))
    apps = apps_of_the_migration()

    MIGRATION.move_to_institution_log(apps, None)

    moved = InstitutionLogEntry.objects.order_by("pk")
    assert list(moved.values(*MIGRATION.FIELDS)) == before[:-1]  # in order, times, users, data
    default_site = home.get_site()
    assert [entry.site for entry in moved] == [*[bandung.site] * 5, None, default_site]
    assert list(ModelLogEntry.objects.values(*MIGRATION.FIELDS)) == before[-1:]  # a category

    MIGRATION.move_back_to_model_log(apps, None)

    assert not InstitutionLogEntry.objects.exists()
    assert sorted(
        ModelLogEntry.objects.values_list("timestamp", "object_id", "content_type_id")
    ) == sorted((row["timestamp"], row["object_id"], row["content_type_id"]) for row in before)


def test_a_backup_holds_the_entries_with_their_institution(bandung, bandung_catalog, category):
    catalog, workshop = bandung_catalog
    dompet = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    record_movement(dompet, 2, MovementKind.INTAKE, None)
    stream = io.StringIO()

    counts = dump(stream)

    assert counts["institutions.institutionlogentry"] == 1
    rows = [json.loads(line) for line in stream.getvalue().splitlines()]
    [entry] = [row for row in rows if row["model"] == "institutions.institutionlogentry"]
    assert entry["fields"]["site"] == bandung.site.pk
    assert entry["fields"]["content_type"] == ["orders", "stockmovement"]
