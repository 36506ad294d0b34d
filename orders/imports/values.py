"""Reading one cell: money, quantities, dates and order numbers as seller centres write them.

Each function raises RowProblem with a reason a clerk understands.
"""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from orders.money import MAX_QUANTITY, MAX_UNIT_PRICE, rupiah

# 150.000 (Indonesian thousands), 150,000 (English thousands), 150000; an optional ",00".
MONEY = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,]00)?$")
ORDER_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]{2,63}$")


class RowProblem(Exception):
    """What is wrong with a row, in words; the row is listed with it and nothing is imported."""


def text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def money(cell, column) -> int:
    """`Rp 150.000`, `150.000`, `150000` or a number → 150000, at most MAX_UNIT_PRICE (every
    amount a format reads is per unit)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if cell < 0 or (isinstance(cell, float) and not cell.is_integer()):
            raise RowProblem(
                _("%(column)s is not an amount in whole rupiah: %(value)s")
                % {"column": column, "value": cell}
            )
        amount = int(cell)
    else:
        value = text(cell).replace("Rp", "").replace(" ", "").replace("\u00a0", "")
        match = MONEY.match(value)
        if not match:
            raise RowProblem(
                _("%(column)s is not an amount in rupiah: “%(value)s”")
                % {"column": column, "value": text(cell)[:70]}
            )
        amount = int(re.sub(r"[.,]", "", match.group(1)))
    if amount > MAX_UNIT_PRICE:
        raise RowProblem(
            _("%(column)s is Rp %(value)s, more than any product's price (at most Rp %(most)s).")
            % {"column": column, "value": rupiah(amount), "most": rupiah(MAX_UNIT_PRICE)}
        )
    return amount


def quantity(cell, column) -> int:
    """A whole number from 1 to MAX_QUANTITY: more is a mistake no workshop could fill."""
    value = text(cell)
    if not re.fullmatch(r"\d+", value) or not 1 <= int(value) <= MAX_QUANTITY:
        raise RowProblem(
            _("%(column)s must be a whole number from 1 to %(most)s, not “%(value)s”")
            % {"column": column, "most": rupiah(MAX_QUANTITY), "value": value[:70]}
        )
    return int(value)


def when(cell, column, formats) -> date:
    """A date or a date and time, in one of the formats the export uses."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    for pattern in formats:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise RowProblem(
        _("%(column)s is not a date like %(example)s: “%(value)s”")
        % {
            "column": column,
            "example": datetime(2026, 11, 15, 10, 0).strftime(formats[0]),
            "value": value,
        }
    )


def order_number(cell, column) -> str:
    """Order numbers are read as text (a spreadsheet may have turned them into numbers), and
    only letters, digits and / _ . - are accepted: nothing a spreadsheet could run."""
    value = text(cell)
    if not ORDER_NUMBER.match(value):
        raise RowProblem(
            _("%(column)s is not an order number: “%(value)s”")
            % {"column": column, "value": value[:70]}
        )
    return value


def handle(cell) -> str:
    """A buyer's marketplace username, without characters a spreadsheet treats as a formula."""
    return text(cell).lstrip("=+-@\t\r")[:100]
