"""`manage.py sales_report`: a seeded month against totals computed by hand."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from django.core.management import CommandError, call_command

from orders.models import ProductStock, Sale
from orders.recording import LineInput, record_sale
from tests.orders.test_admin_sales import row_with


def report_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def amounts_by_row(rows):
    """{(section, product code or name): [amounts…]}, a margin without HPP as None."""
    return {
        (row[0], row[1] or row[2]): [int(cell) if cell else None for cell in row[3:]]
        for row in rows
    }


def test_the_csv_report_matches_the_hand_computed_month(november, tmp_path, capsys):
    output = tmp_path / "2026-11.csv"
    call_command("sales_report", "--month", "2026-11", "--format", "csv", "--output", str(output))

    header, *rows = report_rows(output)
    assert header[3:] == [
        "Quantity", "Gross (Rp)", "Discount (Rp)", "Net (Rp)", "Premi (Rp)", "PNBP (Rp)",
        "Rest (Rp)", "Cost of goods (Rp)", "Margin (Rp)", "Lines without HPP",
    ]  # fmt: skip
    by_row = amounts_by_row(rows)
    # Batik, 15% / 20%: WhatsApp 2 × 150.000 = 300.000 → premi 45.000, PNBP 60.000;
    # gallery 1 × 33.310 → premi 4.996,5 → 4.997 (half up), PNBP 6.662, rest 21.651.
    # Cost 3 × 90.000 = 270.000.
    assert by_row[("Product", "BTK-001")] == [
        3, 333310, 0, 333310, 45000 + 4997, 60000 + 6662, 195000 + 21651, 270000, 63310, 0,
    ]  # fmt: skip
    # Sandals, workshop override 10% / 25%: 3 × 120.000 − 15.000 = 345.000 → premi 34.500,
    # PNBP 86.250, rest 224.250; cost 3 × 70.000 = 210.000. The voided sale is left out.
    assert by_row[("Product", "SDL-003")] == [
        3, 360000, 15000, 345000, 34500, 86250, 224250, 210000, 135000, 0,
    ]  # fmt: skip
    assert by_row[("Workshop", "Sandal Hotel")] == by_row[("Product", "SDL-003")]
    assert by_row[("Channel", "Galeri ruang kunjungan")][3:6] == [33310, 4997, 6662]
    assert by_row[("Channel", "WhatsApp")][3] == 300000
    # Total: net 300.000 + 345.000 + 33.310 = 678.310; premi 45.000 + 34.500 + 4.997 = 84.497;
    # PNBP 60.000 + 86.250 + 6.662 = 152.912; rest 678.310 − 84.497 − 152.912 = 440.901;
    # cost 270.000 + 210.000 = 480.000; margin 678.310 − 480.000 = 198.310.
    assert by_row[("Total", "")] == [
        6, 693310, 15000, 678310, 84497, 152912, 440901, 480000, 198310, 0,
    ]  # fmt: skip
    assert (
        "Sales report 2026-11: 3 sales, net Rp 678.310, premi Rp 84.497, PNBP Rp 152.912"
        in capsys.readouterr().out
    )


def test_the_xlsx_report_has_a_sheet_per_section_with_the_same_totals(november, tmp_path):
    output = tmp_path / "2026-11.xlsx"
    call_command("sales_report", "--month", "2026-11", "--format", "xlsx", "--output", str(output))

    workbook = openpyxl.load_workbook(output, read_only=True)
    assert workbook.sheetnames == ["Product", "Workshop", "Channel"]
    for sheet in workbook.worksheets:
        total = list(sheet.iter_rows(values_only=True))[-1]
        assert total[1] == "Total" and total[5] == 678310 and total[6] == 84497


def test_errors_name_the_flag(db, tmp_path):
    with pytest.raises(CommandError, match="--month 'November'"):
        call_command("sales_report", "--month", "November", "--output", str(tmp_path / "r.csv"))
    with pytest.raises(CommandError, match="--output"):
        call_command("sales_report", "--month", "2026-11", "--output", "/no/such/dir/r.csv")


def test_the_head_downloads_the_report_from_the_admin(november, head_client, clerk):
    response = head_client.get("/admin/orders/report/", {"month": "2026-11", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="sales-2026-11.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1][6] == "678310"

    page = head_client.get("/admin/orders/report/", {"month": "2026-11"}).content.decode()
    assert "678.310" in page and "BTK-001" in page
    xlsx = head_client.get("/admin/orders/report/", {"month": "2026-11", "format": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Product"


def test_rows_name_workshops_and_channels_not_their_slugs(november, head_client):
    page = head_client.get("/admin/orders/report/", {"month": "2026-11"}).content.decode()

    assert "<td>BTK-001 " in page  # products by the code clerks and customers use
    assert "<td>Sandal Hotel</td>" in page and "<td>Shopee</td>" in page
    assert "sandal-hotel" not in page and "<td>shopee" not in page


def test_a_sale_before_the_hpp_was_set_has_no_margin_and_is_counted(
    november, head_client, make_product, clerk, whatsapp, tmp_path
):
    """Clutches sold before their HPP was entered: counting their cost as 0 would show a
    100% margin."""
    clutch = make_product("TAS-001", stock=4, price=200000, title="Clutch Anyaman")
    record_sale(Sale(channel=whatsapp, date=date(2026, 11, 20)), [LineInput(clutch, 2)], clerk)
    ProductStock.objects.filter(product=clutch).update(cost_of_goods=80000)  # set afterwards

    output = tmp_path / "2026-11.csv"
    call_command("sales_report", "--month", "2026-11", "--format", "csv", "--output", str(output))
    by_row = amounts_by_row(report_rows(output)[1:])
    # Net 400.000, no cost known: no margin, one line counted without HPP.
    assert by_row[("Product", "TAS-001")][3] == 400000
    assert by_row[("Product", "TAS-001")][7:] == [0, None, 1]
    # The total's margin is the November fixture's (198.310): the clutch's net is not profit.
    assert by_row[("Total", "")][7:] == [480000, 198310, 1]
    assert by_row[("Channel", "WhatsApp")][7:] == [180000, 120000, 1]

    page = head_client.get("/admin/orders/report/", {"month": "2026-11"}).content.decode()
    assert "1 sale line has no HPP" in page
    clutch_row = row_with(page, "TAS-001 Clutch Anyaman")
    assert "<td>—</td><td>1</td>" in clutch_row


def test_clerks_do_not_see_the_report(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/orders/report/").status_code in (302, 403)
