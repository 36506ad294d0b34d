"""The monthly accountability report for the head of the institution.

One month of the institution's catalog in one document: what was reviewed and published and how
long reviews took, what was sold through which workshop and channel with the inmates' wage
(premi) and the state's revenue (PNBP), how stock moved, what the public site's pages led to
(views, order clicks, inquiries and sales per channel and product: reach/funnel.py), and the
catalog's health. Written as a
printable HTML page and an XLSX workbook by ``manage.py oversight_report --month YYYY-MM``.

The sales figures are the orders app's monthly report (orders/reports.py), so both reports
always agree. The catalog's health is as found when the report is made.

The month and every time shown are in the installation's time zone (TIME_ZONE, Asia/Jakarta),
whoever makes the report: in the admin the active time zone is the head's own profile's, and a
month's bounds must not move with it, so the page, the workbook and the command always agree.

The stock section counts each movement in the month the stock really moved, as the sales
figures count the sales:
- a sale's movement on the sale's date (a sale of 31 October recorded on 1 November is October's
  in both the sales and the stock sections);
- a voided sale's return when it was voided (the stock came back then; the sale's own movement
  stays in its month, where a later report no longer counts the sale among the sales);
- intakes, returns and adjustments when the clerk recorded them.
"""

import io
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from wagtail.models import PageLogEntry, Site, TaskState

from cms.models import InstitutionSettings, ProductPage, WorkshopPage
from institutions.scopes import site_of
from orders.models import MovementKind, StockMovement
from orders.reliability import BusinessRecord, business_record
from orders.reports import (
    COLUMN_LABELS,
    MonthlyReport,
    month_range,
    monthly_report,
    parse_month,
    safe,
)
from oversight.health import CatalogHealth, check_catalog_health, in_site
from reach.funnel import FunnelReport, funnel_bars, funnel_report, product_rows, route_rows
from sitegen.models import Deployment, Status

DECIDED = {TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED}


@dataclass
class Review:
    page_title: str
    submitted_by: str
    decided_by: str
    approved: bool
    submitted_at: datetime
    decided_at: datetime

    @property
    def waited(self) -> timedelta:
        return self.decided_at - self.submitted_at


@dataclass
class Moderation:
    reviews: list[Review]
    pages_published: int
    pages_unpublished: int
    site_publications: int
    failed_site_publications: int

    @property
    def approved(self) -> int:
        return sum(review.approved for review in self.reviews)

    @property
    def changes_requested(self) -> int:
        return len(self.reviews) - self.approved

    @property
    def median_wait(self) -> timedelta | None:
        waits = [review.waited for review in self.reviews]
        return statistics.median(waits) if waits else None

    @property
    def longest_wait(self) -> timedelta | None:
        return max((review.waited for review in self.reviews), default=None)


@dataclass
class StockRow:
    code: str
    name: str
    by_kind: dict[str, int]  # MovementKind → the month's sum of quantities (sales negative)

    @property
    def change(self) -> int:
        return sum(self.by_kind.values())


@dataclass
class AccountabilityReport:
    month: date
    institution_name: str
    made_at: datetime
    moderation: Moderation
    sales: MonthlyReport
    stock: list[StockRow]
    funnel: FunnelReport
    health: CatalogHealth
    business: list[tuple[str, BusinessRecord]]  # the institution's, then each workshop's

    @property
    def label(self) -> str:
        return self.month.strftime("%Y-%m")


def accountability_report(month: date, site: Site) -> AccountabilityReport:
    start, end = month_bounds(month)
    return AccountabilityReport(
        month=month.replace(day=1),
        institution_name=InstitutionSettings.for_site(site).institution_name,
        made_at=timezone.now(),
        moderation=moderation(site, start, end),
        sales=monthly_report(month, site),
        stock=stock_movements(site, month, start, end),
        funnel=funnel_report(month, site),
        health=check_catalog_health(site),
        business=business_records(site, month_range(month)[1]),
    )


def business_records(site, last_day) -> list[tuple[str, BusinessRecord]]:
    """The record of business orders in the 12 months up to the month's last day, of the
    institution and of each workshop that delivered one (orders/reliability.py)."""
    records = [(_("All workshops"), business_record(site, today=last_day))]
    for workshop in WorkshopPage.objects.descendant_of(site.root_page).order_by("path"):
        record = business_record(site, workshop=workshop, today=last_day)
        if record.delivered:
            records.append((workshop.title, record))
    return records


def report_zone():
    """The installation's time zone (settings.TIME_ZONE), of every date and time of the report."""
    return timezone.get_default_timezone()


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month from its first midnight to the next month's, in the report's time zone."""
    first, last = month_range(month)
    start = datetime.combine(first, time.min, tzinfo=report_zone())
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=report_zone())
    return start, end


def moderation(site, start, end) -> Moderation:
    in_month = {"timestamp__gte": start, "timestamp__lt": end}
    page_log = PageLogEntry.objects.filter(page__path__startswith=site.root_page.path, **in_month)
    deployments = Deployment.objects.filter(site=site, started_at__gte=start, started_at__lt=end)
    return Moderation(
        reviews=reviews(site, start, end),
        pages_published=page_log.filter(action="wagtail.publish").count(),
        pages_unpublished=page_log.filter(action="wagtail.unpublish").count(),
        site_publications=deployments.filter(status=Status.SUCCEEDED).count(),
        failed_site_publications=deployments.filter(status=Status.FAILED).count(),
    )


def reviews(site, start, end) -> list[Review]:
    """Every review decided in the month on a page of the site, in the order decided."""
    decided = (
        TaskState.objects.filter(status__in=DECIDED, finished_at__gte=start, finished_at__lt=end)
        .select_related("revision", "finished_by", "workflow_state__requested_by")
        .order_by("finished_at", "pk")
    )
    return [
        Review(
            page_title=page.get_admin_display_title(),
            submitted_by=name_of(task_state.workflow_state.requested_by),
            decided_by=name_of(task_state.finished_by),
            approved=task_state.status == TaskState.STATUS_APPROVED,
            submitted_at=task_state.started_at,
            decided_at=task_state.finished_at,
        )
        for page, task_state in in_site(decided, site)
    ]


def name_of(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def stock_movements(site, month, start, end) -> list[StockRow]:
    """Per product of the site, the month's movements summed by kind (one query, then the
    names)."""
    sums = (
        StockMovement.objects.filter(
            moved_in_month(month, start, end), product__path__startswith=site.root_page.path
        )
        .values_list("product_id", "kind")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    by_product = {}
    for product_id, kind, total in sums:
        by_product.setdefault(product_id, {})[kind] = total
    names = ProductPage.objects.filter(pk__in=by_product).values_list("pk", "code", "title")
    rows = [StockRow(code, title, by_product[pk]) for pk, code, title in names]
    return sorted(rows, key=lambda row: row.code)


def moved_in_month(month, start, end) -> Q:
    """The movements of the month, by when the stock moved (see the module's docstring)."""
    first, last = month_range(month)
    of_a_sale = Q(kind=MovementKind.SALE, sale__isnull=False)
    return (of_a_sale & Q(sale__date__gte=first, sale__date__lte=last)) | (
        ~of_a_sale & Q(created_at__gte=start, created_at__lt=end)
    )


# The two files: the same tables, as a workbook of sheets and as a page to print.


def sections(report: AccountabilityReport) -> list[tuple[str, list[list]]]:
    """(title, rows) of each table; the first row is the heading."""
    return [
        (_("Summary"), summary_rows(report)),
        (_("Reviews"), list(review_rows(report.moderation))),
        (_("Sales by workshop"), list(sales_rows(report.sales, "workshop"))),
        (_("Sales by channel"), list(sales_rows(report.sales, "channel"))),
        (_("Stock movements"), list(stock_rows(report.stock))),
        (_("Business orders, last 12 months"), business_rows(report.business)),
        (_("Catalog health"), list(health_rows(report.health))),
        (_("What sells, by channel"), list(route_rows(report.funnel))),
        (_("What sells, by product"), list(product_rows(report.funnel))),
    ]


SALES_COLUMNS = ["quantity", "net", "premi", "pnbp", "rest"]


def to_html(report: AccountabilityReport) -> str:
    return render_to_string(
        "oversight/accountability/report.html",
        {
            "report": report,
            "sections": sections(report),
            "funnel_bars": funnel_bars(report.funnel.total),
            "time_zone": report_zone(),
        },
    )


def to_xlsx(report: AccountabilityReport) -> bytes:
    import openpyxl  # loaded when a workbook is made, not in every process (~16 MiB)

    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in sections(report):
        add_sheet(workbook, title, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_sheet(workbook, title, rows):
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
    for row in rows:
        sheet.append([safe(cell) for cell in row])


def summary_rows(report):
    moderation, total = report.moderation, report.sales.total
    return [
        [_("Figure"), _("Value")],
        [_("Institution"), report.institution_name],
        [_("Month"), report.label],
        [_("Made at"), local_time(report.made_at)],
        [_("Reviews decided"), len(moderation.reviews)],
        [_("Approved"), moderation.approved],
        [_("Changes requested"), moderation.changes_requested],
        [_("Median review time (hours)"), hours(moderation.median_wait)],
        [_("Longest review time (hours)"), hours(moderation.longest_wait)],
        [_("Pages published"), moderation.pages_published],
        [_("Pages unpublished"), moderation.pages_unpublished],
        [_("Publications of the public site"), moderation.site_publications],
        [_("Failed publications"), moderation.failed_site_publications],
        [_("Sales"), report.sales.sales],
        *[[str(COLUMN_LABELS[column]), getattr(total, column)] for column in SALES_COLUMNS],
        [_("Last publication of the public site"), last_publication(report.health)],
        [_("Products needing attention"), len(report.health.products)],
        [_("Pages waiting too long in review"), len(report.health.waiting_reviews)],
    ]


def last_publication(health):
    publication = health.last_publication
    return local_time(publication.started_at) if publication else _("never")


def hours(duration: timedelta | None):
    return round(duration.total_seconds() / 3600, 1) if duration is not None else ""


def review_rows(moderation):
    yield [_("Page"), _("Submitted by"), _("Decided by"), _("Decision"), _("Submitted at"),
           _("Decided at"), _("Hours")]  # fmt: skip
    for review in moderation.reviews:
        yield [
            review.page_title,
            review.submitted_by,
            review.decided_by,
            _("Approved") if review.approved else _("Changes requested"),
            local_time(review.submitted_at),
            local_time(review.decided_at),
            hours(review.waited),
        ]


def local_time(moment):
    return timezone.localtime(moment, report_zone()).strftime("%Y-%m-%d %H:%M")


def sales_rows(sales, grouping):
    yield [_("Code"), _("Name"), *[str(COLUMN_LABELS[column]) for column in SALES_COLUMNS]]
    for row in [*sales.groups[grouping], sales.total]:
        yield [row.key, row.name, *[getattr(row, column) for column in SALES_COLUMNS]]


def stock_rows(stock):
    yield [
        _("Code"),
        _("Name"),
        *[str(label) for _kind, label in MovementKind.choices],
        _("Change"),
    ]
    for row in stock:
        amounts = [row.by_kind.get(kind, 0) for kind, _label in MovementKind.choices]
        yield [row.code, row.name, *amounts, row.change]


def business_rows(records):
    heading = [
        _("Workshop"),
        _("Orders delivered"),
        _("On time (%)"),
        _("Average delay (days)"),
        _("Repeat buyers"),
    ]
    return [heading] + [
        [
            name,
            record.delivered,
            record.on_time_percent if record.delivered else "",
            record.average_delay_days,
            record.repeat_buyers,
        ]
        for name, record in records
    ]


def health_rows(health):
    yield [_("Product or page"), _("What needs attention")]
    for findings in health.products:
        problems = "; ".join(
            f"{label} ({detail})" if detail else str(label)
            for label, detail in findings.labelled_problems
        )
        yield [f"{findings.product.code} {findings.product.title}", problems]
    for review in health.waiting_reviews:
        yield [review.page_title, _("Waiting in review for %(days)s days") % {"days": review.days}]
    if health.whatsapp_number_missing:
        yield [_("Settings"), _("The institution has no WhatsApp order number.")]


# The admin: the head chooses a month and prints the page or downloads the workbook.

REPORT_PERMISSION = "orders.view_report"  # whoever reads the sales reports (the head)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def accountability_report_view(request):
    site = site_of(request.user)
    # Without an institution there is no report of theirs to make (never another's).
    if site is None or not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    month = parse_month(request.GET.get("month"))
    file_format = request.GET.get("format")
    if month is None or file_format not in ("html", "xlsx"):
        today = timezone.localdate(timezone=report_zone())
        last_month = today.replace(day=1) - timedelta(days=1)
        return render(request, "oversight/accountability/choose.html", {"month": last_month})
    report = accountability_report(month, site)
    if file_format == "html":
        return HttpResponse(to_html(report))
    response = HttpResponse(to_xlsx(report), content_type=XLSX_TYPE)
    name = f"oversight-{report.label}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
