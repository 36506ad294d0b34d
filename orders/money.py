"""Money rules. All amounts are whole rupiah (int); percentages are Decimal; no floats.

The rounding rule, per sale line:

    net   = quantity × unit price − discount        (the discount is at most the gross)
    premi = round-half-up(net × premi% / 100)
    PNBP  = round-half-up(net × PNBP% / 100)
    rest  = net − premi − PNBP

so the three shares always add up to the line's net exactly, and a sale's or a month's shares
are the sums of its lines' shares (never recomputed from a total, which could differ by a rupiah).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.formats import thousands as rupiah

HUNDRED = Decimal(100)


def round_half_up(amount: Decimal) -> int:
    """Round to whole rupiah, halves away from zero (Rp 0.5 → Rp 1), as cashiers do."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_net(quantity: int, unit_price: int, discount: int) -> int:
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
