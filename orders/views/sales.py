"""Recording a sale, editing its statuses, and voiding it with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import HelpPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.helpers.search import BaseSearchHandler
from wagtail_modeladmin.views import InstanceSpecificView

from orders.codes import codes_in
from orders.models import Sale, SaleLine
from orders.money import rupiah
from orders.recording import LineInput, record_sale, void_sale
from orders.views.common import (
    FindProductMixin,
    OrdersCreateView,
    OrdersEditView,
    RecordPermissionHelper,
    form_errors,
)


class SalePermissionHelper(RecordPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return not obj.is_voided and self.user_can_handle_obj(user, obj)

    def user_can_handle_obj(self, user, obj):
        """Whether the user could change this sale were it not voided: they are told it is
        voided rather than that they may not."""
        return super().user_can_edit_obj(user, obj)

    def user_can_void_obj(self, user, obj):
        return self.user_can_edit_obj(user, obj)


class SaleButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if self.permission_helper.user_can_void_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("void", obj.pk),
                    "label": _("Void"),
                    "classname": "button button-secondary button-small no",
                    "title": _("Void this sale, with a reason"),
                }
            )
        buttons.append(
            {
                "url": self.url_helper.get_action_url("history", obj.pk),
                "label": _("History"),
                "classname": "button button-secondary button-small",
                "title": _("Who recorded and changed this sale"),
            }
        )
        return buttons


class SaleSearchHandler(BaseSearchHandler):
    """Search by the start of an order number or by a product code on any of the sale's lines.

    Both use an index at 100,000 sales: the order number as a range (`>= term` and `< term`
    followed by the highest character), which works in SQLite and PostgreSQL alike, where a
    LIKE '%…%' would read every sale; the code through the lines, in a subquery that does not
    repeat sales."""

    def search_queryset(self, queryset, search_term, **kwargs):
        term = search_term.strip()
        if not term:
            return queryset
        matches = Q()
        for prefix in {term, term.upper()}:
            matches |= Q(external_reference__gte=prefix, external_reference__lt=prefix + "\uffff")
        codes = codes_in(term)
        if codes:
            lines = SaleLine.objects.filter(product__code__in=codes).values("sale_id")
            matches |= Q(pk__in=Subquery(lines))
        return queryset.filter(matches)


def line_inputs(form):
    """The lines of a valid sale form, as the bookkeeping takes them."""
    return [
        LineInput(
            product=line.cleaned_data["product"],
            quantity=line.cleaned_data["quantity"],
            unit_price=line.cleaned_data.get("unit_price"),
            discount=line.cleaned_data.get("discount") or 0,
        )
        for line in form.formsets["lines"].forms
        if line.cleaned_data and not line.cleaned_data.get("DELETE")
    ]


class SaleCreateView(FindProductMixin, OrdersCreateView):
    """Records the sale through the bookkeeping, which checks and takes the stock; a refusal
    is shown on the form and nothing is saved."""

    line_model = SaleLine

    def new_line(self, product, quantity):
        return SaleLine(product=product, quantity=quantity, unit_price=product.price)

    def form_valid(self, form):
        sale = form.instance
        try:
            record_sale(sale, line_inputs(form), self.request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Sale %(sale)s recorded: Rp %(total)s.")
            % {"sale": sale, "total": rupiah(sale.total_net)},
        )
        return redirect(self.index_url)


class SaleEditView(OrdersEditView):
    """After recording, only the statuses and the customer change; the lines are fixed (a
    mistake in them is corrected by voiding and recording again)."""

    def get_edit_handler(self):
        panels = [
            HelpPanel(template="orders/sale_lines_panel.html", heading=gettext_lazy("Products")),
            *Sale.status_panels,
        ]
        return ObjectList(panels).bind_to_model(Sale)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for voiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=gettext_lazy("Kept with the sale and shown in its history."),
    )


class VoidView(InstanceSpecificView):
    """Asks for the reason, then voids: the sale stays listed, marked void, and its stock
    returns."""

    template_name = "orders/void_sale.html"

    def dispatch(self, request, *args, **kwargs):
        if self.instance.is_voided and self.permission_helper.user_can_handle_obj(
            request.user, self.instance
        ):
            messages.error(request, _("This sale was already voided."))
            return redirect(self.index_url)
        return super().dispatch(request, *args, **kwargs)

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_void_obj(user, self.instance)

    def get_page_title(self):
        return _("Void sale")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", VoidForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = VoidForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            void_sale(self.instance, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("Sale %(sale)s voided; its stock is back.") % {"sale": self.instance}
        )
        return redirect(self.index_url)
