"""The monthly report page and its CSV and XLSX exports (head of the institution)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
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


class MonthReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report of one month of the user's own institution (`site_of`): the address names only
    a month (``?month=2026-11``, this month by default) and a download format, so no parameter
    reaches another institution's figures. A subclass names its permission, how the report is
    made and exported, and the formats it downloads in."""

    permission_required: str
    # The downloaded file's name before "-<month>.<format>", e.g. "sales".
    file_stem: str
    # Format (``?format=xlsx``) → content type of the download.
    downloads: dict[str, str]
    header_icon = "table"

    def make_report(self, month, site):
        raise NotImplementedError

    def export(self, file_format: str) -> bytes:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.site = site_of(request.user)
        # Without an institution there is no report of theirs to make (never another's).
        if self.site is None or not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        month = parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
        self.report = self.make_report(month, self.site)
        file_format = request.GET.get("format")
        if file_format in self.downloads:
            response = HttpResponse(
                self.export(file_format), content_type=self.downloads[file_format]
            )
            name = f"{self.file_stem}-{self.report.label}.{file_format}"
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.report.label

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, month_value=self.report.label, **kwargs)


class ReportView(MonthReportView):
    """A month's sales by product, workshop and channel, with premi and PNBP; `?format=csv`
    or `?format=xlsx` downloads the same figures."""

    template_name = "orders/report.html"
    page_title = gettext_lazy("Sales report")
    permission_required = REPORT_PERMISSION
    file_stem = "sales"
    downloads = {name: content_type for name, (_writer, content_type) in EXPORTS.items()}

    def make_report(self, month, site):
        return monthly_report(month, site)

    def export(self, file_format):
        return export(self.report, file_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            (label, self.report.groups[name]) for name, (label, _field, _names) in GROUPINGS.items()
        ]
        context["columns"] = [(column, COLUMN_LABELS[column]) for column in COLUMNS]
        context["no_sales"] = _("No sales were recorded in this month.")
        return context
