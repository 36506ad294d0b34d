"""Recording, voiding and converting: the operations that move money and stock together.

Each runs in one transaction: a refused sale (out of stock, a discount above the line's amount,
a duplicate order number) leaves nothing behind.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cms.models import ProductPage
from orders import money
from orders.institutions import check_products_of, site_of_products
from orders.models import InquiryStatus, MovementKind, Sale, SaleLine
from orders.models.shares import ShareTable
from orders.stock import availability_of, check_can_take, lock_stock, move


@dataclass
class LineInput:
    """A line as a clerk or an import gives it; `unit_price` None means the product's price."""

    product: ProductPage
    quantity: int
    unit_price: int | None = None
    discount: int = 0


def record_sale(sale: Sale, lines: list[LineInput], user) -> Sale:
    """Save an unsaved sale with its lines, take the products from stock and split the money.

    Raises ValidationError, and writes nothing, when a line cannot be sold.
    """
    if not lines:
        raise ValidationError(_("A sale needs at least one product."))
    sale.site = sale.site if sale.site_id else site_of_products([line.product for line in lines])
    check_products_of(sale.site, [line.product for line in lines])
    if sale.external_reference and already_recorded(sale):
        raise duplicate(sale)
    try:
        with transaction.atomic():
            stocks = take_stock_check(lines)
            sale.recorded_by = user
            sale.save()
            save_lines(sale, lines)
            for line in sale.lines.all():
                move(stocks[line.product_id], -line.quantity, MovementKind.SALE, user, sale=sale)
            log(sale, "wagtail.create", user=user)
    except IntegrityError as error:  # the same order recorded at the same moment
        sale.pk = None
        raise duplicate(sale) from error
    return sale


def already_recorded(sale):
    return Sale.objects.filter(
        channel=sale.channel, external_reference=sale.external_reference
    ).exists()


def duplicate(sale):
    return ValidationError(
        _("The channel %(channel)s already has a sale with the order number %(number)s.")
        % {"channel": sale.channel, "number": sale.external_reference},
        code="duplicate_order_number",
    )


def take_stock_check(lines):
    """Lock the products' stock rows and refuse the sale if one product is short."""
    wanted = Counter()
    for line in lines:
        wanted[line.product.pk] += line.quantity
    stocks = lock_stock(wanted)
    codes = {line.product.pk: line.product.code for line in lines}
    for product_id, quantity in wanted.items():
        check_can_take(stocks[product_id], quantity, availability_of(product_id), codes[product_id])
    return stocks


def save_lines(sale, lines):
    """Fix each line's price, shares and cost as they are today, and the sale's totals."""
    rates = ShareTable(sale.site)
    costs = dict(
        ProductPage.objects.filter(pk__in=[line.product.pk for line in lines]).values_list(
            "pk", "stock__cost_of_goods"
        )
    )
    records = [priced_line(sale, line, rates, costs.get(line.product.pk) or 0) for line in lines]
    SaleLine.objects.bulk_create(records)
    sale.total_gross = sum(record.gross for record in records)
    sale.total_discount = sum(record.discount for record in records)
    sale.total_net = sum(record.net for record in records)
    sale.save(update_fields=["total_gross", "total_discount", "total_net"])


def priced_line(sale, line, rates, unit_cost):
    product = line.product
    unit_price = product.price if line.unit_price is None else line.unit_price
    premi_percent, pnbp_percent = rates.for_workshop(product.workshop_id)
    shares = money.split(
        money.line_net(line.quantity, unit_price, line.discount), premi_percent, pnbp_percent
    )
    return SaleLine(
        sale=sale,
        product=product,
        workshop_id=product.workshop_id,
        quantity=line.quantity,
        unit_price=unit_price,
        discount=line.discount,
        net=shares.net,
        premi=shares.premi,
        pnbp=shares.pnbp,
        premi_percent=premi_percent,
        pnbp_percent=pnbp_percent,
        unit_cost=unit_cost,
    )


def void_sale(sale: Sale, reason: str, user) -> None:
    """Void a sale: it stays in the records, leaves the reports and returns its stock."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for voiding this sale."))
    with transaction.atomic():
        sale = Sale.objects.select_for_update().get(pk=sale.pk)
        if sale.is_voided:
            raise ValidationError(_("This sale was already voided."))
        lines = list(sale.lines.all())
        stocks = lock_stock(line.product_id for line in lines)
        for line in lines:
            move(stocks[line.product_id], line.quantity, MovementKind.VOID, user, sale=sale)
        sale.voided_at, sale.voided_by, sale.void_reason = timezone.now(), user, reason
        sale.save(update_fields=["voided_at", "voided_by", "void_reason"])
        log(sale, "orders.void", user=user, data={"reason": reason})
    return sale


def convert_inquiry(inquiry, user) -> Sale:
    """Make the sale an inquiry asked for, from its lines at today's prices."""
    if not inquiry.can_convert:
        raise ValidationError(_("This inquiry cannot be converted to a sale."))
    sale = Sale(
        site=inquiry.site,
        channel=inquiry.channel,
        customer_name=inquiry.customer_name,
        customer_contact=inquiry.customer_contact,
        organisation=inquiry.organisation,
        note=_("From inquiry %(inquiry)s.") % {"inquiry": inquiry},
    )
    lines = [
        LineInput(product=line.product, quantity=line.quantity)
        for line in inquiry.lines.select_related("product")
    ]
    with transaction.atomic():
        record_sale(sale, lines, user)
        inquiry.sale, inquiry.status = sale, InquiryStatus.CONVERTED
        inquiry.save(update_fields=["sale", "status", "updated_at"])
        log(inquiry, "orders.convert", user=user, data={"sale": sale.pk})
    return sale
