"""The record of business orders that answers a buyer's doubt about reliability: over the last
12 months, how many production orders the institution (or one workshop) delivered in full, how
many of them on time, the average delay, and how many buyers came back.

An order counts in the months it was delivered in full (its last delivery, `completed_on`); it
is on time when that date is on or before the date promised when the quotation was accepted.
A cancelled order is neither counted nor late: it was never delivered in full (an order is
cancelled only once every delivery is returned, and a return undoes `completed_on`).
The average delay is over every delivered order, an order on time counting 0 days, so one late
order among many is not made to look like the rule. A buyer is its organisation (or, without
one, its contact's name), compared without regard to case or spaces around it; a repeat buyer
has two or more orders delivered in the period.

One function, `business_record`, gives the figures to the head's dashboard, the monthly
accountability report and the public workshop pages alike. `public_lines` is what the public
pages show, only when the head chose to (BusinessRecordSettings), and names a buyer only if
its written consent is recorded (BuyerConsent). The pages are rebuilt when what they show
changes: at once for an order delivered in full or returned and for a consent
(`rebuild_public_record`), and by the daily `refresh_business_record` command when an order
leaves the last 12 months (`rebuild_aged_records`).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import WorkshopPage
from orders.models import (
    BusinessRecordSettings,
    BuyerConsent,
    ProductionOrder,
    PublicRecordShown,
)
from orders.money import round_half_up
from sitegen.api import rebuild_pages

PERIOD = timedelta(days=365)


@dataclass(frozen=True)
class BusinessRecord:
    first_day: date
    last_day: date
    delivered: int
    on_time: int
    average_delay_days: Decimal
    repeat_buyers: int
    buyers: tuple[str, ...]  # as on the orders, the most frequent first; never shown as is

    @property
    def on_time_percent(self) -> int | None:
        if not self.delivered:
            return None
        return round_half_up(Decimal(self.on_time * 100) / self.delivered)


def business_record(site, *, workshop=None, today: date | None = None) -> BusinessRecord:
    """The record of the institution's business orders delivered in full in the 365 days up to
    `today` (included); with `workshop`, of the orders with a product of that workshop."""
    last_day = today or timezone.localdate()
    first_day = last_day - PERIOD + timedelta(days=1)
    orders = ProductionOrder.objects.filter(
        site=site, completed_on__gte=first_day, completed_on__lte=last_day
    )
    if workshop is not None:
        orders = orders.filter(lines__product__workshop=workshop).distinct()
    rows = list(
        orders.values_list("promised_date", "completed_on", "organisation", "customer_name")
    )
    delays = [max((completed - promised).days, 0) for promised, completed, *_buyer in rows]
    buyers = Counter(buyer_of(organisation, name) for _p, _c, organisation, name in rows)
    buyers.pop("", None)
    return BusinessRecord(
        first_day=first_day,
        last_day=last_day,
        delivered=len(rows),
        on_time=delays.count(0),
        average_delay_days=average(delays),
        repeat_buyers=sum(1 for count in buyers.values() if count > 1),
        buyers=tuple(name for name, _count in buyers.most_common()),
    )


def buyer_of(organisation: str, name: str) -> str:
    return " ".join((organisation or name or "").split()).casefold()


def average(delays: list[int]) -> Decimal:
    if not delays:
        return Decimal(0)
    return (Decimal(sum(delays)) / len(delays)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def consenting_buyers(site, record: BusinessRecord) -> list[str]:
    """The buyers of the record who gave their written consent to be named, as their consent
    names them."""
    consents = {
        buyer_of(consent.organisation, ""): consent.organisation
        for consent in BuyerConsent.objects.filter(site=site)
    }
    return [consents[buyer] for buyer in record.buyers if buyer in consents]


def public_lines(site, workshop) -> list[str]:
    """What a public workshop page says of its business orders: nothing unless the head chose
    to show the record and the workshop delivered an order in the last 12 months."""
    figures = public_figures(site, workshop)
    if not figures:
        return []
    lines = [
        _("%(delivered)s business orders delivered, %(percent)s%% on time, last 12 months")
        % {"delivered": figures["delivered"], "percent": figures["on_time_percent"]}
    ]
    if figures["named"]:
        lines.append(_("Buyers include %(names)s.") % {"names": ", ".join(figures["named"])})
    return lines


def public_figures(site, workshop) -> dict:
    """The figures of `public_lines`, whatever the language they are written in (empty when
    the page shows none)."""
    if not BusinessRecordSettings.for_site(site).show_on_public_site:
        return {}
    record = business_record(site, workshop=workshop)
    if not record.delivered:
        return {}
    return {
        "delivered": record.delivered,
        "on_time_percent": record.on_time_percent,
        "named": consenting_buyers(site, record),
    }


def rebuild_public_record(site, reason: str) -> None:
    """Re-bake the institution's workshop pages when the record they show changed (an order
    delivered in full or returned, a consent given or withdrawn), if they show it."""
    if not BusinessRecordSettings.for_site(site).show_on_public_site:
        return
    workshops = list(workshops_of(site))
    remember_shown({workshop: public_figures(site, workshop) for workshop in workshops})
    rebuild_pages(workshops, reason=reason)


def rebuild_aged_records(sites) -> list[WorkshopPage]:
    """Re-bake the workshop pages whose public record today differs from the one they were
    last rebuilt to show: an order left the last 12 months since (or the head turned the record
    on or off). Returns the pages."""
    stale = []
    for site in sites:
        figures = {workshop: public_figures(site, workshop) for workshop in workshops_of(site)}
        shown = dict(
            PublicRecordShown.objects.filter(
                workshop__in=[workshop.pk for workshop in figures]
            ).values_list("workshop_id", "figures")
        )
        changed = {
            workshop: now for workshop, now in figures.items() if now != shown.get(workshop.pk, {})
        }
        if changed:
            remember_shown(changed)
            rebuild_pages(changed, reason="business record: an order left the last 12 months")
        stale.extend(changed)
    return stale


def workshops_of(site):
    return WorkshopPage.objects.live().descendant_of(site.root_page)


def remember_shown(figures_of_workshops: dict) -> None:
    for workshop, figures in figures_of_workshops.items():
        PublicRecordShown.objects.update_or_create(workshop=workshop, defaults={"figures": figures})
