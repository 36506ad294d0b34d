"""The "What sells" report in the admin, and its XLSX download, for the head and the managers
(`FUNNEL_PERMISSION`), of their own institution only (`MonthReportView`)."""

from django.utils.translation import gettext_lazy

from orders.views.reports import MonthReportView
from reach.funnel import (
    FUNNEL_PERMISSION,
    STEP_LABELS,
    STEPS_AND_AMOUNTS,
    bar_length,
    funnel_bars,
    funnel_report,
    to_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FunnelView(MonthReportView):
    """A month of views → order clicks → inquiries → sales, by channel, workshop and product;
    `?format=xlsx` downloads the same tables."""

    template_name = "reach/funnel/report.html"
    page_title = gettext_lazy("What sells")
    permission_required = FUNNEL_PERMISSION
    file_stem = "what-sells"
    downloads = {"xlsx": XLSX_TYPE}

    def make_report(self, month, site):
        return funnel_report(month, site)

    def export(self, file_format):
        return to_xlsx(self.report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        most_views = max((product.total.views for product in report.products), default=0)
        context.update(
            funnel_bars=funnel_bars(report.total),
            step_labels=[STEP_LABELS[name] for name in STEPS_AND_AMOUNTS],
            product_bars=[
                (product, bar_length(product.total.views, most_views))
                for product in report.products
            ],
        )
        return context
