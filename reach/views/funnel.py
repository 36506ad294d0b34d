"""The "What sells" report in the admin, and its XLSX download, for the head and the managers.

The institution is always the user's own (`site_of`): the address names only a month and a
format, so no parameter reaches another institution's figures.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from institutions.scopes import site_of
from orders.reports import parse_month
from reach.funnel import (
    STEP_LABELS,
    STEPS_AND_AMOUNTS,
    bar_length,
    funnel_bars,
    funnel_report,
    may_read,
    to_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FunnelView(WagtailAdminTemplateMixin, TemplateView):
    """A month of views → order clicks → inquiries → sales, by channel, workshop and product;
    `?format=xlsx` downloads the same tables."""

    template_name = "reach/funnel/report.html"
    page_title = gettext_lazy("What sells")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.site = site_of(request.user)
        if not may_read(request.user, self.site):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        month = parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
        self.report = funnel_report(month, self.site)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(to_xlsx(self.report), content_type=XLSX_TYPE)
            name = f"what-sells-{self.report.label}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.report.label

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        most_views = max((product.total.views for product in report.products), default=0)
        context.update(
            report=report,
            month_value=report.label,
            funnel_bars=funnel_bars(report.total),
            step_labels=[STEP_LABELS[name] for name in STEPS_AND_AMOUNTS],
            product_bars=[
                (product, bar_length(product.total.views, most_views))
                for product in report.products
            ],
        )
        return context
