"""Recording, voiding and converting: the operations that move money and stock together.

Each runs in one transaction: a refused sale (out of stock, a quantity or an amount outside the
bounds of orders/money.py, a discount above the line's amount, a duplicate order number) leaves
nothing behind. `record_sales` records many sales at once (a marketplace import) with a few
queries per batch rather than per sale; `record_sale` is the same path for one sale.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import get_active_log_context, log

from cms.models import ProductPage
from institutions.models import InstitutionLogEntry
from orders import money
from orders.institutions import check_products_of, site_of_products
from orders.models import InquiryStatus, MovementKind, Sale, SaleLine, StockMovement
from orders.models.shares import ShareTable
from orders.stock import availability_of, check_can_take, follow_stock, lock_stock, move

# Rows written per INSERT by the bulk path: well inside SQLite's and PostgreSQL's limits.
BATCH_SIZE = 500


@dataclass
class LineInput:
    """A line as a clerk or an import gives it; `unit_price` None means the product's price."""

    product: ProductPage
    quantity: int
    unit_price: int | None = None
    discount: int = 0


def record_sale(sale: Sale, lines: list[LineInput], user, *, from_stock=True) -> Sale:
    """Save an unsaved sale with its lines, take the products from stock and split the money.

    `from_stock=False` is for goods that already left the stock: a production order's delivery
    of what was reserved for it or made for it (orders/production.py).
    Raises ValidationError, and writes nothing, when a line cannot be sold.
    """
    return record_sales([(sale, lines)], user, from_stock=from_stock)[0]


def record_sales(sales: list[tuple[Sale, list[LineInput]]], user, *, from_stock=True) -> list[Sale]:
    """Save unsaved sales with their lines, all or none, in one transaction.

    Each product's stock row is locked once for all the sales and checked against their total,
    and sales, lines, movements and log entries are each written in batches, so a file of
    thousands of orders takes seconds. Raises ValidationError, and writes nothing, when a line
    cannot be sold.
    """
    for sale, lines in sales:
        check_can_record(sale, lines)
    for sale in already_recorded([sale for sale, _lines in sales]):
        raise duplicate(sale)
    try:
        with transaction.atomic():
            all_lines = [line for _sale, lines in sales for line in lines]
            stocks = take_stock_check(all_lines) if from_stock else None
            records = save_sales(sales, user)
            movements = take_from_stock(records, stocks, user) if from_stock else []
            log_created(in_order_of_events(sales, movements), user)
    except IntegrityError as error:  # the same order recorded at the same moment
        for sale, _lines in sales:
            sale.pk = None
        raise duplicate(sales[0][0]) from error
    return [sale for sale, _lines in sales]


def check_can_record(sale, lines):
    """Refuse, before anything is locked, a sale with no line or a product of another
    institution. (A line outside the bounds is refused when it is priced, `money.line_net`.)"""
    if not lines:
        raise ValidationError(_("A sale needs at least one product."))
    sale.site = sale.site if sale.site_id else site_of_products([line.product for line in lines])
    check_products_of(sale.site, [line.product for line in lines])


def already_recorded(sales):
    """The sales whose channel already has a sale with their order number (the blank number
    excluded, so the databases use the partial unique index on numbered sales)."""
    numbered = [sale for sale in sales if sale.external_reference]
    found = set()
    for start in range(0, len(numbered), BATCH_SIZE):
        batch = numbered[start : start + BATCH_SIZE]
        found |= set(
            Sale.objects.exclude(external_reference="")
            .filter(
                channel__in={sale.channel_id for sale in batch},
                external_reference__in=[sale.external_reference for sale in batch],
            )
            .values_list("channel_id", "external_reference")
        )
    return [sale for sale in numbered if (sale.channel_id, sale.external_reference) in found]


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


def save_sales(sales, user):
    """Fix each line's price, shares and cost as they are today and each sale's totals, then
    write the sales and their lines. Returns the lines written."""
    rates = {}
    costs = costs_of({line.product.pk for _sale, lines in sales for line in lines})
    records = []
    for sale, lines in sales:
        if sale.site_id not in rates:
            rates[sale.site_id] = ShareTable(sale.site)
        priced = [
            priced_line(sale, line, rates[sale.site_id], costs.get(line.product.pk) or 0)
            for line in lines
        ]
        sale.total_gross = sum(record.gross for record in priced)
        sale.total_discount = sum(record.discount for record in priced)
        sale.total_net = sum(record.net for record in priced)
        money.check_sale_total(sale.total_gross)
        sale.recorded_by = user
        records.extend(priced)
    Sale.objects.bulk_create([sale for sale, _lines in sales], batch_size=BATCH_SIZE)
    SaleLine.objects.bulk_create(records, batch_size=BATCH_SIZE)
    return records


def costs_of(product_ids):
    return dict(
        ProductPage.objects.filter(pk__in=list(product_ids)).values_list(
            "pk", "stock__cost_of_goods"
        )
    )


def take_from_stock(records, stocks, user):
    """One sale movement per line, and each product's stock row changed once for them all."""
    movements = [
        StockMovement(
            product=record.product,
            kind=MovementKind.SALE,
            quantity=-record.quantity,
            sale=record.sale,
            created_by=user,
        )
        for record in records
    ]
    StockMovement.objects.bulk_create(movements, batch_size=BATCH_SIZE)
    taken = defaultdict(int)
    for record in records:
        taken[record.product_id] += record.quantity
    for product_id, quantity in taken.items():
        stock = stocks[product_id]
        stock.quantity -= quantity
        stock.save(update_fields=["quantity"])
        follow_stock(stock)
    return movements


def in_order_of_events(sales, movements):
    """Each sale's movements, then the sale, as one sale at a time would log them (the
    activity record lists the newest entry first: the sale above its stock)."""
    by_sale = defaultdict(list)
    for movement in movements:
        by_sale[movement.sale_id].append(movement)
    return [record for sale, _lines in sales for record in [*by_sale[sale.pk], sale]]


def log_created(records, user):
    """Log each new record as `log(record, "wagtail.create")` would, in batches. Each record's
    site is its sale's (a movement's sale is of its product's institution)."""
    uuid = get_active_log_context().uuid
    now = timezone.now()
    content_types = {}
    entries = []
    for record in records:
        model = type(record)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(
                model, for_concrete_model=False
            )
        sale = record if isinstance(record, Sale) else record.sale
        entries.append(
            InstitutionLogEntry(
                content_type=content_types[model],
                label=str(record),
                action="wagtail.create",
                timestamp=now,
                data={},
                user=user,
                uuid=uuid,
                object_id=str(record.pk),
                site_id=sale.site_id,
            )
        )
    InstitutionLogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


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
    with transaction.atomic():
        sale = locked_for_voiding(sale, reason)
        if hasattr(sale, "delivery"):
            # Its goods left from the order's reservation and production, not from the stock,
            # and the order counts them delivered: voiding would put in stock what never was.
            raise ValidationError(
                _(
                    "This sale is the delivery %(delivery)s of a production order: it cannot be "
                    "voided here."
                )
                % {"delivery": sale.delivery.number}
            )
        lines = list(sale.lines.all())
        stocks = lock_stock(line.product_id for line in lines)
        for line in lines:
            move(stocks[line.product_id], line.quantity, MovementKind.VOID, user, sale=sale)
        mark_voided(sale, reason, user)
    return sale


def void_delivery_sale(sale: Sale, reason: str, user) -> None:
    """Void the sale of a production order's delivery the buyer returned. Its goods go back to
    the order they were delivered from (orders/production.py `return_delivery`), not to the
    stock, which they never left as a sale."""
    with transaction.atomic():
        mark_voided(locked_for_voiding(sale, reason), reason, user)


def locked_for_voiding(sale: Sale, reason: str) -> Sale:
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for voiding this sale."))
    sale = Sale.objects.select_for_update().get(pk=sale.pk)
    if sale.is_voided:
        raise ValidationError(_("This sale was already voided."))
    return sale


def mark_voided(sale: Sale, reason: str, user) -> None:
    reason = reason.strip()
    sale.voided_at, sale.voided_by, sale.void_reason = timezone.now(), user, reason
    sale.save(update_fields=["voided_at", "voided_by", "void_reason"])
    log(sale, "orders.void", user=user, data={"reason": reason})


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
