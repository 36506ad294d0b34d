"""Stock movements recorded by hand: production intake, returns and adjustments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail_modeladmin.views import ModelFormView

from orders.forms import InstitutionProductsForm
from orders.models import MANUAL_KINDS, MovementKind, StockMovement
from orders.stock import record_movement
from orders.views.common import OrdersCreateView, OrdersEditView, form_errors
from orders.widgets import ProductSelect


class MovementForm(InstitutionProductsForm):
    """Intakes and returns add stock; an adjustment may go either way and needs a reason."""

    class Meta:
        model = StockMovement
        fields = ["product", "kind", "quantity", "reason"]
        widgets = {"product": ProductSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in MANUAL_KINDS]

    def clean(self):
        data = super().clean()
        kind, quantity = data.get("kind"), data.get("quantity")
        if kind in (MovementKind.INTAKE, MovementKind.RETURN) and quantity is not None:
            if quantity <= 0:
                self.add_error("quantity", _("An intake or a return adds a positive quantity."))
        if kind == MovementKind.ADJUSTMENT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the stock is adjusted."))
        if quantity == 0:
            self.add_error("quantity", _("A movement changes the stock by at least 1."))
        return data


class MovementCreateView(OrdersCreateView):
    def get_edit_handler(self):
        panels = [FieldPanel(name) for name in MovementForm.Meta.fields]
        return ObjectList(panels, base_form_class=MovementForm).bind_to_model(StockMovement)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            movement = record_movement(
                data["product"], data["quantity"], data["kind"], self.request.user, data["reason"]
            )
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Stock movement recorded: %(movement)s.") % {"movement": movement}
        )
        return redirect(self.index_url)


class MovementEditView(OrdersEditView):
    """A recorded movement keeps its product and quantity; only its note can be completed."""

    def get_edit_handler(self):
        return ObjectList([FieldPanel("reason")]).bind_to_model(StockMovement)


class ProductStockEditView(OrdersEditView):
    """The product of a stock record is chosen when it is added and never changes."""

    def get_edit_handler(self):
        panels = [FieldPanel("cost_of_goods"), FieldPanel("low_stock_threshold")]
        return ObjectList(panels).bind_to_model(self.model)

    def form_valid(self, form):
        """Logs what changed: a new HPP as an action of its own with the old and new amounts
        (the margins of the reports follow it), anything else as an edit."""
        response = ModelFormView.form_valid(self, form)  # saves; EditView's would log an edit
        if "cost_of_goods" in form.changed_data:
            log(
                self.instance,
                "orders.cost_of_goods",
                data={
                    "before": form.initial["cost_of_goods"],
                    "after": self.instance.cost_of_goods,
                },
            )
        if set(form.changed_data) - {"cost_of_goods"}:
            log(self.instance, "wagtail.edit")
        return response
