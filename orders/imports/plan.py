"""From the rows of an export to the sales an import would record, and the rows it cannot.

A plan is made in two steps: `read_orders` reads the file (no database), `check_orders` checks
the orders against the database (already imported, products, stock). The preview makes both;
the import reads the file again, reporting its progress, and checks the orders again inside its
transaction, so what is imported is checked against the database as it is at that moment.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.models import ProductPage
from orders import money
from orders.codes import CODE_IN_TEXT, codes_in
from orders.imports import shopee, tokopedia
from orders.imports.files import read_table
from orders.imports.values import RowProblem
from orders.models import Sale
from orders.stock import MADE_AFTER_ORDER

FORMATS = {module.CHANNEL: module for module in (shopee, tokopedia)}
# Order numbers and product codes are looked up this many at a time (one query per batch).
LOOKUP_BATCH = 500
# How often, in rows read, a long import reports its progress.
PROGRESS_EVERY = 500


@dataclass
class Problem:
    line_number: int | None
    reason: str


@dataclass
class PlannedSale:
    """One marketplace order: one sale with one line per row of the order."""

    order_number: str
    date: date
    rows: list = field(default_factory=list)
    products: dict = field(default_factory=dict)  # line number → ProductPage

    @property
    def total(self):
        return sum(row.quantity * row.unit_price - row.discount for row in self.rows)


@dataclass
class ImportPlan:
    to_create: list[PlannedSale] = field(default_factory=list)
    already_imported: list[str] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def orders_found(self):
        return len(self.to_create) + len(self.already_imported)


def plan_import(channel, file_name: str, content: bytes, site) -> ImportPlan:
    """What importing the file for the institution of `site` would do (its products only)."""
    plan, orders = read_orders(channel, file_name, content)
    return check_orders(plan, orders, channel, site)


def read_orders(channel, file_name: str, content: bytes, on_progress=None):
    """The file's rows grouped into orders, and the plan with the rows' own problems.

    A file that cannot be read (to its end) gives one problem and no order. `on_progress`, if
    given, is called with the number of rows read so far as the file is read.
    """
    plan = ImportPlan()
    module = FORMATS.get(channel.code)
    if module is None:
        plan.problems.append(
            Problem(None, _("Imports from %(channel)s are not supported.") % {"channel": channel})
        )
        return plan, {}
    try:
        table = read_table(file_name, content, module.REQUIRED_COLUMNS)
        return plan, group_orders(table, module, plan, on_progress)
    except ValidationError as error:
        return ImportPlan(problems=[Problem(None, message) for message in error.messages]), {}


def rows_in(channel, file_name: str, content: bytes) -> int:
    """The number of rows under the file's header, reading the file to its end; raises
    ValidationError if it cannot be read, so an unreadable file is refused on upload."""
    module = FORMATS[channel.code]
    table = read_table(file_name, content, module.REQUIRED_COLUMNS)
    return sum(1 for _row in table.rows)


def check_orders(plan, orders, channel, site) -> ImportPlan:
    """The plan completed against the database: orders already imported are set aside, and a
    row whose product is unknown or short of stock is a problem."""
    existing = already_imported(channel, list(orders))
    plan.already_imported = sorted(existing)
    plan.to_create = [order for number, order in orders.items() if number not in existing]
    match_products(plan, site)
    check_stock(plan)
    plan.problems.sort(key=lambda problem: problem.line_number or 0)
    return plan


def already_imported(channel, order_numbers):
    """The order numbers the channel has sales for. The blank number is excluded so that the
    databases use the unique index on numbered sales (a partial index) instead of a scan."""
    found = set()
    numbered = Sale.objects.filter(channel=channel).exclude(external_reference="")
    for start in range(0, len(order_numbers), LOOKUP_BATCH):
        batch = order_numbers[start : start + LOOKUP_BATCH]
        found |= set(
            numbered.filter(external_reference__in=batch).values_list(
                "external_reference", flat=True
            )
        )
    return found


def group_orders(table, module, plan, on_progress=None):
    """Rows grouped by order number, in file order; a row that repeats a product of its order
    or gives its order another date is a problem (a doubled or a mixed-up export), and so is
    a row outside the bounds of orders/money.py or one that sells for nothing."""
    orders = {}
    seen = {}
    for line_number, raw in table.rows:
        plan.rows_read += 1
        if on_progress and plan.rows_read % PROGRESS_EVERY == 0:
            on_progress(plan.rows_read)
        try:
            row = module.parse_row(line_number, raw)
        except RowProblem as problem:
            plan.problems.append(Problem(line_number, str(problem)))
            continue
        if row is None:
            plan.cancelled.append(line_number)
            continue
        order = orders.setdefault(row.order_number, PlannedSale(row.order_number, row.date))
        key = (row.order_number, row.sku.upper())
        if key in seen:
            plan.problems.append(
                Problem(
                    line_number,
                    _("Duplicate order number %(number)s with %(sku)s, already on line %(line)s.")
                    % {"number": row.order_number, "sku": row.sku, "line": seen[key]},
                )
            )
            continue
        if row.date != order.date:
            plan.problems.append(
                Problem(
                    line_number,
                    _("Order %(number)s has another date on an earlier line.")
                    % {"number": row.order_number},
                )
            )
            continue
        seen[key] = line_number
        problem = line_problem(row)
        if problem:
            plan.problems.append(Problem(line_number, problem))
            continue
        order.rows.append(row)
    for order in orders.values():
        if order.rows and order.total > money.MAX_SALE_TOTAL:
            plan.problems.append(
                Problem(
                    order.rows[0].line_number,
                    _("Order %(number)s totals more than Rp %(most)s.")
                    % {"number": order.order_number, "most": money.rupiah(money.MAX_SALE_TOTAL)},
                )
            )
    return orders


def line_problem(row):
    """Why the row's money cannot be recorded, or None."""
    try:
        money.check_line(row.quantity, row.unit_price, row.discount)
    except ValidationError as error:
        return " ".join(error.messages)
    if row.discount > row.quantity * row.unit_price:
        return _("The discount is more than the line's amount.")
    if row.quantity * row.unit_price == row.discount:
        # A line at Rp 0 is an export's gift or a mistake; a sale that earns nothing would
        # still take stock and count in the reports.
        return _(
            "The price is Rp 0: a sale needs a price. Record a free gift as a stock adjustment, "
            "and correct or remove this row."
        )
    return None


def product_code(sku):
    """The product code the SKU is, or None: a SKU must be exactly one code (`BTK-001`, also
    written `btk 001`), never a bundle of several or a code with other words."""
    codes = codes_in(sku)
    if len(codes) == 1 and CODE_IN_TEXT.fullmatch(sku.strip()):
        return codes[0]
    return None


def match_products(plan, site):
    """Each row's SKU is a product code (BTK-001); rows whose SKU is not one code, or whose
    code no product has, are problems."""
    codes = {
        row.line_number: product_code(row.sku) for order in plan.to_create for row in order.rows
    }
    by_code = products_by_code(sorted({code for code in codes.values() if code}), site)
    for order in plan.to_create:
        for row in order.rows:
            product = by_code.get(codes[row.line_number])
            if codes[row.line_number] is None:
                plan.problems.append(
                    Problem(
                        row.line_number,
                        _(
                            "SKU “%(sku)s” is not exactly one product code (like BTK-001). "
                            "Bundles must be recorded per product: one row for each product."
                        )
                        % {"sku": row.sku},
                    )
                )
            elif product is None:
                plan.problems.append(
                    Problem(
                        row.line_number,
                        _("Unknown SKU “%(sku)s”: no product has this code.") % {"sku": row.sku},
                    )
                )
            else:
                order.products[row.line_number] = product


def products_by_code(codes, site):
    by_code = {}
    for start in range(0, len(codes), LOOKUP_BATCH):
        products = ProductPage.objects.filter(
            code__in=codes[start : start + LOOKUP_BATCH], path__startswith=site.root_page.path
        ).select_related("stock")
        by_code.update((product.code, product) for product in products)
    return by_code


def check_stock(plan):
    """Rows that would sell more than is in stock, counting the file's earlier orders."""
    taken = Counter()
    for order in plan.to_create:
        for row in order.rows:
            product = order.products.get(row.line_number)
            if product is None or product.availability in MADE_AFTER_ORDER:
                continue
            taken[product.pk] += row.quantity
            stock = getattr(product, "stock", None)
            available = stock.quantity if stock else 0
            if taken[product.pk] > available:
                plan.problems.append(
                    Problem(
                        row.line_number,
                        _(
                            "Only %(available)s of %(code)s in stock for this order and the "
                            "file's earlier ones."
                        )
                        % {"available": max(available, 0), "code": product.code},
                    )
                )
