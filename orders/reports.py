"""The monthly sales report, by product, workshop and channel, for the head of the institution.

One function computes it with database aggregation (two queries, whatever the number of
sales); the admin page, the CSV and XLSX exports and `manage.py sales_report` all
use it. Voided sales are left out. Every amount is the sum of what the sale lines recorded
when they were sold (see orders/money.py), so a later change of prices, costs or share
percentages does not change a past month.

Margin = net − cost of goods (HPP × quantity, at the time of sale), over the lines whose
product had an HPP when they were sold: a line without one (HPP 0, not yet set) would count as
pure profit, so it is left out of the margin and counted instead ("lines without HPP"). A row
none of whose lines has an HPP has no margin.

Rows name their product by code and title, their workshop and channel by name: slugs and
channel codes are the system's, not the reader's.
"""

import calendar
import csv
import io
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import itemgetter

from django.db.models import Count, F, Q, Sum, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import ProductPage, WorkshopPage
from orders.models import Channel, Sale, SaleLine

GROUPINGS = {
    # name: (label, the line's id field, (id, code, name) of each id; only products have a
    # code people use)
    "product": (
        gettext_lazy("Product"),
        "product_id",
        lambda ids: ProductPage.objects.filter(pk__in=ids).values_list("pk", "code", "title"),
    ),
    "workshop": (
        gettext_lazy("Workshop"),
        "workshop_id",
        lambda ids: WorkshopPage.objects.filter(pk__in=ids).values_list("pk", Value(""), "title"),
    ),
    "channel": (
        gettext_lazy("Channel"),
        "sale__channel_id",
        lambda ids: Channel.objects.filter(pk__in=ids).values_list("pk", Value(""), "name"),
    ),
}
HPP_KNOWN = Q(unit_cost__gt=0)


@dataclass
class ReportRow:
    key: str
    name: str
    quantity: int = 0
    gross: int = 0
    discount: int = 0
    net: int = 0
    premi: int = 0
    pnbp: int = 0
    cost: int = 0
    net_with_cost: int = 0
    lines_with_cost: int = 0
    lines_without_cost: int = 0

    @property
    def rest(self):
        return self.net - self.premi - self.pnbp

    @property
    def margin(self):
        """Of the lines with an HPP only; None when no line has one."""
        if not self.lines_with_cost:
            return None
        return self.net_with_cost - self.cost


AMOUNTS = [item.name for item in fields(ReportRow)][2:]
COLUMNS = [
    "quantity",
    "gross",
    "discount",
    "net",
    "premi",
    "pnbp",
    "rest",
    "cost",
    "margin",
    "lines_without_cost",
]
COLUMN_LABELS = {
    "quantity": gettext_lazy("Quantity"),
    "gross": gettext_lazy("Gross (Rp)"),
    "discount": gettext_lazy("Discount (Rp)"),
    "net": gettext_lazy("Net (Rp)"),
    "premi": gettext_lazy("Premi (Rp)"),
    "pnbp": gettext_lazy("PNBP (Rp)"),
    "rest": gettext_lazy("Rest (Rp)"),
    "cost": gettext_lazy("Cost of goods (Rp)"),
    "margin": gettext_lazy("Margin (Rp)"),
    "lines_without_cost": gettext_lazy("Lines without HPP"),
}


@dataclass
class MonthlyReport:
    month: date
    sales: int = 0
    total: ReportRow = None
    groups: dict = field(default_factory=dict)  # grouping name → [ReportRow]

    @property
    def label(self):
        return self.month.strftime("%Y-%m")


def parse_month(value: str) -> date | None:
    """ "2026-11" → 1 November 2026; None when it is not a month."""
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None


def month_range(month: date):
    last_day = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last_day)


def month_sales(month: date, site):
    """The institution's valid sales of the month."""
    first, last = month_range(month)
    return Sale.objects.filter(site=site, date__gte=first, date__lte=last, voided_at__isnull=True)


def month_lines(month: date, site):
    first, last = month_range(month)
    return SaleLine.objects.filter(
        sale__site=site,
        sale__date__gte=first,
        sale__date__lte=last,
        sale__voided_at__isnull=True,
    )


def sums():
    """The sums of a group of lines, named `sum_…` (the lines have fields of the plain names)."""
    return {
        "sum_quantity": Sum("quantity"),
        "sum_gross": Sum(F("quantity") * F("unit_price")),
        "sum_discount": Sum("discount"),
        "sum_net": Sum("net"),
        "sum_premi": Sum("premi"),
        "sum_pnbp": Sum("pnbp"),
        "sum_cost": Sum(F("quantity") * F("unit_cost"), filter=HPP_KNOWN),
        "sum_net_with_cost": Sum("net", filter=HPP_KNOWN),
        "sum_lines_with_cost": Count("pk", filter=HPP_KNOWN),
        "sum_lines_without_cost": Count("pk", filter=~HPP_KNOWN),
    }


def monthly_report(month: date, site) -> MonthlyReport:
    """One query sums the month's lines per product × workshop × channel, by id (at most
    products × channels rows, whatever the number of sales); the sections and the total are
    added up from those rows, and the names come from the small tables they point to."""
    first, last = month_range(month)
    combinations = list(
        month_lines(month, site)
        .values(*[id_field for _label, id_field, _names in GROUPINGS.values()])
        .annotate(**sums())
        .order_by()
    )
    report = MonthlyReport(
        month=first,
        sales=month_sales(month, site).count(),
    )
    report.total = ReportRow(key="", name=_("Total"))
    for values in combinations:
        add_to(report.total, values)
    for name, (_label, id_field, names) in GROUPINGS.items():
        ids = {values[id_field] for values in combinations}
        labels = {pk: (code, title) for pk, code, title in names(ids)}
        report.groups[name] = add_up(combinations, itemgetter(id_field), labels)
    return report


def add_up(combinations, id_of, labels):
    """Rows of summed amounts, one per id, largest net first."""
    rows = {}
    for values in combinations:
        pk = id_of(values)
        code, name = labels[pk]
        add_to(rows.setdefault(pk, ReportRow(key=str(code), name=str(name))), values)
    return sorted(rows.values(), key=lambda row: (-row.net, row.key, row.name))


def add_to(row, values):
    for amount in AMOUNTS:
        setattr(row, amount, getattr(row, amount) + (values[f"sum_{amount}"] or 0))


def table_rows(report):
    """Every row of the report, each as [section, key, name, amounts…], then the total."""
    for name, (label, _field, _names) in GROUPINGS.items():
        for row in report.groups[name]:
            yield [str(label), row.key, row.name, *[getattr(row, c) for c in COLUMNS]]
    yield [_("Total"), "", "", *[getattr(report.total, c) for c in COLUMNS]]


def header():
    return [_("Section"), _("Code"), _("Name"), *[str(COLUMN_LABELS[c]) for c in COLUMNS]]


def safe(cell):
    """Names come from editors; a spreadsheet must not read one as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def to_csv(report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in table_rows(report):
        writer.writerow([safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes Excel read UTF-8


def to_xlsx(report) -> bytes:
    import openpyxl  # loaded when a workbook is made, not in every process (~16 MiB)

    workbook = openpyxl.Workbook(write_only=True)
    for name, (label, _field, _names) in GROUPINGS.items():
        sheet = workbook.create_sheet(str(label))
        sheet.append([_("Code"), _("Name"), *[str(COLUMN_LABELS[c]) for c in COLUMNS]])
        for row in report.groups[name]:
            sheet.append([safe(row.key), safe(row.name), *[getattr(row, c) for c in COLUMNS]])
        sheet.append(["", _("Total"), *[getattr(report.total, c) for c in COLUMNS]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORTS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def export(report, file_format) -> bytes:
    return EXPORTS[file_format][0](report)
