"""`manage.py oversight_report`: the head's month, checked against figures computed by hand."""

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageLogEntry, TaskState
from wagtail.users.models import UserProfile

from orders.models import Sale
from orders.recording import LineInput, record_sale, void_sale
from tests.factories import ProductPageFactory

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=JAKARTA)


@pytest.fixture
def reviews(catalog, workshop, manager, officer):
    """Reviews decided in November: one approved after 26 hours, one sent back after 2 hours;
    and one approved on 31 October, 23:00 in Jakarta (16:00 UTC), which is not November's."""
    decisions = [
        ("Tas Anyaman", "approve", at(11, 2), at(11, 3, 11)),
        ("Dompet Kulit", "reject", at(11, 20, 8), at(11, 20, 10)),
        ("Roti Manis", "approve", at(10, 30), at(10, 31, 23)),
    ]
    for title, action, submitted, decided in decisions:
        page = ProductPageFactory(parent=catalog, workshop=workshop, title=title, live=False)
        page.save_revision(user=manager)
        page.get_workflow().start(page, manager)
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(task_state, officer, action)
        TaskState.objects.filter(pk=task_state.pk).update(started_at=submitted, finished_at=decided)
        PageLogEntry.objects.filter(page=page).update(timestamp=decided)


def run(tmp_path, month="2026-11"):
    call_command("oversight_report", "--month", month, "--output-dir", str(tmp_path))
    workbook = openpyxl.load_workbook(tmp_path / f"oversight-{month}.xlsx", read_only=True)
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    return sheets, (tmp_path / f"oversight-{month}.html").read_text()


def test_sales_premi_and_pnbp_match_the_hand_computed_month(november, tmp_path):
    sheets, html = run(tmp_path)

    summary = dict(sheets["Summary"][1:])
    # The orders tests' month: net 300.000 + 345.000 + 33.310; premi 45.000 + 34.500 + 4.997;
    # PNBP 60.000 + 86.250 + 6.662 (tests/orders/management/test_sales_report.py).
    assert summary["Sales"] == 3
    assert summary["Net (Rp)"] == 678310
    assert summary["Premi (Rp)"] == 84497
    assert summary["PNBP (Rp)"] == 152912
    assert summary["Rest (Rp)"] == 440901
    heading, *by_workshop = sheets["Sales by workshop"]
    assert heading == ("Code", "Name", "Quantity", "Net (Rp)", "Premi (Rp)", "PNBP (Rp)",
                       "Rest (Rp)")  # fmt: skip
    # Workshops and channels are named, not shown by their slugs.
    assert (None, "Sandal Hotel", 3, 345000, 34500, 86250, 224250) in by_workshop
    by_channel = {row[1]: row[3:6] for row in sheets["Sales by channel"][1:]}
    assert by_channel["WhatsApp"] == (300000, 45000, 60000)
    assert by_channel["Galeri ruang kunjungan"] == (33310, 4997, 6662)
    assert "678.310" in html and "84.497" in html and "152.912" in html


def test_reviews_and_their_times_are_those_decided_in_the_month(reviews, tmp_path):
    sheets, _html = run(tmp_path)

    summary = dict(sheets["Summary"][1:])
    assert summary["Reviews decided"] == 2
    assert summary["Approved"] == 1 and summary["Changes requested"] == 1
    assert summary["Median review time (hours)"] == 14.0  # (26 + 2) / 2
    assert summary["Longest review time (hours)"] == 26.0
    assert [row[:4] for row in sheets["Reviews"][1:]] == [
        ("Tas Anyaman", "manager", "officer", "Approved"),
        ("Dompet Kulit", "manager", "officer", "Changes requested"),
    ]


def test_stock_moves_in_the_month_it_really_moved(make_product, clerk, whatsapp, tmp_path):
    """Recorded today: 10 batiks made; a sale dated the last day of last month (entered late);
    a sale of today; and a sale of last month voided today."""
    today = timezone.localdate(timezone=JAKARTA)
    last_month = today.replace(day=1) - timedelta(days=1)
    batik = make_product("BTK-001", stock=10)

    def sale(day, quantity):
        return record_sale(Sale(channel=whatsapp, date=day), [LineInput(batik, quantity)], clerk)

    sale(last_month, 2)
    sale(today, 3)
    void_sale(sale(last_month, 1), "Entered twice", clerk)

    this_months, _html = run(tmp_path, today.strftime("%Y-%m"))
    last_months, _html = run(tmp_path, last_month.strftime("%Y-%m"))

    heading, *rows = this_months["Stock movements"]
    assert heading == ("Code", "Name", "Production intake", "Sale", "Return", "Void of a sale",
                       "Adjustment", "Reserved for a production order",
                       "Released by a cancelled production order", "Change")  # fmt: skip
    # This month: made 10, sold 3 (the sales' figure too), the voided sale's batik back.
    assert [row[0:1] + row[2:] for row in rows] == [("BTK-001", 10, -3, 0, 1, 0, 0, 0, 8)]
    assert dict(this_months["Summary"][1:])["Quantity"] == 3
    # Last month: the late sale is last month's, in the stock as in the sales; the voided
    # sale's batik left then (it came back this month) but the sale no longer counts.
    [row] = last_months["Stock movements"][1:]
    assert row[0:1] + row[2:] == ("BTK-001", 0, -3, 0, 0, 0, 0, 0, -3)
    assert dict(last_months["Summary"][1:])["Quantity"] == 2


def test_the_catalog_health_is_part_of_the_report(november, tmp_path):
    sheets, _html = run(tmp_path)

    # The orders tests' products have no photo, and the institution no WhatsApp number.
    problems = dict(sheets["Catalog health"][1:])
    assert problems.pop("Settings") == "The institution has no WhatsApp order number."
    assert {product.split()[0] for product in problems} == {"BTK-001", "SDL-003"}
    assert all("No photo" in problem for problem in problems.values())


def test_errors_name_the_option(db, tmp_path):
    with pytest.raises(CommandError, match="--month 'November'"):
        call_command("oversight_report", "--month", "November", "--output-dir", str(tmp_path))
    with pytest.raises(CommandError, match="--output-dir"):
        call_command("oversight_report", "--month", "2026-11", "--output-dir", "/no/such/dir")
    assert not list(tmp_path.iterdir())


def test_the_head_prints_or_downloads_the_report_from_the_admin(november, client, head, officer):
    url = reverse("oversight_accountability_report")
    client.force_login(head)
    assert b'type="month"' in client.get(url).content

    page = client.get(url, {"month": "2026-11", "format": "html"}).content.decode()
    workbook = client.get(url, {"month": "2026-11", "format": "xlsx"})

    assert "678.310" in page and "<table>" in page
    assert workbook["Content-Disposition"] == 'attachment; filename="oversight-2026-11.xlsx"'
    summary = openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True).worksheets[0]
    assert ("Net (Rp)", 678310) in list(summary.iter_rows(values_only=True))

    client.force_login(officer)
    assert client.get(url, {"month": "2026-11", "format": "html"}).status_code == 302


def test_the_month_is_the_installations_whatever_the_heads_own_time_zone(
    reviews, client, head, tmp_path
):
    """The head's admin is in WIT (Jayapura), where 31 October, 23:00 in Jakarta is already
    1 November: the admin's report still has November's two reviews, as the command's has."""
    profile = UserProfile.get_for_user(head)
    profile.current_time_zone = "Asia/Jayapura"
    profile.save()
    client.force_login(head)
    url = reverse("oversight_accountability_report")

    workbook = client.get(url, {"month": "2026-11", "format": "xlsx"}).content
    from_admin = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)["Reviews"]
    from_command, _html = run(tmp_path)

    assert list(from_admin.iter_rows(values_only=True)) == from_command["Reviews"]
    assert [row[0] for row in from_command["Reviews"][1:]] == ["Tas Anyaman", "Dompet Kulit"]
    # Times in Jakarta's time: submitted 2 November 09:00, decided 3 November 11:00.
    assert from_command["Reviews"][1][4:6] == ("2026-11-02 09:00", "2026-11-03 11:00")


def test_a_failed_write_leaves_the_last_reports_as_they_were(november, tmp_path, monkeypatch):
    (tmp_path / "oversight-2026-11.xlsx").write_bytes(b"last run's workbook")
    (tmp_path / "oversight-2026-11.html").write_bytes(b"last run's page")
    write_bytes = Path.write_bytes

    def disk_full_at_the_page(path, content):
        if ".html" in path.name:
            raise OSError(28, "No space left on device")
        return write_bytes(path, content)

    monkeypatch.setattr(Path, "write_bytes", disk_full_at_the_page)

    with pytest.raises(CommandError) as failed:
        call_command("oversight_report", "--month", "2026-11", "--output-dir", str(tmp_path))

    assert "No space left on device" in str(failed.value) and str(tmp_path) in str(failed.value)
    monkeypatch.undo()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "oversight-2026-11.html",
        "oversight-2026-11.xlsx",
    ]  # no partial file left behind
    assert (tmp_path / "oversight-2026-11.xlsx").read_bytes() == b"last run's workbook"
    assert (tmp_path / "oversight-2026-11.html").read_bytes() == b"last run's page"


def test_without_an_institution_there_is_no_report(client, november, django_user_model):
    """The report permission alone, in no institution's group: no institution's report (it
    used to fail, or show another's)."""
    loner = django_user_model.objects.create_user("loner", "loner@example.test", "x")
    loner.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_report"),
    )
    client.force_login(loner)

    refused = client.get(
        reverse("oversight_accountability_report"), {"month": "2026-11", "format": "html"}
    )

    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
