"""Money rules. All amounts are whole rupiah (int); percentages are Decimal; no floats.

The rounding rule, per sale line:

    net   = quantity × unit price − discount        (the discount is at most the gross)
    premi = round-half-up(net × premi% / 100)
    PNBP  = round-half-up(net × PNBP% / 100)
    rest  = net − premi − PNBP

so the three shares always add up to the line's net exactly, and a sale's or a month's shares
are the sums of its lines' shares (never recomputed from a total, which could differ by a rupiah).

Bounds. A quantity or an amount no workshop could make or sell is a typing or export mistake,
refused in words before it can turn into a sale of trillions or overflow a database column:

    1 ≤ quantity ≤ 100.000 per line              (MAX_QUANTITY)
    unit price, HPP ≤ Rp 1.000.000.000           (MAX_UNIT_PRICE)
    discount ≤ quantity × unit price             (so a line's net is never negative)
    a sale's total ≤ Rp 1.000.000.000.000.000    (MAX_SALE_TOTAL, far inside a BigInteger)

The model fields carry the same bounds as validators, so the clerks' forms, the imports and code
that calls `line_net` all refuse the same values.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.formats import thousands as rupiah

HUNDRED = Decimal(100)
MAX_QUANTITY = 100_000
MAX_UNIT_PRICE = 1_000_000_000
MAX_LINE_AMOUNT = MAX_QUANTITY * MAX_UNIT_PRICE
MAX_SALE_TOTAL = 1_000_000_000_000_000


def round_half_up(amount: Decimal) -> int:
    """Round to whole rupiah, halves away from zero (Rp 0.5 → Rp 1), as cashiers do."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_line(quantity: int, unit_price: int, discount: int) -> None:
    """Refuse a line outside the bounds (see the module's docstring)."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            _("The quantity %(quantity)s is not between 1 and %(most)s.")
            % {"quantity": rupiah(quantity), "most": rupiah(MAX_QUANTITY)},
            code="quantity_out_of_bounds",
        )
    if not 0 <= unit_price <= MAX_UNIT_PRICE:
        raise ValidationError(
            _("The unit price Rp %(price)s is not between Rp 0 and Rp %(most)s.")
            % {"price": rupiah(unit_price), "most": rupiah(MAX_UNIT_PRICE)},
            code="price_out_of_bounds",
        )
    if discount < 0:
        raise ValidationError(_("A discount cannot be negative."), code="negative_discount")


def check_sale_total(total: int) -> None:
    if total > MAX_SALE_TOTAL:
        raise ValidationError(
            _("The sale's total Rp %(total)s is more than Rp %(most)s: split it.")
            % {"total": rupiah(total), "most": rupiah(MAX_SALE_TOTAL)},
            code="total_out_of_bounds",
        )


def line_net(quantity: int, unit_price: int, discount: int) -> int:
    """The line's net amount; ValidationError for a line outside the bounds."""
    check_line(quantity, unit_price, discount)
    gross = quantity * unit_price
    if discount > gross:
        raise ValidationError(
            _("The discount (Rp %(discount)s) is more than the line's amount (Rp %(gross)s).")
            % {"discount": rupiah(discount), "gross": rupiah(gross)}
        )
    return gross - discount


@dataclass(frozen=True)
class Shares:
    net: int
    premi: int
    pnbp: int

    @property
    def rest(self) -> int:
        return self.net - self.premi - self.pnbp


def split(net: int, premi_percent: Decimal, pnbp_percent: Decimal) -> Shares:
    """Split a line's net amount into premi, PNBP and the rest (see the module's rule)."""
    premi = round_half_up(Decimal(net) * premi_percent / HUNDRED)
    pnbp = round_half_up(Decimal(net) * pnbp_percent / HUNDRED)
    return Shares(net=net, premi=premi, pnbp=pnbp)


DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")]


def terbilang(amount: int) -> str:
    """A whole amount in Indonesian words, as letters and quotations write it beside the
    figures: 1.001.500 → "satu juta seribu lima ratus". (num2words says "satu juta satu ribu",
    which no Indonesian letter writes.)"""
    if amount < 0:
        return f"minus {terbilang(-amount)}"
    if amount < 10:
        return DIGITS[amount]
    if amount < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(amount) or f"{DIGITS[amount - 10]} belas"
    if amount < 100:
        return f"{DIGITS[amount // 10]} puluh{_rest(amount % 10)}"
    if amount < 1000:
        hundreds = "seratus" if amount < 200 else f"{DIGITS[amount // 100]} ratus"
        return hundreds + _rest(amount % 100)
    if amount < 2000:
        return "seribu" + _rest(amount - 1000)
    scale, name = next((scale, name) for scale, name in SCALES if amount >= scale)
    return f"{terbilang(amount // scale)} {name}{_rest(amount % scale)}"


def _rest(amount: int) -> str:
    return f" {terbilang(amount)}" if amount else ""
