"""`manage.py sales_report`: a seeded month against totals computed by hand."""

import csv
import io

import openpyxl
import pytest

from django.core.management import CommandError, call_command


def report_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_the_csv_report_matches_the_hand_computed_month(november, tmp_path, capsys):
    output = tmp_path / "2026-11.csv"
    call_command("sales_report", "--month", "2026-11", "--format", "csv", "--output", str(output))

    header, *rows = report_rows(output)
    assert header[3:] == [
        "Quantity", "Gross (Rp)", "Discount (Rp)", "Net (Rp)", "Premi (Rp)", "PNBP (Rp)",
        "Rest (Rp)", "Cost of goods (Rp)", "Margin (Rp)",
    ]  # fmt: skip
    by_row = {(row[0], row[1]): [int(cell) for cell in row[3:]] for row in rows}
    # Batik, 15% / 20%: WhatsApp 2 × 150.000 = 300.000 → premi 45.000, PNBP 60.000;
    # gallery 1 × 33.310 → premi 4.996,5 → 4.997 (half up), PNBP 6.662, rest 21.651.
    # Cost 3 × 90.000 = 270.000.
    assert by_row[("Product", "BTK-001")] == [
        3, 333310, 0, 333310, 45000 + 4997, 60000 + 6662, 195000 + 21651, 270000, 63310,
    ]  # fmt: skip
    # Sandals, workshop override 10% / 25%: 3 × 120.000 − 15.000 = 345.000 → premi 34.500,
    # PNBP 86.250, rest 224.250; cost 3 × 70.000 = 210.000. The voided sale is left out.
    assert by_row[("Product", "SDL-003")] == [
        3, 360000, 15000, 345000, 34500, 86250, 224250, 210000, 135000,
    ]  # fmt: skip
    assert by_row[("Workshop", "sandal-hotel")] == by_row[("Product", "SDL-003")]
    assert by_row[("Channel", "walk_in")][3:6] == [33310, 4997, 6662]
    assert by_row[("Channel", "whatsapp")][3] == 300000
    # Total: net 300.000 + 345.000 + 33.310 = 678.310; premi 45.000 + 34.500 + 4.997 = 84.497;
    # PNBP 60.000 + 86.250 + 6.662 = 152.912; rest 678.310 − 84.497 − 152.912 = 440.901;
    # cost 270.000 + 210.000 = 480.000; margin 678.310 − 480.000 = 198.310.
    assert by_row[("Total", "")] == [
        6, 693310, 15000, 678310, 84497, 152912, 440901, 480000, 198310,
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


def test_clerks_do_not_see_the_report(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/orders/report/").status_code in (302, 403)
