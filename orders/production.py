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
return    the clerk records that the buyer returned a delivery, unless the invoice is paid: its
          sale is voided and its goods are the order's again, to be delivered once more
cancel    the clerk cancels an order nothing of which is delivered (or every delivery returned)
          and whose invoice is not paid: its reservations go back to the stock, and it is
          neither made nor delivered any more
correct   the workshop's manager changes or deletes a wrong progress entry, never leaving
          fewer made than were delivered from what was made

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
from orders.recording import LineInput, record_sale, void_delivery_sale
from orders.reliability import rebuild_public_record
from orders.stock import lock_stock, move

DELIVERY_NOTES = "SJ"
INVOICES = "INV"


def locked(order: ProductionOrder) -> ProductionOrder:
    return ProductionOrder.objects.select_for_update().get(pk=order.pk)


def locked_open(order: ProductionOrder) -> ProductionOrder:
    """The order's row locked, refused if it was cancelled (a form of its page sent after)."""
    order = locked(order)
    if order.is_cancelled:
        raise ValidationError(_("Order %(order)s was cancelled.") % {"order": order})
    return order


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
    locked_open(line.order)
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
    order = locked_open(order)
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
    order = locked_open(order)
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
    locked_open(invoice.order)
    invoice.refresh_from_db()
    if invoice.paid_on:
        raise ValidationError(_("Invoice %(invoice)s is already paid.") % {"invoice": invoice})
    invoice.paid_on, invoice.payment_reference = paid_on, reference
    invoice.payment_recorded_by = user
    invoice.save(update_fields=["paid_on", "payment_reference", "payment_recorded_by"])
    Sale.objects.filter(delivery__order=invoice.order_id).update(payment_status=PaymentStatus.PAID)
    log(invoice.order, "orders.paid", user=user, data={"invoice": invoice.number})


def is_paid(order: ProductionOrder) -> bool:
    return Invoice.objects.filter(order=order, paid_on__isnull=False).exists()


@transaction.atomic
def return_delivery(delivery: Delivery, reason: str, user) -> None:
    """The buyer returned the delivery: its sale is voided, the order's lines count its goods
    as not delivered, and an order it had completed is open again. Refused once the invoice is
    paid (the money is the invoice's to settle, not a void's)."""
    order = locked_open(delivery.order)
    delivery.refresh_from_db()
    if delivery.is_returned:
        raise ValidationError(
            _("Delivery %(delivery)s was already returned.") % {"delivery": delivery}
        )
    if is_paid(order):
        raise ValidationError(
            _("The invoice of order %(order)s is paid: delivery %(delivery)s cannot be returned.")
            % {"order": order, "delivery": delivery}
        )
    void_delivery_sale(delivery.sale, reason, user)
    # `deliver` took each item from the line's `ready` goods (reserved + made - delivered)
    # without telling reserved from made, and moved nothing in the stock: lowering `delivered`
    # puts the goods back where they were, reserved for the order or made and waiting to be
    # delivered, and the stock stays as it is.
    for item in delivery.lines.select_related("line"):
        item.line.delivered -= item.quantity
        item.line.save(update_fields=["delivered"])
    delivery.returned_at, delivery.returned_by = timezone.now(), user
    delivery.save(update_fields=["returned_at", "returned_by"])
    if order.completed_on is not None:
        order.completed_on = None
        order.save(update_fields=["completed_on"])
        rebuild_public_record(order.site, reason=f"business order returned: {order}")
    log(order, "orders.return", user=user, data={"delivery": delivery.number})


@transaction.atomic
def cancel(order: ProductionOrder, reason: str, user) -> None:
    """Cancel an order nothing of which is delivered and whose invoice is not paid: its
    reservations go back to the stock. What the workshop made for it stays recorded as made
    for the order: often made to the buyer's measure or with its logo, it enters the stock only
    if the manager records it there."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling this order."))
    order = locked_open(order)
    if is_paid(order):
        raise ValidationError(
            _("The invoice of order %(order)s is paid: it cannot be cancelled.") % {"order": order}
        )
    lines = list(order.lines.select_related("product"))
    if any(line.delivered for line in lines):
        raise ValidationError(
            _(
                "Order %(order)s has deliveries the buyer kept: record their return before "
                "cancelling it."
            )
            % {"order": order}
        )
    stocks = lock_stock(line.product_id for line in lines)
    for line in lines:
        release(line, stocks[line.product_id], user)
    order.cancelled_at, order.cancelled_by = timezone.now(), user
    order.cancellation_reason = reason
    order.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    log(order, "orders.cancel", user=user, data={"reason": reason})


def release(line: ProductionOrderLine, stock, user) -> None:
    """Give the line's reservation back to the (locked) stock."""
    if not line.reserved:
        return
    move(
        stock,
        line.reserved,
        MovementKind.RELEASE,
        user,
        reason=_("Production order %(order)s cancelled") % {"order": line.order},
    )
    line.reserved = 0
    line.save(update_fields=["reserved"])


@transaction.atomic
def correct_progress(entry: ProductionProgress, quantity: int, date, user) -> None:
    """Change a wrong progress entry's quantity and date; a quantity of 0 deletes it."""
    locked_open(entry.line.order)
    entry = ProductionProgress.objects.select_related("line__product").filter(pk=entry.pk).first()
    if entry is None:  # deleted by a click sent just before
        raise ValidationError(_("This progress entry was already deleted."))
    line = entry.line
    made = line.made - entry.quantity + quantity
    check_made(line, made)
    if quantity:
        entry.quantity, entry.date = quantity, date
        entry.save(update_fields=["quantity", "date"])
    else:
        entry.delete()
    line.made = made
    line.save(update_fields=["made"])
    log(
        line.order,
        "orders.progress_corrected",
        user=user,
        data={"product": line.product.code, "quantity": quantity, "date": date.isoformat()},
    )


def check_made(line: ProductionOrderLine, made: int) -> None:
    """What a line counts as made stays between what was delivered from made goods (whatever
    its reservation did not cover) and what the order needs beyond its reservation."""
    delivered_from_made = max(line.delivered - line.reserved, 0)
    if made < delivered_from_made:
        raise ValidationError(
            _(
                "%(code)s: %(delivered)s of the items made are delivered already: the entries "
                "cannot count fewer than that."
            )
            % {"code": line.product.code, "delivered": delivered_from_made}
        )
    if made > line.quantity - line.reserved:
        raise ValidationError(
            _("%(code)s: %(needed)s to make for this order, not %(made)s.")
            % {"code": line.product.code, "needed": line.quantity - line.reserved, "made": made}
        )
