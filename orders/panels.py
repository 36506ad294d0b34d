"""The orders panels of the admin's home page: this month at a glance for the head, and the
day's work for a clerk (their open inquiries, low stock, today's sales).

The chart is an inline SVG drawn on the server: no JavaScript, no third-party code, and it
prints and works offline like the rest of the admin.
"""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from wagtail.admin.ui.components import Component

from cms.models import ProductPage
from institutions.scopes import site_of
from orders.models import Inquiry, InquiryStatus, ProductStock, Sale, StockMovement
from orders.reliability import business_record
from orders.reports import month_lines, month_range, month_sales
from orders.stock import MADE_AFTER_ORDER
from orders.views.reports import REPORT_PERMISSION

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 620, 160, 2
LOW_STOCK_SHOWN = 8
TOP_PRODUCTS = 5
INQUIRIES_SHOWN = 8
OPEN = [InquiryStatus.NEW, InquiryStatus.ANSWERED]
SALE_PERMISSION = "orders.add_sale"


class OrdersPanel(Component):
    """This month at the head's own institution."""

    name = "orders_month"
    template_name = "orders/home_panel.html"
    order = 90

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        first, last = month_range(today)
        sales = month_sales(today, self.site)
        totals = sales.aggregate(count=Count("pk"), revenue=Sum("total_net"))
        return {
            "month": first,
            "sales_count": totals["count"],
            "revenue": totals["revenue"] or 0,
            "top_products": top_products(today, self.site),
            "open_inquiries": Inquiry.objects.filter(site=self.site, status__in=OPEN).count(),
            "low_stock": low_stock(self.site),
            "chart": daily_chart(sales, first, last),
            "business": business_record(self.site, today=today),
        }


class ClerkPanel(Component):
    """A clerk's day: the open inquiries waiting for them (theirs and nobody's yet), the
    products running low, and what was sold today."""

    name = "orders_today"
    template_name = "orders/clerk_panel.html"
    order = 90

    def __init__(self, site, user):
        self.site, self.user = site, user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        sales = Sale.objects.filter(site=self.site, date=today, voided_at__isnull=True)
        totals = sales.aggregate(count=Count("pk"), revenue=Sum("total_net"))
        return {
            "today": today,
            "sales_count": totals["count"],
            "revenue": totals["revenue"] or 0,
            "inquiries": open_inquiries_of(self.site, self.user)[:INQUIRIES_SHOWN],
            "low_stock": low_stock(self.site),
        }


def open_inquiries_of(site, user):
    return (
        Inquiry.objects.filter(site=site, status__in=OPEN)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .select_related("channel", "assigned_to")
        .order_by("created_at", "pk")
    )


def top_products(month, site):
    """The month's best sellers by quantity (grouped by id; the names are read for five)."""
    top = list(
        month_lines(month, site)
        .values("product_id")
        .annotate(sold=Sum("quantity"), revenue=Sum("net"))
        .order_by("-sold", "product_id")[:TOP_PRODUCTS]
    )
    products = ProductPage.objects.in_bulk([row["product_id"] for row in top])
    return [{"product": products[row["product_id"]], **row} for row in top]


def low_stock(site):
    """Products sold from stock whose stock is at or below their threshold (products whose
    stock orders does not count yet, with no movement, are left out)."""
    counted = StockMovement.objects.filter(product_id=OuterRef("product_id"))
    return (
        ProductStock.objects.filter(
            Exists(counted),
            quantity__lte=F("low_stock_threshold"),
            product__path__startswith=site.root_page.path,
        )
        .exclude(product__availability__in=MADE_AFTER_ORDER)
        .select_related("product")
        .order_by("quantity", "product__code")[:LOW_STOCK_SHOWN]
    )


def daily_chart(sales, first, last):
    """Bars of each day's revenue, scaled to the month's best day."""
    by_day = dict(sales.values_list("date").annotate(Sum("total_net")).order_by())
    days = (last - first).days + 1
    best = max(by_day.values(), default=0) or 1
    width = CHART_WIDTH / days
    bars = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        amount = by_day.get(day, 0)
        height = round(amount * (CHART_HEIGHT - 20) / best, 1)
        bars.append(
            {
                "x": round(offset * width, 1),
                "y": round(CHART_HEIGHT - height, 1),
                "width": round(width - BAR_GAP, 1),
                "height": height,
                "day": day,
                "amount": amount,
            }
        )
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars, "best": best}


def orders_panel_for(request):
    user = request.user
    if user.has_perm(REPORT_PERMISSION):
        return OrdersPanel(site_of(user))
    if user.has_perm(SALE_PERMISSION):
        return ClerkPanel(site_of(user), user)
    return None
