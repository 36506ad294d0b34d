"""`manage.py import_orders`: the admin's import for a file on disk."""

import pytest

from django.core.management import CommandError, call_command

from orders.models import Import, Sale, StockMovement
from tests.orders.exports import SHOPEE_HEADER, csv_file, cut_off_sheet, shopee_row, xlsx


@pytest.fixture
def export_file(tmp_path, make_product):
    make_product("BTK-001", stock=5, price=350000)
    path = tmp_path / "Order.all.csv"
    rows = [
        shopee_row("2611150001ABCD", "BTK-001", price="350.000", after="325.000"),
        shopee_row("2611150002EFGH", "BTK-001", quantity="2", price="350.000", after="350.000"),
    ]
    path.write_bytes(csv_file(SHOPEE_HEADER, rows, delimiter=";"))
    return path


def test_a_dry_run_lists_the_sales_and_records_nothing(export_file, capsys):
    call_command("import_orders", str(export_file), "--channel", "shopee", "--dry-run")

    output = capsys.readouterr().out
    assert "1/2 2611150001ABCD 2026-11-15: 1 × BTK-001, Rp 325000" in output
    assert "Dry run: 2 sales would be created." in output
    assert not Sale.objects.exists() and not Import.objects.exists()


def test_imports_once_then_finds_everything_already_imported(export_file, capsys, clerk):
    call_command("import_orders", str(export_file), "--channel", "shopee", "--user", "clerk")
    assert "Imported 2 sales from Order.all.csv (0 already imported)" in capsys.readouterr().out
    assert set(Sale.objects.values_list("recorded_by__username", flat=True)) == {"clerk"}

    call_command("import_orders", str(export_file), "--channel", "shopee")
    assert "Imported 0 sales from Order.all.csv (2 already imported)" in capsys.readouterr().out
    assert Sale.objects.count() == 2


def test_problem_rows_are_printed_and_nothing_is_imported(export_file, capsys):
    export_file.write_bytes(csv_file(SHOPEE_HEADER, [shopee_row("2611150003XXXX", "NOP-404")]))

    with pytest.raises(CommandError, match="Nothing imported: 1 problem rows"):
        call_command("import_orders", str(export_file), "--channel", "shopee")
    assert "line 2: Unknown SKU “NOP-404”" in capsys.readouterr().err
    assert not Sale.objects.exists()


def test_errors_name_what_to_fix(db, tmp_path):
    with pytest.raises(CommandError, match="give the export's path as FILE"):
        call_command("import_orders", str(tmp_path / "missing.csv"), "--channel", "shopee")
    (tmp_path / "orders.csv").write_text("x")
    with pytest.raises(CommandError, match="check --user"):
        call_command(
            "import_orders", str(tmp_path / "orders.csv"), "--channel", "shopee", "--user", "nobody"
        )


def test_a_damaged_workbook_is_refused_in_words_and_records_nothing(export_file, capsys):
    damaged = export_file.with_name("Order.all.xlsx")
    damaged.write_bytes(
        cut_off_sheet(xlsx(SHOPEE_HEADER, [shopee_row("2611150001ABCD", "BTK-001")] * 50))
    )

    with pytest.raises(CommandError, match="Nothing imported: 1 problem rows"):
        call_command("import_orders", str(damaged), "--channel", "shopee")
    assert "file: The workbook is damaged and cannot be read to its end." in capsys.readouterr().err
    assert not Sale.objects.exists() and not Import.objects.exists()


def test_an_absurd_quantity_is_a_problem_row_and_records_nothing(export_file, capsys):
    rows = [shopee_row("2611150003XXXX", "BTK-001", quantity="3000000000")]
    export_file.write_bytes(csv_file(SHOPEE_HEADER, rows))

    with pytest.raises(CommandError, match="Nothing imported: 1 problem rows"):
        call_command("import_orders", str(export_file), "--channel", "shopee")
    assert "line 2: Jumlah must be a whole number from 1 to 100.000" in capsys.readouterr().err
    assert not Sale.objects.exists() and not Import.objects.exists()
    assert not StockMovement.objects.filter(kind="sale").exists()
