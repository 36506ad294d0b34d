"""The rules of quotations (orders/models/quotations.py), in one place for the admin's views:

made     a number is taken (per institution and year), prices default to the product's
         price tier for the quantity, the total is the sum of the lines
approve  by the head, only when the total is above the institution's threshold
send     a draft at or below the threshold, or an approved one; the clerk sends the PDF
revise   an approved or sent quotation is copied into a new draft with the same number and
         the next revision number; the earlier one is kept, read-only, as history
accept   a sent quotation, before its validity ends, becomes a production order
         (orders/production.py)
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models.quotations import (
    Quotation,
    QuotationCounter,
    QuotationLine,
    QuotationSettings,
    QuotationStatus,
)
from orders.money import check_sale_total, rupiah

NUMBER_FORMAT = "{sequence:03d}/{series}/{code}/{year}"
QUOTATIONS = "SP"


def next_number(site, year: int, series: str = QUOTATIONS) -> str:
    """The next number of the institution's letters of a series (SP quotations, SJ delivery
    notes, INV invoices) in the year. The counter's row is locked until the caller's
    transaction ends, so concurrent letters wait for each other."""
    with transaction.atomic():
        counter, _created = QuotationCounter.objects.select_for_update().get_or_create(
            site=site, series=series, year=year
        )
        QuotationCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db(fields=["last"])
    code = QuotationSettings.for_site(site).institution_code
    return NUMBER_FORMAT.format(sequence=counter.last, series=series, code=code, year=year)


def number_new(quotation: Quotation) -> None:
    """Give a quotation being made its date, year and number (call inside its transaction)."""
    quotation.date = timezone.localdate()
    quotation.year = quotation.date.year
    quotation.number = next_number(quotation.site, quotation.year)


def update_total(quotation: Quotation) -> None:
    total = sum(line.amount for line in quotation.lines.all())
    check_sale_total(total)
    quotation.total = total
    Quotation.objects.filter(pk=quotation.pk).update(total=total)


def needs_approval(quotation: Quotation) -> bool:
    return quotation.total > QuotationSettings.for_site(quotation.site).approval_threshold


def threshold_of(quotation: Quotation) -> str:
    return rupiah(QuotationSettings.for_site(quotation.site).approval_threshold)


def can_approve(quotation: Quotation) -> bool:
    return quotation.status == QuotationStatus.DRAFT and needs_approval(quotation)


def can_send(quotation: Quotation) -> bool:
    if quotation.status == QuotationStatus.APPROVED:
        return True
    return quotation.status == QuotationStatus.DRAFT and not needs_approval(quotation)


def can_accept(quotation: Quotation) -> bool:
    """Only a quotation the buyer received (sent) can be accepted; its validity is checked
    when the acceptance is recorded, with its own message (orders/production.py)."""
    return quotation.status == QuotationStatus.SENT


def can_revise(quotation: Quotation) -> bool:
    return quotation.status in (QuotationStatus.APPROVED, QuotationStatus.SENT)


def _change_status(quotation: Quotation, allowed, refusal: str, **fields) -> None:
    """Change the status under a lock, checking the rule on the row as it is now (a click sent
    twice, or a second window, finds it already changed)."""
    with transaction.atomic():
        current = Quotation.objects.select_for_update().get(pk=quotation.pk)
        if not allowed(current):
            raise ValidationError(
                refusal % {"quotation": current, "threshold": threshold_of(current)}
            )
        Quotation.objects.filter(pk=current.pk).update(**fields)
    for name, value in fields.items():
        setattr(quotation, name, value)


def approve(quotation: Quotation, user) -> None:
    _change_status(
        quotation,
        can_approve,
        _("Quotation %(quotation)s does not wait for approval."),
        status=QuotationStatus.APPROVED,
        approved_by=user,
        approved_at=timezone.now(),
    )


def mark_sent(quotation: Quotation) -> None:
    _change_status(
        quotation,
        can_send,
        _(
            "Quotation %(quotation)s cannot be sent yet: above Rp %(threshold)s the head "
            "approves it first."
        ),
        status=QuotationStatus.SENT,
        sent_at=timezone.now(),
    )


@transaction.atomic
def revise(quotation: Quotation, user) -> Quotation:
    """A new draft of the quotation, the same number with the next revision; the earlier one
    is marked revised and stays as it was."""
    current = Quotation.objects.select_for_update().get(pk=quotation.pk)
    if not can_revise(current):
        raise ValidationError(
            _("Quotation %(quotation)s cannot be revised.") % {"quotation": current}
        )
    lines = list(current.lines.all())
    Quotation.objects.filter(pk=current.pk).update(status=QuotationStatus.SUPERSEDED)
    revision = Quotation.objects.get(pk=current.pk)
    revision.pk = None
    revision.previous = current
    revision.revision = current.revision + 1
    revision.date = timezone.localdate()
    revision.status = QuotationStatus.DRAFT
    revision.created_by = user
    revision.approved_by = revision.approved_at = revision.sent_at = None
    revision.save()
    QuotationLine.objects.bulk_create(
        QuotationLine(
            quotation=revision,
            product_id=line.product_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for line in lines
    )
    return revision


def history(quotation: Quotation) -> list[Quotation]:
    """Every revision of the quotation's number, the first one first."""
    return list(
        Quotation.objects.filter(site=quotation.site_id, number=quotation.number).order_by(
            "revision"
        )
    )
