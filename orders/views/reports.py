"""The monthly report page and its CSV and XLSX exports (head of the institution)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from institutions.scopes import site_of
from orders.reports import (
    COLUMN_LABELS,
    COLUMNS,
    EXPORTS,
    GROUPINGS,
    export,
    monthly_report,
    parse_month,
)

REPORT_PERMISSION = "orders.view_report"


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """A month's sales by product, workshop and channel, with premi and PNBP; `?format=csv`
    or `?format=xlsx` downloads the same figures."""

    template_name = "orders/report.html"
    page_title = gettext_lazy("Sales report")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.month = parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
        self.report = monthly_report(self.month, site_of(request.user))
        file_format = request.GET.get("format")
        if file_format in EXPORTS:
            response = HttpResponse(
                export(self.report, file_format), content_type=EXPORTS[file_format][1]
            )
            name = f"sales-{self.report.label}.{file_format}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.report.label

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["sections"] = [
            (label, self.report.groups[name]) for name, (label, _field, _names) in GROUPINGS.items()
        ]
        context["columns"] = [(column, COLUMN_LABELS[column]) for column in COLUMNS]
        context["month_value"] = self.report.label
        context["no_sales"] = _("No sales were recorded in this month.")
        return context
