"""Order exports in the layouts of the seller centres, built by the tests (never read from a
sample file): the header of each marketplace and writers for XLSX and CSV."""

import csv
import io
import zipfile

import openpyxl

SHOPEE_HEADER = [
    "No. Pesanan", "Status Pesanan", "Alasan Pembatalan", "Status Pembatalan/ Pengembalian",
    "No. Resi", "Opsi Pengiriman", "Antar ke counter/ pick-up",
    "Pesanan Harus Dikirimkan Sebelum (Menghindari keterlambatan)", "Waktu Pengiriman Diatur",
    "Waktu Pesanan Dibuat", "Waktu Pembayaran Dilakukan", "SKU Induk", "Nama Produk",
    "Nomor Referensi SKU", "Nama Variasi", "Harga Awal", "Harga Setelah Diskon", "Jumlah",
    "Total Harga Produk", "Total Diskon", "Diskon Dari Penjual", "Diskon Dari Shopee",
    "Berat Produk", "Jumlah Produk di Pesan", "Total Berat", "Voucher Ditanggung Penjual",
    "Cashback Koin", "Voucher Ditanggung Shopee", "Paket Diskon",
    "Paket Diskon (Diskon dari Shopee)", "Paket Diskon (Diskon dari Penjual)",
    "Potongan Koin Shopee", "Diskon Kartu Kredit", "Ongkos Kirim Dibayar oleh Pembeli",
    "Estimasi Potongan Biaya Pengiriman", "Ongkos Kirim Pengembalian Barang", "Total Pembayaran",
    "Perkiraan Ongkos Kirim", "Catatan dari Pembeli", "Catatan", "Username (Pembeli)",
    "Nama Penerima", "No. Telepon", "Alamat Pengiriman", "Kota/Kabupaten", "Provinsi",
    "Waktu Pesanan Selesai",
]  # fmt: skip

TOKOPEDIA_HEADER = [
    "Number", "Invoice", "Payment Date", "Order Status", "Product ID", "Product Name",
    "Quantity", "Stock Keeping Unit (SKU)", "Notes", "Price (Rp.)", "Discount Amount (Rp.)",
    "Subsidi Amount (Rp.)", "Customer Name", "Customer Phone", "Recipient", "Recipient Number",
    "Recipient Address", "Courier", "Shipping Price + fee (Rp.)", "Insurance (Rp.)",
    "Total Shipping Fee (Rp.)", "Total Amount (Rp.)", "AWB", "Jenis Layanan", "Bebas Ongkir",
    "Warehouse Origin", "Campaign Name",
]  # fmt: skip
TOKOPEDIA_TITLE = [["Laporan Penjualan"], ["Periode: 01-11-2026 - 30-11-2026"], []]


def shopee_row(order, sku, quantity="1", price="150.000", after="150.000", **more):
    """A completed Shopee order line; `more` overrides any column by its name."""
    row = {
        "No. Pesanan": order,
        "Status Pesanan": "Selesai",
        "Waktu Pesanan Dibuat": "2026-11-15 10:00",
        "Waktu Pembayaran Dilakukan": "2026-11-15 10:02",
        "SKU Induk": sku,
        "Nomor Referensi SKU": sku,
        "Nama Produk": "Produk",
        "Harga Awal": price,
        "Harga Setelah Diskon": after,
        "Jumlah": quantity,
        "Username (Pembeli)": "pembeli_a",
        "Nama Penerima": "A*** S***",
        "No. Telepon": "******7890",
    }
    row.update(more)
    return row


def tokopedia_row(invoice, sku, quantity=1, price="85000", discount="0", **more):
    row = {
        "Invoice": invoice,
        "Payment Date": "18-11-2026 09:15:00",
        "Order Status": "Pesanan Selesai",
        "Product Name": "Produk",
        "Quantity": quantity,
        "Stock Keeping Unit (SKU)": sku,
        "Price (Rp.)": price,
        "Discount Amount (Rp.)": discount,
        "Customer Name": "Budi",
    }
    row.update(more)
    return row


def table(header, rows):
    return [header] + [[row.get(column) for column in header] for row in rows]


def xlsx(header, rows, title_rows=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [*title_rows, *table(header, rows)]:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(header, rows, delimiter=",", bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(table(header, rows))
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def cut_off_sheet(workbook: bytes) -> bytes:
    """The workbook as a valid zip whose sheet XML stops halfway, as a broken download leaves it."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            damaged.writestr(name, data)
    return buffer.getvalue()
