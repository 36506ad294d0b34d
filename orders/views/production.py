"""Production orders in the admin: the order's page shows its lines (ordered, reserved, made,
delivered), the production progress, the deliveries with their surat jalan and the invoice;
its forms let each role do its part (a POST each):

- the clerk records a delivery, or its return, makes the invoice and records its payment, and
  cancels the order (the permission to record deliveries: whoever records what the buyer
  accepted and received records what it sent back or called off);
- the workshop's manager records the quantity made on a date, and corrects a wrong entry;
- everyone of the institution with the orders permission reads it and prints its letters;
- the consent letter a buyer signed is read by the institution's staff who may see consents.

The rules live in orders/production.py. Another institution's order, delivery or invoice is not
found, whatever its address: these views look records up within the user's institutions.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from cms.media import stored_file_response
from institutions.scopes import site_of
from orders import production
from orders.institutions import in_scope
from orders.models import BuyerConsent, Delivery, Invoice, ProductionProgress
from orders.money import MAX_QUANTITY
from orders.views.common import OrdersCreateView, RecordPermissionHelper, pdf_response

PROGRESS_PERMISSION = "orders.record_progress"
DELIVERY_PERMISSION = "orders.record_delivery"
PAYMENT_PERMISSION = "orders.record_payment"


class ProductionOrderPermissionHelper(RecordPermissionHelper):
    """Orders are made by accepting a quotation, never from a blank form, and not edited: what
    changes them are the actions of their page."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_see_obj(user, obj)

    def user_can_record_progress(self, user, obj):
        return user.has_perm(PROGRESS_PERMISSION) and obj.is_open

    user_can_correct_progress = user_can_record_progress

    def user_can_deliver(self, user, obj):
        return user.has_perm(DELIVERY_PERMISSION) and obj.is_open

    def user_can_return_delivery(self, user, obj):
        return user.has_perm(DELIVERY_PERMISSION) and not obj.is_cancelled

    def user_can_cancel(self, user, obj):
        return user.has_perm(DELIVERY_PERMISSION) and obj.is_open

    def user_can_invoice(self, user, obj):
        return (
            user.has_perm(PAYMENT_PERMISSION)
            and not obj.is_cancelled
            and not hasattr(obj, "invoice")
        )

    def user_can_record_payment(self, user, obj):
        invoice = getattr(obj, "invoice", None)
        return (
            user.has_perm(PAYMENT_PERMISSION)
            and not obj.is_cancelled
            and invoice is not None
            and not invoice.paid_on
        )


class InInstitutionMixin:
    """Another institution's order is not found (rather than refused), so that its address
    tells nothing about it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not in_scope(request.user, self.instance):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProgressForm(forms.Form):
    line = forms.TypedChoiceField(label=gettext_lazy("product"), coerce=int)
    quantity = forms.IntegerField(
        label=gettext_lazy("quantity made"), min_value=1, max_value=MAX_QUANTITY
    )
    date = forms.DateField(label=gettext_lazy("date"), initial=timezone.localdate)

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [
            (line.pk, f"{line.product.code} — {line.product.title}")
            for line in order.lines.select_related("product")
        ]


class ProgressCorrectionForm(forms.Form):
    """A progress entry's right quantity (0 deletes it) and date."""

    entry = forms.TypedChoiceField(label=gettext_lazy("entry"), coerce=int)
    quantity = forms.IntegerField(
        label=gettext_lazy("quantity made"), min_value=0, max_value=MAX_QUANTITY
    )
    date = forms.DateField(label=gettext_lazy("date"))

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {entry.pk: entry for entry in production_progress(order)}
        self.fields["entry"].choices = [(pk, str(entry)) for pk, entry in self.entries.items()]


class DeliveryForm(forms.Form):
    """A quantity per line of the order (0 or empty: not in this delivery), and the date."""

    date = forms.DateField(label=gettext_lazy("delivery date"), initial=timezone.localdate)

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_lines = list(order.lines.select_related("product"))
        for line in self.order_lines:
            self.fields[f"quantity-{line.pk}"] = forms.IntegerField(
                label=f"{line.product.code} — {line.product.title}",
                min_value=0,
                max_value=MAX_QUANTITY,
                required=False,
            )

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data.get(f"quantity-{line.pk}") or 0 for line in self.order_lines
        }


class ReturnForm(forms.Form):
    delivery = forms.TypedChoiceField(label=gettext_lazy("delivery"), coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the reason for the return.")},
    )

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deliveries = {delivery.pk: delivery for delivery in order.deliveries.all()}
        self.fields["delivery"].choices = [
            (pk, delivery.number) for pk, delivery in self.deliveries.items()
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the reason for cancelling this order.")},
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("paid on"), initial=timezone.localdate)
    reference = forms.CharField(
        label=gettext_lazy("payment reference"), max_length=100, required=False
    )


class ProductionOrderInspectView(InInstitutionMixin, InspectView):
    def get_context_data(self, **kwargs):
        order = self.instance
        user = self.request.user
        helper = self.permission_helper
        kwargs.update(
            lines=order.lines.select_related("product"),
            progress=production_progress(order),
            deliveries=order.deliveries.select_related("sale").prefetch_related(
                "lines__line__product"
            ),
            invoice=getattr(order, "invoice", None),
            progress_form=ProgressForm(order)
            if helper.user_can_record_progress(user, order)
            else None,
            can_correct_progress=helper.user_can_correct_progress(user, order),
            delivery_form=DeliveryForm(order) if helper.user_can_deliver(user, order) else None,
            can_return=helper.user_can_return_delivery(user, order),
            cancel_form=CancelForm() if helper.user_can_cancel(user, order) else None,
            can_invoice=helper.user_can_invoice(user, order),
            payment_form=PaymentForm() if helper.user_can_record_payment(user, order) else None,
        )
        return super().get_context_data(**kwargs)


def production_progress(order):
    return ProductionProgress.objects.filter(line__order=order).select_related(
        "line__product", "recorded_by"
    )


class OrderActionView(InInstitutionMixin, InstanceSpecificView):
    """A POST that records something on an order; a GET returns to the order's page."""

    check = ""

    def check_action_permitted(self, user):
        return getattr(self.permission_helper, self.check)(user, self.instance)

    def get(self, request, *args, **kwargs):
        return redirect(self.inspect_url)

    @property
    def inspect_url(self):
        return self.url_helper.get_action_url("inspect", self.instance.pk)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        try:
            if form is not None and not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            message = self.perform(form, request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.inspect_url)

    def get_form(self, data):
        return None


class ProgressView(OrderActionView):
    check = "user_can_record_progress"

    def get_form(self, data):
        return ProgressForm(self.instance, data)

    def perform(self, form, user):
        line = self.instance.lines.get(pk=form.cleaned_data["line"])
        production.record_progress(
            line, form.cleaned_data["quantity"], form.cleaned_data["date"], user
        )
        return _("Recorded: %(quantity)s of %(code)s made.") % {
            "quantity": form.cleaned_data["quantity"],
            "code": line.product.code,
        }


class CorrectProgressView(OrderActionView):
    check = "user_can_correct_progress"

    def get_form(self, data):
        return ProgressCorrectionForm(self.instance, data)

    def perform(self, form, user):
        entry = form.entries[form.cleaned_data["entry"]]
        quantity = form.cleaned_data["quantity"]
        production.correct_progress(entry, quantity, form.cleaned_data["date"], user)
        if not quantity:
            return _("Progress entry deleted: %(entry)s.") % {"entry": entry}
        return _("Progress entry corrected: %(quantity)s of %(code)s made.") % {
            "quantity": quantity,
            "code": entry.line.product.code,
        }


class DeliverView(OrderActionView):
    check = "user_can_deliver"

    def get_form(self, data):
        return DeliveryForm(self.instance, data)

    def perform(self, form, user):
        delivery = production.deliver(
            self.instance, form.quantities(), form.cleaned_data["date"], user
        )
        return _("Delivery %(number)s recorded as sale %(sale)s.") % {
            "number": delivery.number,
            "sale": delivery.sale,
        }


class ReturnDeliveryView(OrderActionView):
    check = "user_can_return_delivery"

    def get_form(self, data):
        return ReturnForm(self.instance, data)

    def perform(self, form, user):
        delivery = form.deliveries[form.cleaned_data["delivery"]]
        production.return_delivery(delivery, form.cleaned_data["reason"], user)
        return _("Delivery %(number)s returned: its sale %(sale)s is voided.") % {
            "number": delivery.number,
            "sale": delivery.sale,
        }


class CancelView(OrderActionView):
    check = "user_can_cancel"

    def get_form(self, data):
        return CancelForm(data)

    def perform(self, form, user):
        production.cancel(self.instance, form.cleaned_data["reason"], user)
        return _("Order %(order)s cancelled.") % {"order": self.instance}


class InvoiceView(OrderActionView):
    check = "user_can_invoice"

    def perform(self, form, user):
        invoice = production.make_invoice(self.instance, user)
        return _("Invoice %(number)s made.") % {"number": invoice.number}


class PaymentView(OrderActionView):
    check = "user_can_record_payment"

    def get_form(self, data):
        return PaymentForm(data)

    def perform(self, form, user):
        invoice = self.instance.invoice
        production.record_payment(
            invoice, form.cleaned_data["paid_on"], form.cleaned_data["reference"], user
        )
        return _("Invoice %(number)s paid.") % {"number": invoice.number}


class LetterView(InInstitutionMixin, InstanceSpecificView):
    """A PDF letter of the order, for whoever may read the order."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)


class DeliveryNoteView(LetterView):
    """The surat jalan of one of the order's deliveries (`?delivery=<id>`), as long as the
    buyer has not returned it: a returned delivery's note no longer goes with any goods."""

    def get(self, request, *args, **kwargs):
        try:
            delivery = self.instance.deliveries.get(
                pk=int(request.GET.get("delivery", "")), returned_at=None
            )
        except (ValueError, Delivery.DoesNotExist) as error:
            raise Http404 from error
        from orders.pdf import delivery_note_pdf  # fpdf2: ~45 MiB, loaded when a PDF is made

        return pdf_response(delivery_note_pdf(delivery), delivery.number)


class InvoicePdfView(LetterView):
    """The invoice, unless its order was cancelled: nothing is owed for it any more."""

    def get(self, request, *args, **kwargs):
        invoice = get_object_or_404(Invoice, order=self.instance, order__cancelled_at=None)
        from orders.pdf import invoice_pdf  # fpdf2: ~45 MiB, loaded when a PDF is made

        return pdf_response(invoice_pdf(invoice), invoice.number)


class BuyerConsentPermissionHelper(RecordPermissionHelper):
    """A consent is recorded once; a buyer who withdraws it has its record deleted (the log
    keeps who did it and when)."""

    def user_can_delete_obj(self, user, obj):
        return self.user_can_see_obj(user, obj) and user.has_perm("orders.delete_buyerconsent")


class BuyerConsentCreateView(OrdersCreateView):
    def get_instance(self):
        consent = super().get_instance()
        consent.site = site_of(self.request.user)
        return consent

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)


class ConsentLetterView(InInstitutionMixin, InstanceSpecificView):
    """The scanned consent letter, streamed from the media storage (the public `/media/` view
    refuses `consent_letters/`), to the staff of the consent's institution who may see
    consents; another institution's is not found."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        consent: BuyerConsent = self.instance
        if not consent.letter:
            raise Http404
        return stored_file_response(
            consent.letter.name, as_attachment=True, filename=file_name_of(consent.letter)
        )


def file_name_of(field_file) -> str:
    return field_file.name.rsplit("/", 1)[-1]
