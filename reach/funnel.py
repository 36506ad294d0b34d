"""What sells, per workshop: each product's month from a page view to a sale.

A workshop's catalog only earns its keep if its pages lead to sales, so for one institution and
one month this module follows every product through four steps:

1. **views** of its page (``TrafficCount``, kind ``view``, from the public site's access logs);
2. **order clicks**, clicks on its order buttons (``TrafficCount``, kind ``order_click``);
3. **inquiries**, the inquiry lines that name it, by when the inquiry was received;
4. **sales**, the lines of valid (not voided) sales that name it, by the sale's date, with their
   quantity and net amount, as the sales report (orders/reports.py) counts them.

An inquiry or a sale of two products counts once for each: the funnel is per product.
Only product pages are followed; the views of stories and listings are in no product's funnel.

**Channels.** Each step lands in exactly one channel, so every column adds up to the total:

- an inquiry or a sale in its own channel of the orders app (WhatsApp, each marketplace, the
  gallery, an exhibition, direct / B2B);
- an order click in the channel its button leads to: the click's ``destination`` is
  ``whatsapp`` (or one of its kinds of message, ``whatsapp-bulk``, ``whatsapp-business``,
  ``whatsapp-make``, ``whatsapp-notify``) or a marketplace of the product's links
  (``tokopedia``, ``shopee``, …), and each is the code of the orders channel of the same name
  (the part before a dash);
- a view in the channel the visitor came from. A visitor from WhatsApp (a shared link), Tokopedia
  or Shopee (the shop's listing) came from that orders channel; a visitor from Google,
  Instagram, Facebook, TikTok, another website or a typed address came from no channel where
  people order, and these sources are rows of their own, with views only ("Direct" visits are
  not the orders channel "Direct / B2B").

A click or a view whose channel the orders app no longer has keeps a row under its own name, so
nothing is lost from the totals.

Six queries make the report, whatever the number of products or counts: the orders channels,
the traffic sums, the inquiry lines' sums, the sale lines' sums, the live products and the names
of the products concerned.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from cms.models import ProductPage
from orders.models import Channel, InquiryLine
from orders.reports import month_lines, month_range, safe
from reach.models import TrafficChannel, TrafficCount, TrafficKind
from sitegen.pages import visible

# Visitors from these sources came from the orders channel with this code.
ORDER_CHANNEL_OF_VISITS = {
    TrafficChannel.WHATSAPP: "whatsapp",
    TrafficChannel.TOKOPEDIA: "tokopedia",
    TrafficChannel.SHOPEE: "shopee",
}
# The catalog-health panel names the live products nobody viewed in this many days.
UNSEEN_DAYS = 30
# Who reads the report of their institution: the head and the workshop managers (granted to
# their roles by reach/migrations/0003_funnel_report_permission.py).
FUNNEL_PERMISSION = "reach.view_funnel_report"


@dataclass
class Steps:
    """The four steps of a funnel, with what the sales brought."""

    views: int = 0
    clicks: int = 0
    inquiries: int = 0
    sales: int = 0
    quantity: int = 0
    net: int = 0

    def add(self, other: "Steps"):
        for name in STEPS_AND_AMOUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


STEPS_AND_AMOUNTS = [item.name for item in fields(Steps)]
STEP_LABELS = {
    "views": gettext_lazy("Views"),
    "clicks": gettext_lazy("Order clicks"),
    "inquiries": gettext_lazy("Inquiries"),
    "sales": gettext_lazy("Sales"),
    "quantity": gettext_lazy("Quantity sold"),
    "net": gettext_lazy("Net (Rp)"),
}


@dataclass(frozen=True)
class Route:
    """A channel of the funnel: an orders channel, or a source of visitors only."""

    key: str
    name: str
    takes_orders: bool
    position: tuple = field(compare=False)


@dataclass
class ProductFunnel:
    pk: int
    code: str
    title: str
    workshop: str
    live: bool
    total: Steps = field(default_factory=Steps)
    by_route: dict = field(default_factory=dict)  # Route → Steps

    @property
    def routes(self) -> list[tuple[Route, Steps]]:
        return sorted(self.by_route.items(), key=lambda item: item[0].position)


@dataclass
class FunnelReport:
    month: date
    total: Steps
    routes: list[tuple[Route, Steps]]  # by channel, orders channels first
    workshops: list[tuple[str, Steps]]
    products: list[ProductFunnel]  # most viewed first

    @property
    def label(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def viewed_not_sold(self) -> list[ProductFunnel]:
        return [
            product for product in self.products if product.total.views and not product.total.sales
        ]

    @property
    def not_viewed(self) -> list[ProductFunnel]:
        """The live products nobody viewed in the month."""
        return [product for product in self.products if product.live and not product.total.views]


class Routes:
    """The funnel's channels, made from the orders channels (see the module's docstring)."""

    def __init__(self, channels):
        self.by_code = {}
        self.by_pk = {}
        for channel in channels:
            route = Route(channel.code, channel.name, True, (0, channel.sort_order, channel.name))
            self.by_code[channel.code] = self.by_pk[channel.pk] = route

    def of_order(self, channel_pk) -> Route:
        return self.by_pk[channel_pk]

    def of_click(self, destination: str) -> Route:
        channel_code = destination.split("-", 1)[0]  # whatsapp-bulk is a WhatsApp click
        return (
            self.by_code.get(destination)
            or self.by_code.get(channel_code)
            or self.unknown(destination)
        )

    def of_view(self, source: str) -> Route:
        code = ORDER_CHANNEL_OF_VISITS.get(source)
        if code in self.by_code:
            return self.by_code[code]
        if source in TrafficChannel.values:
            position = (1, TrafficChannel.values.index(source), "")
            return Route(f"visits:{source}", str(TrafficChannel(source).label), False, position)
        return self.unknown(source)

    @staticmethod
    def unknown(name: str) -> Route:
        return Route(f"unknown:{name}", name or _("Unknown"), False, (2, 0, name))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month from its first midnight to the next month's, in the installation's time zone
    (as the accountability report counts it, whoever asks)."""
    first, last = month_range(month)
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def funnel_report(month: date, site: Site) -> FunnelReport:
    """The institution's month: every count and line summed per (product, channel) cell by the
    database, then added up per product, channel and workshop here."""
    first, last = month_range(month)
    routes = Routes(Channel.objects.all())
    cells = defaultdict(Steps)  # (product id, Route) → Steps
    for page_id, kind, source, destination, count in traffic_sums(site, first, last):
        if kind == TrafficKind.VIEW:
            cells[page_id, routes.of_view(source)].views += count
        else:
            cells[page_id, routes.of_click(destination)].clicks += count
    for product_id, channel_id, lines in inquiry_sums(site, month):
        cells[product_id, routes.of_order(channel_id)].inquiries += lines
    for product_id, channel_id, lines, quantity, net in sale_sums(site, month):
        cells[product_id, routes.of_order(channel_id)].add(
            Steps(sales=lines, quantity=quantity, net=net)
        )
    products = products_of(site, {product_id for product_id, _route in cells})
    return add_up(first, cells, products)


def traffic_sums(site, first, last):
    """(page, kind, channel, destination, count) of the month, summed over its days."""
    return (
        TrafficCount.objects.filter(site=site, day__gte=first, day__lte=last)
        .values_list("page_id", "kind", "channel", "destination")
        .annotate(total=Sum("count"))
        .order_by()
    )


def inquiry_sums(site, month):
    start, end = month_bounds(month)
    return (
        InquiryLine.objects.filter(
            inquiry__site=site, inquiry__created_at__gte=start, inquiry__created_at__lt=end
        )
        .values_list("product_id", "inquiry__channel_id")
        .annotate(lines=Count("pk"))
        .order_by()
    )


def sale_sums(site, month):
    return (
        month_lines(month, site)
        .values_list("product_id", "sale__channel_id")
        .annotate(lines=Count("pk"), quantity=Sum("quantity"), net=Sum("net"))
        .order_by()
    )


def live_products(site):
    """The site's products the public sees: those a month without views is news about."""
    return visible(ProductPage.objects.descendant_of(site.root_page))


def products_of(site, counted_ids) -> dict[int, ProductFunnel]:
    """The site's live products and those of its products with a count in the month."""
    live_ids = set(live_products(site).values_list("pk", flat=True))
    rows = (
        ProductPage.objects.descendant_of(site.root_page)
        .filter(Q(pk__in=live_ids) | Q(pk__in=counted_ids))
        .values_list("pk", "code", "title", "workshop__title")
    )
    return {
        pk: ProductFunnel(pk, code, title, workshop or "", pk in live_ids)
        for pk, code, title, workshop in rows
    }


def add_up(first, cells, products) -> FunnelReport:
    """The report's sections from the (product, channel) cells of the site's products."""
    total = Steps()
    by_route = defaultdict(Steps)
    by_workshop = defaultdict(Steps)
    for (product_id, route), steps in cells.items():
        product = products.get(product_id)
        if product is None:  # a story, a listing, or a page of no product of the site
            continue
        product.by_route[route] = steps
        product.total.add(steps)
        by_route[route].add(steps)
        by_workshop[product.workshop].add(steps)
        total.add(steps)
    return FunnelReport(
        month=first,
        total=total,
        routes=sorted(by_route.items(), key=lambda item: item[0].position),
        workshops=sorted(by_workshop.items(), key=lambda item: (-item[1].sales, item[0])),
        products=sorted(
            products.values(),
            key=lambda product: (-product.total.views, -product.total.sales, product.code),
        ),
    )


def unseen_products(site, products, today: date) -> set[int]:
    """Of these live products of the site, the ids of those nobody viewed in the last
    UNSEEN_DAYS days (today included) that were published before that time began (one query).

    Nothing is known without counts: when no page of the site has a view in that time (the
    traffic is not imported), no product is named."""
    since = today - timedelta(days=UNSEEN_DAYS - 1)
    viewed = set(
        TrafficCount.objects.filter(
            site=site, kind=TrafficKind.VIEW, day__gte=since, day__lte=today, count__gt=0
        )
        .values_list("page_id", flat=True)
        .distinct()
    )
    if not viewed:
        return set()
    window_start = datetime.combine(since, time.min, tzinfo=timezone.get_default_timezone())
    return {
        product.pk
        for product in products
        if product.pk not in viewed
        and product.first_published_at
        and product.first_published_at < window_start
    }


# Bars: the charts are inline SVG whose bars are as long as their share of the longest one.


def bar_length(value: int, longest: int) -> float:
    """A bar's length in percent of the chart's width."""
    return round(100 * value / longest, 1) if longest else 0


def funnel_bars(steps: Steps) -> list[tuple[str, int, float]]:
    """(label, value, length) of each of the four steps, for a chart."""
    names = ["views", "clicks", "inquiries", "sales"]
    longest = max(getattr(steps, name) for name in names)
    return [
        (str(STEP_LABELS[name]), getattr(steps, name), bar_length(getattr(steps, name), longest))
        for name in names
    ]


# Tables: the same rows for the admin page, the workbook and the accountability report.


def step_headings() -> list[str]:
    return [str(STEP_LABELS[name]) for name in STEPS_AND_AMOUNTS]


def figures(steps: Steps) -> list[int]:
    return [getattr(steps, name) for name in STEPS_AND_AMOUNTS]


def route_rows(report: FunnelReport):
    yield [_("Channel"), _("Where people order"), *step_headings()]
    for route, steps in report.routes:
        yield [route.name, _("yes") if route.takes_orders else _("no"), *figures(steps)]
    yield [_("Total"), "", *figures(report.total)]


def workshop_rows(report: FunnelReport):
    yield [_("Workshop"), *step_headings()]
    for workshop, steps in report.workshops:
        yield [workshop, *figures(steps)]


def product_rows(report: FunnelReport):
    yield [_("Code"), _("Product"), _("Workshop"), *step_headings()]
    for product in report.products:
        yield [product.code, product.title, product.workshop, *figures(product.total)]


def product_route_rows(report: FunnelReport):
    yield [_("Code"), _("Product"), _("Channel"), *step_headings()]
    for product in report.products:
        for route, steps in product.routes:
            yield [product.code, product.title, route.name, *figures(steps)]


def listed_rows(products):
    yield [_("Code"), _("Product"), _("Workshop"), str(STEP_LABELS["views"])]
    for product in products:
        yield [product.code, product.title, product.workshop, product.total.views]


def sheets(report: FunnelReport) -> list[tuple[str, list[list]]]:
    """(title, rows) of each table; the first row is the heading."""
    return [
        (_("By channel"), list(route_rows(report))),
        (_("By workshop"), list(workshop_rows(report))),
        (_("By product"), list(product_rows(report))),
        (_("By product and channel"), list(product_route_rows(report))),
        (_("Viewed, not sold"), list(listed_rows(report.viewed_not_sold))),
        (_("Not viewed"), list(listed_rows(report.not_viewed))),
    ]


def to_xlsx(report: FunnelReport) -> bytes:
    import openpyxl  # loaded when a workbook is made, not in every process (~16 MiB)

    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in sheets(report):
        sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
        for row in rows:
            sheet.append([safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
