"""The rules of production orders (orders/models/production.py), in one place for the views:

accept    the clerk records that the buyer accepted a sent quotation, before its validity
          ends: the order is made with its lines and the promised date, and each line
          reserves what stock it can, never more than is on hand (the stock row locked);
          the rest is made to order
progress  the workshop's manager records a quantity made on a date, never more than is left
          to make
deliver   the clerk records a delivery of what is reserved or made, never more than was
          ordered; it gets a surat jalan number and becomes a sale on the business channel
          (orders/recording.py, so its premi and PNBP shares are those of any sale); the
          delivery that completes the order records the date it was completed
invoice   one per order, for its total, numbered per institution and year; the clerk records
          its payment, and the order's sales are then paid

Each runs in one transaction with the order's row locked, so a click sent twice or two
clerks at once find the order as the other left it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from orders.models import (
    Channel,
    ChannelKind,
    Delivery,
    DeliveryLine,
    Invoice,
    MovementKind,
    PaymentStatus,
    ProductionOrder,
    ProductionOrderLine,
    ProductionProgress,
    Quotation,
    QuotationStatus,
    Sale,
    ShippingStatus,
)
from orders.quotations import can_accept, next_number
from orders.recording import LineInput, record_sale
from orders.reliability import rebuild_public_record
from orders.stock import lock_stock, move

DELIVERY_NOTES = "SJ"
INVOICES = "INV"


def locked(order: ProductionOrder) -> ProductionOrder:
    return ProductionOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def accept(quotation: Quotation, promised_date, user) -> ProductionOrder:
    """The production order of an accepted quotation. Refused when the quotation was not sent,
    was already accepted, or is past its validity date."""
    current = Quotation.objects.select_for_update().get(pk=quotation.pk)
    if not can_accept(current):
        raise ValidationError(
            _("Quotation %(quotation)s cannot be accepted: only a sent quotation can.")
            % {"quotation": current}
        )
    if current.valid_until < timezone.localdate():
        raise ValidationError(
            _(
                "Quotation %(quotation)s was valid until %(date)s: it can no longer be "
                "accepted. Revise it with today's prices and send it again."
            )
            % {"quotation": current, "date": current.valid_until.strftime("%d-%m-%Y")}
        )
    Quotation.objects.filter(pk=current.pk).update(
        status=QuotationStatus.ACCEPTED, accepted_at=timezone.now()
    )
    quotation.status = QuotationStatus.ACCEPTED
    order = ProductionOrder.objects.create(
        site=current.site,
        quotation=current,
        customer_name=current.customer_name,
        customer_contact=current.customer_contact,
        organisation=current.organisation,
        promised_date=promised_date,
        total=current.total,
        created_by=user,
    )
    lines = list(current.lines.select_related("product"))
    stocks = lock_stock(line.product_id for line in lines)
    for line in lines:
        order_line = ProductionOrderLine.objects.create(
            order=order,
            product=line.product,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        reserve(order_line, stocks[line.product_id], user)
    log(order, "wagtail.create", user=user)
    return order


def reserve(line: ProductionOrderLine, stock, user) -> None:
    """Take from the (locked) stock what it holds for the line, at most the line's quantity;
    stock already short (negative, made-to-order sales) reserves nothing."""
    quantity = min(line.quantity, max(stock.quantity, 0))
    if not quantity:
        return
    move(
        stock,
        -quantity,
        MovementKind.RESERVATION,
        user,
        reason=_("Production order %(order)s") % {"order": line.order},
    )
    line.reserved = quantity
    line.save(update_fields=["reserved"])


@transaction.atomic
def record_progress(line: ProductionOrderLine, quantity: int, date, user) -> ProductionProgress:
    """Items of the line made on a date; never more than is left to make."""
    locked(line.order)
    line.refresh_from_db()
    if not 0 < quantity <= line.to_make:
        raise ValidationError(
            _("%(code)s: %(left)s left to make for this order, not %(quantity)s.")
            % {"code": line.product.code, "left": line.to_make, "quantity": quantity}
        )
    progress = ProductionProgress.objects.create(
        line=line, date=date, quantity=quantity, recorded_by=user
    )
    line.made += quantity
    line.save(update_fields=["made"])
    return progress


@transaction.atomic
def deliver(order: ProductionOrder, quantities: dict[int, int], date, user) -> Delivery:
    """Deliver `quantities` (order line id → quantity): a delivery with its surat jalan
    number, recorded as a sale on the business channel at the quotation's prices."""
    order = locked(order)
    lines = {line.pk: line for line in order.lines.select_related("product")}
    wanted = {pk: quantity for pk, quantity in quantities.items() if quantity}
    if not wanted:
        raise ValidationError(_("A delivery delivers at least one item."))
    for pk, quantity in wanted.items():
        check_deliverable(lines[pk], quantity)
    number = next_number(order.site, date.year, DELIVERY_NOTES)
    paid = Invoice.objects.filter(order=order, paid_on__isnull=False).exists()
    sale = record_sale(
        Sale(
            site=order.site,
            channel=business_channel(),
            external_reference=number,
            date=date,
            payment_status=PaymentStatus.PAID if paid else PaymentStatus.UNPAID,
            shipping_status=ShippingStatus.DELIVERED,
            customer_name=order.customer_name,
            customer_contact=order.customer_contact,
            organisation=order.organisation,
        ),
        [
            LineInput(lines[pk].product, quantity, unit_price=lines[pk].unit_price)
            for pk, quantity in wanted.items()
        ],
        user,
        from_stock=False,
    )
    delivery = Delivery.objects.create(
        order=order,
        number=number,
        date=date,
        sale=sale,
        recorded_by=user,
    )
    for pk, quantity in wanted.items():
        DeliveryLine.objects.create(delivery=delivery, line=lines[pk], quantity=quantity)
        lines[pk].delivered += quantity
        lines[pk].save(update_fields=["delivered"])
    if all(line.delivered == line.quantity for line in lines.values()):
        order.completed_on = date
        order.save(update_fields=["completed_on"])
        rebuild_public_record(order.site, reason=f"business order delivered: {order}")
    log(order, "orders.deliver", user=user, data={"delivery": delivery.number})
    return delivery


def check_deliverable(line: ProductionOrderLine, quantity: int) -> None:
    code = line.product.code
    if quantity < 0 or line.delivered + quantity > line.quantity:
        raise ValidationError(
            _(
                "%(code)s: %(ordered)s ordered and %(delivered)s delivered already: "
                "%(quantity)s more would deliver more than was ordered."
            )
            % {
                "code": code,
                "ordered": line.quantity,
                "delivered": line.delivered,
                "quantity": quantity,
            },
            code="over_delivery",
        )
    if quantity > line.ready:
        raise ValidationError(
            _(
                "%(code)s: only %(ready)s reserved or made and not delivered yet: record the "
                "production first."
            )
            % {"code": code, "ready": line.ready},
            code="not_made",
        )


def business_channel() -> Channel:
    channel = Channel.objects.filter(kind=ChannelKind.DIRECT, active=True).first()
    if channel is None:
        raise ValidationError(
            _("No active channel of the kind “Direct / B2B”: ask the head to add one.")
        )
    return channel


@transaction.atomic
def make_invoice(order: ProductionOrder, user) -> Invoice:
    order = locked(order)
    if Invoice.objects.filter(order=order).exists():
        raise ValidationError(_("Order %(order)s already has its invoice.") % {"order": order})
    today = timezone.localdate()
    return Invoice.objects.create(
        order=order,
        number=next_number(order.site, today.year, INVOICES),
        date=today,
        total=order.total,
        made_by=user,
    )


@transaction.atomic
def record_payment(invoice: Invoice, paid_on, reference: str, user) -> None:
    """The invoice is paid: so are the sales of the order's deliveries."""
    locked(invoice.order)
    invoice.refresh_from_db()
    if invoice.paid_on:
        raise ValidationError(_("Invoice %(invoice)s is already paid.") % {"invoice": invoice})
    invoice.paid_on, invoice.payment_reference = paid_on, reference
    invoice.payment_recorded_by = user
    invoice.save(update_fields=["paid_on", "payment_reference", "payment_recorded_by"])
    Sale.objects.filter(delivery__order=invoice.order_id).update(payment_status=PaymentStatus.PAID)
    log(invoice.order, "orders.paid", user=user, data={"invoice": invoice.number})
