"""The "Orders" menu of the admin (wagtail-modeladmin), the home panel and the log actions."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.db.models import Prefetch
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from institutions.models import Institution, InstitutionLogEntry
from orders.forms import InstitutionProductsForm
from orders.models import (
    BuyerConsent,
    Channel,
    Import,
    Inquiry,
    InquiryLine,
    ProductionOrder,
    ProductionOrderLine,
    ProductStock,
    Quotation,
    QuotationLine,
    Sale,
    SaleLine,
    StockMovement,
)
from orders.money import rupiah
from orders.panels import orders_panel_for
from orders.reliability import public_lines
from orders.reports import month_range, parse_month
from orders.views.choosers import product_chooser_viewset
from orders.views.common import (
    InstitutionScopedAdmin,
    OrdersCreateView,
    OrdersEditView,
    RecordPermissionHelper,
)
from orders.views.imports import ImportPermissionHelper, PreviewView, UploadView
from orders.views.inquiries import (
    ConvertView,
    InquiryButtonHelper,
    InquiryCreateView,
    InquiryEditView,
    InquiryPermissionHelper,
)
from orders.views.production import (
    BuyerConsentCreateView,
    BuyerConsentPermissionHelper,
    CancelView,
    ConsentLetterView,
    CorrectProgressView,
    DeliverView,
    DeliveryNoteView,
    InvoicePdfView,
    InvoiceView,
    PaymentView,
    ProductionOrderInspectView,
    ProductionOrderPermissionHelper,
    ProgressView,
    ReturnDeliveryView,
)
from orders.views.quotations import (
    AcceptView,
    ApproveView,
    PdfView,
    QuotationButtonHelper,
    QuotationCreateView,
    QuotationEditView,
    QuotationInspectView,
    QuotationPermissionHelper,
    ReviseView,
    SendView,
)
from orders.views.reports import REPORT_PERMISSION, ReportView
from orders.views.sales import (
    SaleButtonHelper,
    SaleCreateView,
    SaleEditView,
    SalePermissionHelper,
    SaleSearchHandler,
    VoidView,
)
from orders.views.stock import MovementCreateView, MovementEditView, ProductStockEditView
from orders.widgets import ProductSelect

MONTHS_IN_FILTER = 12


class MonthFilter(SimpleListFilter):
    """The last twelve months, newest first; no query needed to list them."""

    title = _("month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        month = timezone.localdate().replace(day=1)
        choices = []
        for _step in range(MONTHS_IN_FILTER):
            choices.append((month.strftime("%Y-%m"), month.strftime("%Y-%m")))
            month = (month - timedelta(days=1)).replace(day=1)
        return choices

    def queryset(self, request, queryset):
        month = parse_month(self.value())
        if month is None:
            return queryset
        first, last = month_range(month)  # a range uses the date index; __month would not
        return queryset.filter(date__gte=first, date__lte=last)


class ChannelFilter(SimpleListFilter):
    """By channel (Django's related-field filter needs django.contrib.admin, not installed)."""

    title = _("channel")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return [(str(channel.pk), channel.name) for channel in Channel.objects.all()]

    def queryset(self, request, queryset):
        return queryset.filter(channel_id=self.value()) if self.value() else queryset


class VoidedFilter(SimpleListFilter):
    # The list shows it as "By validity": a noun, which Indonesian needs after "Menurut".
    title = _("validity")
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("no", _("Valid sales")), ("yes", _("Voided sales"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(voided_at__isnull=self.value() == "no")
        return queryset


class ProductsColumn:
    """Lists whose rows name their products ("2 × BTK-001"), read for the whole page at once."""

    line_model = None

    def get_queryset(self, request):
        lines = self.line_model.objects.select_related("product").order_by("pk")
        return super().get_queryset(request).prefetch_related(Prefetch("lines", queryset=lines))

    @admin.display(description=_("products"))
    def products(self, record):
        return ", ".join(f"{line.quantity} × {line.product.code}" for line in record.lines.all())


class SaleAdmin(ProductsColumn, InstitutionScopedAdmin, ModelAdmin):
    model = Sale
    line_model = SaleLine
    menu_label = _("Sales")
    menu_icon = "form"
    list_display = [
        "date",
        "channel",
        "external_reference",
        "products",
        "total",
        "payment_status",
        "shipping_status",
        "voided_at",
    ]
    list_filter = [
        ChannelFilter,
        "payment_status",
        "shipping_status",
        MonthFilter,
        ("date", DateFieldListFilter),
        VoidedFilter,
    ]
    list_select_related = ["channel"]
    list_per_page = 50
    search_fields = ["external_reference"]
    search_handler_class = SaleSearchHandler
    index_template_name = "orders/index_with_find.html"
    create_view_class = SaleCreateView
    edit_view_class = SaleEditView
    permission_helper_class = SalePermissionHelper
    button_helper_class = SaleButtonHelper

    @admin.display(description=_("total (Rp)"), ordering="total_net")
    def total(self, sale):
        return rupiah(sale.total_net)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("void"),
                self.void_view,
                name=self.url_helper.get_action_url_name("void"),
            ),
        )

    def void_view(self, request, instance_pk):
        return VoidView.as_view(model_admin=self, instance_pk=instance_pk)(request)


class InquiryAdmin(ProductsColumn, InstitutionScopedAdmin, ModelAdmin):
    model = Inquiry
    line_model = InquiryLine
    menu_label = _("Inquiries")
    menu_icon = "mail"
    list_display = ["__str__", "channel", "products", "status", "assigned_to", "created_at"]
    list_filter = ["status", ChannelFilter]
    list_select_related = ["channel", "assigned_to"]
    list_per_page = 50
    search_fields = ["customer_name", "customer_contact", "organisation", "message"]
    index_template_name = "orders/index_with_find.html"
    create_view_class = InquiryCreateView
    edit_view_class = InquiryEditView
    # modeladmin's edit view reads its template from here, not from the view's template_name.
    edit_template_name = "orders/inquiry_edit.html"
    permission_helper_class = InquiryPermissionHelper
    button_helper_class = InquiryButtonHelper

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("convert"),
                self.convert_view,
                name=self.url_helper.get_action_url_name("convert"),
            ),
        )

    def convert_view(self, request, instance_pk):
        return ConvertView.as_view(model_admin=self, instance_pk=instance_pk)(request)


class ActionViewsAdmin:
    """A model admin with views of its own for one record each, named in `action_views`."""

    action_views = {}

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self.action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in self.action_views.items()
        )

    def action_view(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        return view


class QuotationAdmin(ActionViewsAdmin, ProductsColumn, InstitutionScopedAdmin, ModelAdmin):
    model = Quotation
    line_model = QuotationLine
    menu_label = _("Quotations")
    menu_icon = "doc-full"
    list_display = ["__str__", "organisation", "customer_name", "products", "total_rp", "status"]
    list_filter = ["status", "year"]
    list_per_page = 50
    search_fields = ["number", "customer_name", "organisation"]
    inspect_view_enabled = True
    inspect_template_name = "orders/quotation_inspect.html"
    create_view_class = QuotationCreateView
    edit_view_class = QuotationEditView
    inspect_view_class = QuotationInspectView
    permission_helper_class = QuotationPermissionHelper
    button_helper_class = QuotationButtonHelper
    action_views = {
        "approve": ApproveView,
        "send": SendView,
        "revise": ReviseView,
        "accept": AcceptView,
        "pdf": PdfView,
    }

    @admin.display(description=_("total (Rp)"), ordering="total")
    def total_rp(self, quotation):
        return rupiah(quotation.total)


class ProductionOrderAdmin(ActionViewsAdmin, ProductsColumn, InstitutionScopedAdmin, ModelAdmin):
    model = ProductionOrder
    line_model = ProductionOrderLine
    menu_label = _("Production orders")
    menu_icon = "cogs"
    list_display = [
        "__str__",
        "organisation",
        "products",
        "promised_date",
        "completed_on",
        "cancelled_at",
        "total_rp",
    ]
    list_filter = ["completed_on", "cancelled_at"]
    list_per_page = 50
    search_fields = ["quotation__number", "customer_name", "organisation"]
    list_select_related = ["quotation"]
    inspect_view_enabled = True
    inspect_template_name = "orders/production_order_inspect.html"
    inspect_view_class = ProductionOrderInspectView
    permission_helper_class = ProductionOrderPermissionHelper
    action_views = {
        "progress": ProgressView,
        "correct_progress": CorrectProgressView,
        "deliver": DeliverView,
        "return_delivery": ReturnDeliveryView,
        "cancel": CancelView,
        "invoice": InvoiceView,
        "pay": PaymentView,
        "delivery_note": DeliveryNoteView,
        "invoice_pdf": InvoicePdfView,
    }

    @admin.display(description=_("total (Rp)"), ordering="total")
    def total_rp(self, order):
        return rupiah(order.total)


class BuyerConsentAdmin(ActionViewsAdmin, InstitutionScopedAdmin, ModelAdmin):
    """Written consents of buyers to be named on the public site: recorded by the clerk, never
    changed or deleted (a new letter is a new record)."""

    model = BuyerConsent
    menu_label = _("Buyers' consents")
    menu_icon = "doc-full-inverse"
    list_display = ["organisation", "date", "letter_link", "recorded_by", "recorded_at"]
    search_fields = ["organisation"]
    create_view_class = BuyerConsentCreateView
    permission_helper_class = BuyerConsentPermissionHelper
    action_views = {"letter": ConsentLetterView}

    @admin.display(description=_("scanned letter"))
    def letter_link(self, consent):
        if not consent.letter:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            self.url_helper.get_action_url("letter", consent.pk),
            _("Download"),
        )


class StockMovementAdmin(InstitutionScopedAdmin, ModelAdmin):
    model = StockMovement
    menu_label = _("Stock movements")
    menu_icon = "list-ol"
    list_display = ["created_at", "product", "kind", "quantity", "reason", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["product", "created_by"]
    list_per_page = 50
    search_fields = ["product__code", "product__title", "reason"]
    create_view_class = MovementCreateView
    edit_view_class = MovementEditView
    permission_helper_class = RecordPermissionHelper


class ProductStockAdmin(InstitutionScopedAdmin, ModelAdmin):
    model = ProductStock
    menu_label = _("Products' stock")
    menu_icon = "tasks"
    list_display = ["product", "quantity", "low_stock_threshold", "cost_of_goods"]
    list_select_related = ["product"]
    list_per_page = 50
    search_fields = ["product__code", "product__title"]
    ordering = ["product__code"]
    edit_handler = ObjectList(
        [
            FieldPanel("product", widget=ProductSelect),
            FieldPanel("cost_of_goods"),
            FieldPanel("low_stock_threshold"),
        ],
        base_form_class=InstitutionProductsForm,
    )
    create_view_class = OrdersCreateView
    edit_view_class = ProductStockEditView
    permission_helper_class = RecordPermissionHelper


class ChannelPermissionHelper(PermissionHelper):
    """Channels are shared by every institution, so a change to one reaches them all. With one
    institution its head adds and changes them; with several, only a superuser (the installer)
    does, so no head turns a channel off for the others. A channel is never deleted (sales refer
    to it): one no longer used is made inactive."""

    def user_can_create(self, user):
        return super().user_can_create(user) and self.may_change_shared_channels(user)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.may_change_shared_channels(user)

    def user_can_delete_obj(self, user, obj):
        return False

    @staticmethod
    def may_change_shared_channels(user) -> bool:
        return user.is_superuser or Institution.objects.count() < 2


class ChannelAdmin(ModelAdmin):
    model = Channel
    menu_label = _("Channels")
    menu_icon = "link"
    list_display = ["name", "code", "kind", "active"]
    create_view_class = OrdersCreateView
    edit_view_class = OrdersEditView
    permission_helper_class = ChannelPermissionHelper


class ImportAdmin(InstitutionScopedAdmin, ModelAdmin):
    model = Import
    menu_label = _("Imports")
    menu_icon = "upload"
    list_display = [
        "created_at",
        "file_name",
        "channel",
        "status",
        "sales_created",
        "already_imported",
        "problems",
        "uploaded_by",
    ]
    list_select_related = ["channel", "uploaded_by"]
    create_view_class = UploadView
    permission_helper_class = ImportPermissionHelper

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("preview"),
                self.preview_view,
                name=self.url_helper.get_action_url_name("preview"),
            ),
        )

    def preview_view(self, request, instance_pk):
        return PreviewView.as_view(model_admin=self, instance_pk=instance_pk)(request)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@modeladmin_register
class OrdersGroup(ModelAdminGroup):
    menu_label = _("Orders")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = [
        InquiryAdmin,
        QuotationAdmin,
        ProductionOrderAdmin,
        SaleAdmin,
        StockMovementAdmin,
        ProductStockAdmin,
        ChannelAdmin,
        ImportAdmin,
        BuyerConsentAdmin,
    ]

    def get_submenu_items(self):
        report = ReportMenuItem(
            _("Reports"),
            reverse("orders_report"),
            name="orders-report",
            icon_name="table",
            order=900,
        )
        return [*super().get_submenu_items(), report]


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("orders/report/", ReportView.as_view(), name="orders_report")]


@hooks.register("register_admin_viewset")
def register_product_chooser():
    return product_chooser_viewset


@hooks.register("construct_homepage_panels")
def add_orders_panel(request, panels):
    panel = orders_panel_for(request)
    if panel:
        panels.append(panel)


@hooks.register("workshop_public_lines")
def business_record_of_workshop(workshop):
    """The workshop's record of business orders on its public page, when the head chose to
    show it (orders/reliability.py)."""
    return public_lines(workshop.get_site(), workshop)


@hooks.register("register_log_actions")
def register_stock_in_institution_log(actions):
    """Stock is logged with its product's institution, so that only its staff read its history
    (institutions/models/log.py)."""
    for model in (StockMovement, ProductStock):
        actions.register_model(model, InstitutionLogEntry)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action("orders.void")
    class VoidMessage(LogFormatter):
        label = _("Void")

        def format_message(self, log_entry):
            return _("Voided: %(reason)s") % {"reason": log_entry.data.get("reason", "")}

    @actions.register_action("orders.cost_of_goods")
    class CostOfGoodsMessage(LogFormatter):
        label = _("HPP changed")

        def format_message(self, log_entry):
            return _("HPP changed from Rp %(before)s to Rp %(after)s") % {
                "before": rupiah(log_entry.data.get("before", 0)),
                "after": rupiah(log_entry.data.get("after", 0)),
            }

    actions.register_action("orders.convert", _("Convert to sale"), _("Converted to a sale"))
    actions.register_action("orders.deliver", _("Delivery"), _("Delivery recorded"))
    actions.register_action("orders.paid", _("Payment"), _("Invoice payment recorded"))
    actions.register_action("orders.return", _("Return"), _("Delivery returned"))
    actions.register_action("orders.cancel", _("Cancellation"), _("Order cancelled"))
    actions.register_action(
        "orders.progress_corrected", _("Progress correction"), _("Progress entry corrected")
    )
    actions.register_action("orders.import", _("Import"), _("Imported an order export"))
