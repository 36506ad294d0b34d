"""Shopee Seller Centre: *Pesanan Saya → Ekspor* (sheet `orders`, header on row 1).

One row per order line. The columns read (by name; the export has ~47, others are ignored):

| column                        | example            | use                                     |
|-------------------------------|--------------------|-----------------------------------------|
| `No. Pesanan`                 | `2611150001ABCD`   | order number (one sale per number)      |
| `Status Pesanan`              | `Selesai`, `Batal` | `Batal` (cancelled) rows are skipped    |
| `Waktu Pesanan Dibuat`        | `2026-11-15 10:00` | date of the sale                        |
| `Nomor Referensi SKU`         | `BTK-001`          | product code (else `SKU Induk`)         |
| `Harga Awal`                  | `350.000`          | unit price                              |
| `Harga Setelah Diskon`        | `325.000`          | unit price after the seller's discount  |
| `Jumlah`                      | `1`                | quantity                                |
| `Waktu Pembayaran Dilakukan`  | `2026-11-15 10:02` | optional; empty means not paid yet      |
| `Username (Pembeli)`          | `pembeli_a`        | optional; the buyer's handle            |

Money is written with `.` as the thousands separator. Line discount = (Harga Awal − Harga
Setelah Diskon) × Jumlah. The masked name, phone and address of the buyer are not read.
"""

from django.utils.translation import gettext as _

from orders.imports import values
from orders.imports.rows import OrderRow
from orders.imports.values import RowProblem

CHANNEL = "shopee"
ORDER = "No. Pesanan"
STATUS = "Status Pesanan"
CREATED = "Waktu Pesanan Dibuat"
SKU = "Nomor Referensi SKU"
PARENT_SKU = "SKU Induk"
PRICE = "Harga Awal"
PRICE_AFTER_DISCOUNT = "Harga Setelah Diskon"
QUANTITY = "Jumlah"
PAID_AT = "Waktu Pembayaran Dilakukan"
BUYER = "Username (Pembeli)"

REQUIRED_COLUMNS = [ORDER, STATUS, CREATED, SKU, PRICE, PRICE_AFTER_DISCOUNT, QUANTITY]
DATE_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
CANCELLED = {"batal", "dibatalkan", "cancelled"}
SHIPPING = {"selesai": "delivered", "sedang dikirim": "shipped", "dikirim": "shipped"}


def parse_row(line_number, row):
    """The row's order line, None for a cancelled order, or RowProblem."""
    status = values.text(row.get(STATUS)).lower()
    if status in CANCELLED:
        return None
    price = values.money(row.get(PRICE), PRICE)
    discounted = values.money(row.get(PRICE_AFTER_DISCOUNT), PRICE_AFTER_DISCOUNT)
    if discounted > price:
        raise RowProblem(
            _("%(after)s is higher than %(before)s")
            % {"after": PRICE_AFTER_DISCOUNT, "before": PRICE}
        )
    quantity = values.quantity(row.get(QUANTITY), QUANTITY)
    return OrderRow(
        line_number=line_number,
        order_number=values.order_number(row.get(ORDER), ORDER),
        date=values.when(row.get(CREATED), CREATED, DATE_FORMATS),
        sku=values.text(row.get(SKU)) or values.text(row.get(PARENT_SKU)),
        quantity=quantity,
        unit_price=price,
        discount=(price - discounted) * quantity,
        paid=bool(values.text(row.get(PAID_AT))) if PAID_AT in row else True,
        shipping=SHIPPING.get(status, "not_shipped"),
        buyer=values.handle(row.get(BUYER)),
    )
