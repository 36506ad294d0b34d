"""What every format module turns a row into."""

from dataclasses import dataclass
from datetime import date


@dataclass
class OrderRow:
    """One line of one marketplace order, as the export gives it."""

    line_number: int
    order_number: str
    date: date
    sku: str
    quantity: int
    unit_price: int
    discount: int
    paid: bool = True
    shipping: str = "not_shipped"
    buyer: str = ""
