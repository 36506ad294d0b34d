"""`manage.py oversight_report`: the head's month, checked against figures computed by hand."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageLogEntry, TaskState

from orders.models import StockMovement
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
    assert ("sandal-hotel", "Sandal Hotel", 3, 345000, 34500, 86250, 224250) in by_workshop
    by_channel = {row[0]: row[3:6] for row in sheets["Sales by channel"][1:]}
    assert by_channel["whatsapp"] == (300000, 45000, 60000)
    assert by_channel["walk_in"] == (33310, 4997, 6662)
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


def test_stock_movements_are_summed_per_product_and_kind(november, tmp_path):
    november_day, october_day = at(11, 15), at(10, 31)
    StockMovement.objects.update(created_at=november_day)
    StockMovement.objects.filter(sale__date__month=10).update(created_at=october_day)

    sheets, _html = run(tmp_path)

    heading, *rows = sheets["Stock movements"]
    assert heading == ("Code", "Name", "Production intake", "Sale", "Return", "Void of a sale",
                       "Adjustment", "Change")  # fmt: skip
    # Batik: 10 made, 2 + 1 sold (the October sale is October's). Sandals: 10 made, 3 + 1
    # sold, the voided one back.
    assert [row[0:1] + row[2:] for row in rows] == [
        ("BTK-001", 10, -3, 0, 0, 0, 7),
        ("SDL-003", 10, -4, 0, 1, 0, 7),
    ]


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
    url = reverse("cms_accountability_report")
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
