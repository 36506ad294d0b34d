"""From the rows of an export to the sales an import would record, and the rows it cannot.

The plan is made twice: for the preview, and again inside the import's transaction, so what is
imported is checked against the database as it is at that moment.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.models import ProductPage
from orders.codes import codes_in
from orders.imports import shopee, tokopedia
from orders.imports.files import read_table
from orders.imports.values import RowProblem
from orders.models import Sale
from orders.stock import MADE_AFTER_ORDER

FORMATS = {module.CHANNEL: module for module in (shopee, tokopedia)}


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

    @property
    def orders_found(self):
        return len(self.to_create) + len(self.already_imported)


def plan_import(channel, file_name: str, content: bytes, site) -> ImportPlan:
    """What importing the file for the institution of `site` would do (its products only)."""
    plan = ImportPlan()
    module = FORMATS.get(channel.code)
    if module is None:
        plan.problems.append(
            Problem(None, _("Imports from %(channel)s are not supported.") % {"channel": channel})
        )
        return plan
    try:
        table = read_table(file_name, content, module.REQUIRED_COLUMNS)
    except ValidationError as error:
        plan.problems.extend(Problem(None, message) for message in error.messages)
        return plan
    orders = group_orders(table, module, plan)
    existing = set(
        Sale.objects.filter(channel=channel, external_reference__in=list(orders)).values_list(
            "external_reference", flat=True
        )
    )
    plan.already_imported = sorted(existing)
    plan.to_create = [order for number, order in orders.items() if number not in existing]
    match_products(plan, site)
    check_stock(plan)
    plan.problems.sort(key=lambda problem: problem.line_number or 0)
    return plan


def group_orders(table, module, plan):
    """Rows grouped by order number, in file order; a row that repeats a product of its order
    or gives its order another date is a problem (a doubled or a mixed-up export)."""
    orders = {}
    seen = {}
    for line_number, raw in table.rows:
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
        if row.discount > row.quantity * row.unit_price:
            plan.problems.append(
                Problem(line_number, _("The discount is more than the line's amount."))
            )
            continue
        order.rows.append(row)
    return orders


def match_products(plan, site):
    """Each row's SKU is a product code (BTK-001); rows whose code no product has are problems."""
    codes = {
        row.line_number: (codes_in(row.sku) or [None])[0]
        for order in plan.to_create
        for row in order.rows
    }
    products = ProductPage.objects.filter(
        code__in=[code for code in codes.values() if code],
        path__startswith=site.root_page.path,
    ).select_related("stock")
    by_code = {product.code: product for product in products}
    for order in plan.to_create:
        for row in order.rows:
            product = by_code.get(codes[row.line_number])
            if product is None:
                plan.problems.append(
                    Problem(
                        row.line_number,
                        _("Unknown SKU “%(sku)s”: no product has this code.") % {"sku": row.sku},
                    )
                )
            else:
                order.products[row.line_number] = product


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
