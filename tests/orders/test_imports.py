"""Marketplace imports through the admin, as a clerk: preview, confirm, import twice, and
malformed files that import nothing."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from cms.models import Availability, InstitutionLogEntry
from orders.models import Import, ImportStatus, ProductStock, Sale, StockMovement
from orders.recording import LineInput, record_sale
from tests.orders.exports import (
    SHOPEE_HEADER,
    TOKOPEDIA_HEADER,
    TOKOPEDIA_TITLE,
    csv_file,
    cut_off_sheet,
    shopee_row,
    tokopedia_row,
    xlsx,
)

IMPORTS = "/admin/orders/import/"


@pytest.fixture
def products(make_product):
    return {
        "BTK-001": make_product("BTK-001", stock=5, price=350000),
        "SDL-003": make_product("SDL-003", stock=10, price=120000),
        "KOS-004": make_product("KOS-004", stock=10, price=85000),
        "ROT-001": make_product("ROT-001", stock=10, price=25000),
    }


def shopee_export():
    """Two orders and a cancelled one, as in the seller centre's sample: order 0001 has two
    lines (two SKUs under one number) and a seller discount of Rp 25.000 on the batik."""
    return xlsx(
        SHOPEE_HEADER,
        [
            shopee_row("2611150001ABCD", "BTK-001", price="350.000", after="325.000"),
            shopee_row("2611150001ABCD", "SDL-003", quantity="2", price="120.000", after="120.000"),
            shopee_row("2611150002EFGH", "SDL-003", "3", "Rp 120.000", "120000"),
            shopee_row("2611160003IJKL", "KLT-002", **{"Status Pesanan": "Batal"}),
        ],
    )  # fmt: skip


def upload(client, channel, name, content):
    response = client.post(
        IMPORTS + "create/", {"channel": channel.pk, "file": SimpleUploadedFile(name, content)}
    )
    return response, Import.objects.order_by("-pk").first()


def preview_of(client, record):
    return client.get(f"{IMPORTS}preview/{record.pk}/").content.decode()


def test_preview_then_confirm_creates_one_sale_per_order(clerk_client, clerk, products, shopee):
    response, record = upload(
        clerk_client, shopee, "Order.all.20261101_20261130.xlsx", shopee_export()
    )
    assert response.status_code == 302 and response.url == f"{IMPORTS}preview/{record.pk}/"

    page = preview_of(clerk_client, record)
    assert "2 sales to create" in page
    assert "2611150001ABCD" in page and "1 × BTK-001, 2 × SDL-003" in page
    assert "lines 5" in page  # the cancelled order is skipped, not imported
    assert not Sale.objects.exists()  # a preview records nothing

    assert clerk_client.post(f"{IMPORTS}preview/{record.pk}/").status_code == 302

    first = Sale.objects.get(external_reference="2611150001ABCD")
    assert first.channel == shopee and str(first.date) == "2026-11-15"
    assert first.total_net == 325000 + 240000  # 350.000 − 25.000 discount, 2 × 120.000
    assert first.lines.get(product=products["BTK-001"]).discount == 25000
    assert first.customer_contact == "pembeli_a" and first.recorded_by == clerk
    assert Sale.objects.count() == 2
    assert ProductStock.objects.get(product=products["SDL-003"]).quantity == 10 - 2 - 3
    record.refresh_from_db()
    assert (record.status, record.sales_created, record.content) == ("imported", 2, None)
    assert InstitutionLogEntry.objects.filter(action="orders.import", user=clerk).exists()


def test_importing_the_same_file_twice_creates_nothing_new(clerk_client, products, shopee):
    _response, first = upload(clerk_client, shopee, "orders.xlsx", shopee_export())
    clerk_client.post(f"{IMPORTS}preview/{first.pk}/")

    _response, second = upload(clerk_client, shopee, "orders.xlsx", shopee_export())
    page = preview_of(clerk_client, second)
    assert "0 sales to create" in page
    assert "2611150001ABCD, 2611150002EFGH" in page  # already imported
    clerk_client.post(f"{IMPORTS}preview/{second.pk}/")

    assert Sale.objects.count() == 2
    second.refresh_from_db()
    assert (second.status, second.already_imported) == (ImportStatus.NOTHING_NEW, 2)


def test_a_tokopedia_csv_with_title_rows_semicolons_and_a_bom(clerk_client, products, tokopedia):
    rows = [
        tokopedia_row("INV/20261118/MPL/1234567890", "KOS-004", quantity=2),
        tokopedia_row(
            "INV/20261119/MPL/1234567891", "ROT-001", quantity=5, price="25000", discount="2500",
            **{"Payment Date": "19-11-2026 16:40:00"},
        ),
    ]  # fmt: skip
    content = xlsx(TOKOPEDIA_HEADER, rows, title_rows=TOKOPEDIA_TITLE)
    _response, record = upload(clerk_client, tokopedia, "penjualan.xlsx", content)
    clerk_client.post(f"{IMPORTS}preview/{record.pk}/")
    bread = Sale.objects.get(external_reference="INV/20261119/MPL/1234567891")
    # The discount is per unit: 5 × (25.000 − 2.500) = 112.500, as the export's total says.
    assert (bread.total_net, str(bread.date)) == (112500, "2026-11-19")

    content = csv_file(TOKOPEDIA_HEADER, rows, delimiter=";", bom=True)
    _response, again = upload(clerk_client, tokopedia, "penjualan.csv", content)
    assert "0 sales to create" in preview_of(clerk_client, again)


def test_a_malformed_file_lists_every_problem_row_and_imports_nothing(
    clerk_client, products, shopee
):
    content = csv_file(
        SHOPEE_HEADER,
        [
            shopee_row("2611150001ABCD", "BTK-001"),  # fine on its own
            shopee_row("2611150005AAAA", "XYZ-999"),
            shopee_row("2611150006BBBB", "SDL-003", **{"Waktu Pesanan Dibuat": "15/11/2026"}),
            shopee_row("2611150007CCCC", "SDL-003", quantity="-1"),
            shopee_row("2611150001ABCD", "BTK-001"),
        ],
    )
    _response, record = upload(clerk_client, shopee, "orders.csv", content)

    page = preview_of(clerk_client, record)
    assert "4 problems: nothing can be imported" in page
    assert "Unknown SKU “XYZ-999”" in page
    assert "Waktu Pesanan Dibuat is not a date like 2026-11-15 10:00: “15/11/2026”" in page
    assert "Jumlah must be a whole number from 1 to 100.000, not “-1”" in page
    assert "Duplicate order number 2611150001ABCD with BTK-001, already on line 2" in page
    assert "Import these sales" not in page

    clerk_client.post(f"{IMPORTS}preview/{record.pk}/")  # posted anyway
    assert not Sale.objects.exists()
    record.refresh_from_db()
    assert (record.status, record.problems) == (ImportStatus.REFUSED, 4)
    assert ProductStock.objects.get(product=products["BTK-001"]).quantity == 5


def test_missing_columns_are_named_and_no_import_is_recorded(clerk_client, products, shopee):
    header = [column for column in SHOPEE_HEADER if column not in ("Jumlah", "Harga Awal")]
    response, record = upload(clerk_client, shopee, "orders.csv", csv_file(header, []))
    assert "The file has no column “Harga Awal”, “Jumlah”." in response.content.decode()
    assert record is None


def test_an_order_beyond_the_stock_is_a_problem_row(clerk_client, products, shopee):
    content = csv_file(SHOPEE_HEADER, [shopee_row("2611150009ZZZZ", "BTK-001", quantity="6")])
    _response, record = upload(clerk_client, shopee, "orders.csv", content)
    assert "Only 5 of BTK-001 in stock" in preview_of(clerk_client, record)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("orders.exe", b"MZ", "Upload the export as a .csv or .xlsx file."),
        ("orders.xlsx", b"not a zip", "This file is not a real XLSX workbook."),
        ("orders.csv", b"a,b\x00", "This file is not a text CSV file."),
        ("orders.csv", b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
    ],
)
def test_uploads_are_checked_before_anything_reads_them(
    clerk_client, shopee, name, content, message
):
    response, record = upload(clerk_client, shopee, name, content)
    assert message in response.content.decode()
    assert record is None


def test_a_formula_in_a_cell_is_never_run_and_is_refused_as_an_order_number(
    clerk_client, products, shopee
):
    content = csv_file(SHOPEE_HEADER, [shopee_row('=HYPERLINK("http://x")', "BTK-001")])
    _response, record = upload(clerk_client, shopee, "orders.csv", content)
    assert "No. Pesanan is not an order number" in preview_of(clerk_client, record)


def test_a_manager_cannot_import(client, manager, shopee):
    client.force_login(manager)
    response, record = upload(client, shopee, "orders.csv", b"a,b")
    assert response.status_code in (302, 403) and record is None


def confirm_and_check_nothing_was_imported(client, record, products):
    """Confirming a refused file records no sale and no movement, and leaves the import
    refused, its file dropped: never half made, never waiting."""
    movements = StockMovement.objects.count()
    client.post(f"{IMPORTS}preview/{record.pk}/")
    assert not Sale.objects.exists()
    assert StockMovement.objects.count() == movements
    record.refresh_from_db()
    assert (record.status, record.content) == (ImportStatus.REFUSED, None)


@pytest.mark.parametrize(
    ("quantity", "price", "message"),
    [
        ("3000000000", "325.000", "Jumlah must be a whole number from 1 to 100.000, not “3000000"),
        ("99999999999999", "325.000", "Jumlah must be a whole number from 1 to 100.000"),
        ("1", "2.000.000.000", "Harga Awal is Rp 2.000.000.000, more than any product"),
    ],
)  # fmt: skip
def test_an_absurd_quantity_or_price_is_a_problem_row_and_nothing_is_imported(
    clerk_client, products, make_product, shopee, quantity, price, message
):
    make_product("KLT-002", availability=Availability.MADE_TO_ORDER, price=325000)
    rows = [
        shopee_row("2611150001ABCD", "BTK-001"),
        shopee_row("2611150002EFGH", "KLT-002", quantity=quantity, price=price, after="325.000"),
    ]
    _response, record = upload(clerk_client, shopee, "orders.csv", csv_file(SHOPEE_HEADER, rows))

    page = preview_of(clerk_client, record)
    assert message in page and "Import these sales" not in page
    confirm_and_check_nothing_was_imported(clerk_client, record, products)
    assert "line 3: " + message.split("“")[0] in record.outcome


def test_a_bundle_sku_and_a_free_row_are_problem_rows(clerk_client, products, shopee):
    rows = [
        shopee_row("2611150001ABCD", "PAKET BTK-001 + KOS-004", price="400.000", after="400.000"),
        shopee_row("2611150002EFGH", "SDL-003", price="0", after="0"),
    ]
    _response, record = upload(clerk_client, shopee, "orders.csv", csv_file(SHOPEE_HEADER, rows))

    page = preview_of(clerk_client, record)
    assert (
        "SKU “PAKET BTK-001 + KOS-004” is not exactly one product code (like BTK-001). Bundles "
        "must be recorded per product"
    ) in page
    assert "The price is Rp 0: a sale needs a price." in page
    confirm_and_check_nothing_was_imported(clerk_client, record, products)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (cut_off_sheet(xlsx(SHOPEE_HEADER, [shopee_row("2611150001ABCD", "BTK-001")] * 50)),
         "The workbook is damaged and cannot be read to its end."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
         "This workbook is protected by a password or saved in the old .xls format."),
    ],
)  # fmt: skip
def test_an_unreadable_workbook_is_refused_on_upload_and_leaves_no_record(
    clerk_client, products, shopee, content, message
):
    response, record = upload(clerk_client, shopee, "orders.xlsx", content)
    assert response.status_code == 200 and message in response.content.decode()
    assert record is None and not Sale.objects.exists()


def test_a_csv_in_another_encoding_is_refused_on_upload(clerk_client, products, shopee):
    content = csv_file(
        SHOPEE_HEADER, [shopee_row("2611150001ABCD", "BTK-001", **{"Nama Produk": "Kain é"})]
    )
    response, record = upload(
        clerk_client, shopee, "orders.csv", content.decode().encode("latin-1")
    )
    assert "Save the CSV file as UTF-8 text" in response.content.decode() and record is None


def test_a_confirmed_import_runs_as_a_task_whose_page_shows_progress_then_the_outcome(
    clerk_client, products, shopee
):
    _response, record = upload(clerk_client, shopee, "orders.xlsx", shopee_export())
    assert record.rows_in_file == 4

    Import.objects.filter(pk=record.pk).update(status=ImportStatus.QUEUED, rows_done=0)
    page = preview_of(clerk_client, record)
    assert "Waiting to be imported: 0 of 4 rows read." in page
    assert '<meta http-equiv="refresh"' in page

    Import.objects.filter(pk=record.pk).update(status=ImportStatus.PREVIEWED)
    response = clerk_client.post(f"{IMPORTS}preview/{record.pk}/")  # the test backend runs it now
    assert response.url == f"{IMPORTS}preview/{record.pk}/"
    page = preview_of(clerk_client, record)
    assert "Imported: 2 sales created." in page and "http-equiv" not in page
    record.refresh_from_db()
    assert (record.status, record.rows_done) == (ImportStatus.IMPORTED, 4)

    clerk_client.post(f"{IMPORTS}preview/{record.pk}/")  # the confirmation sent again
    assert Sale.objects.count() == 2


def test_the_import_checks_the_stock_again_when_it_runs(
    clerk_client, products, whatsapp, clerk, shopee
):
    """A clerk sells the last batik by hand between the preview and the import: the import,
    checked again in its transaction, is refused in words and records nothing."""
    content = csv_file(SHOPEE_HEADER, [shopee_row("2611150009ZZZZ", "BTK-001", quantity="5")])
    _response, record = upload(clerk_client, shopee, "orders.csv", content)
    assert "Import these sales" in preview_of(clerk_client, record)

    record_sale(Sale(channel=whatsapp), [LineInput(products["BTK-001"], 1)], clerk)
    clerk_client.post(f"{IMPORTS}preview/{record.pk}/")

    assert not Sale.objects.filter(channel=shopee).exists()
    assert ProductStock.objects.get(product=products["BTK-001"]).quantity == 4
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED
    assert "line 2: Only 4 of BTK-001 in stock" in record.outcome
    assert "Only 4 of BTK-001 in stock" in preview_of(clerk_client, record)


def test_the_preview_of_a_long_file_lists_the_first_hundred_and_counts_the_rest(
    clerk_client, make_product, shopee
):
    """A month of a busy shop: 250 orders, 130 of them already imported. The page lists 100
    of each kind and says how many more there are, instead of a table no phone can show."""
    make_product("SDL-003", availability=Availability.MADE_TO_ORDER)
    rows = [shopee_row(f"26111500{number:04d}AB", "SDL-003") for number in range(250)]
    _response, earlier = upload(
        clerk_client, shopee, "early.csv", csv_file(SHOPEE_HEADER, rows[:130])
    )
    clerk_client.post(f"{IMPORTS}preview/{earlier.pk}/")
    _response, record = upload(clerk_client, shopee, "month.csv", csv_file(SHOPEE_HEADER, rows))

    page = preview_of(clerk_client, record)
    assert "120 sales to create" in page
    assert page.count('class="to-create"') == 100
    assert "… and 20 more, not listed here." in page
    assert "… and 30 more, not listed here." in page  # of the 130 already imported
    assert "Import these sales" in page
