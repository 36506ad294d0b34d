"""Tokopedia Seller: *Daftar Transaksi → Download Laporan Penjualan* (sheet `Laporan
Penjualan`: title rows, the header on row 4, data from row 5).

One row per order line. The columns read (by name; others are ignored):

| column                      | example                        | use                            |
|-----------------------------|--------------------------------|--------------------------------|
| `Invoice`                   | `INV/20261118/MPL/1234567890`  | order number                   |
| `Payment Date`              | `18-11-2026 09:15:00`          | date of the sale (DD-MM-YYYY)  |
| `Order Status`              | `Pesanan Selesai`              | cancelled orders are skipped   |
| `Stock Keeping Unit (SKU)`  | `KOS-004`                      | product code                   |
| `Quantity`                  | `2`                            | quantity                       |
| `Price (Rp.)`               | `85000`                        | unit price                     |
| `Discount Amount (Rp.)`     | `2500`                         | discount per unit              |

Money is plain digits. `Total Amount (Rp.)` = Quantity × (Price − Discount) + shipping, so the
discount is per unit: line discount = Discount Amount × Quantity. Customer names, phones and
addresses are not read: the marketplace keeps them.
"""

from orders.imports import values
from orders.imports.rows import OrderRow

CHANNEL = "tokopedia"
ORDER = "Invoice"
PAID_AT = "Payment Date"
STATUS = "Order Status"
SKU = "Stock Keeping Unit (SKU)"
QUANTITY = "Quantity"
PRICE = "Price (Rp.)"
DISCOUNT = "Discount Amount (Rp.)"

REQUIRED_COLUMNS = [ORDER, PAID_AT, STATUS, SKU, QUANTITY, PRICE, DISCOUNT]
DATE_FORMATS = ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"]
SHIPPING = {"pesanan selesai": "delivered", "pesanan dikirim": "shipped"}


def parse_row(line_number, row):
    """The row's order line, None for a cancelled order, or RowProblem."""
    status = values.text(row.get(STATUS)).lower()
    if "batal" in status or "cancel" in status:
        return None
    quantity = values.quantity(row.get(QUANTITY), QUANTITY)
    return OrderRow(
        line_number=line_number,
        order_number=values.order_number(row.get(ORDER), ORDER),
        date=values.when(row.get(PAID_AT), PAID_AT, DATE_FORMATS),
        sku=values.text(row.get(SKU)),
        quantity=quantity,
        unit_price=values.money(row.get(PRICE), PRICE),
        discount=values.money(row.get(DISCOUNT), DISCOUNT) * quantity,
        shipping=SHIPPING.get(status, "not_shipped"),
    )
