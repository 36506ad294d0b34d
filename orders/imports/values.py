"""Reading one cell: money, quantities, dates and order numbers as seller centres write them.

Each function raises RowProblem with a reason a clerk understands.
"""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

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
    """`Rp 150.000`, `150.000`, `150000` or a number → 150000."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if cell < 0 or not float(cell).is_integer():
            raise RowProblem(
                _("%(column)s is not an amount in whole rupiah: %(value)s")
                % {"column": column, "value": cell}
            )
        return int(cell)
    value = text(cell).replace("Rp", "").replace(" ", "").replace("\u00a0", "")
    match = MONEY.match(value)
    if not match:
        raise RowProblem(
            _("%(column)s is not an amount in rupiah: “%(value)s”")
            % {"column": column, "value": text(cell)}
        )
    return int(re.sub(r"[.,]", "", match.group(1)))


def quantity(cell, column) -> int:
    value = text(cell)
    if not re.fullmatch(r"\d+", value) or int(value) == 0:
        raise RowProblem(
            _("%(column)s must be a whole number above 0, not “%(value)s”")
            % {"column": column, "value": value}
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
