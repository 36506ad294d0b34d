"""Quotations in the admin: made by a clerk (from an inquiry), approved by the head above the
threshold, sent, revised, accepted (it becomes a production order); read by the institution's
managers; printed as a PDF letter.

The rules live in orders/quotations.py; these views only check who may use them and where
(another institution's quotation is out of reach, whatever its address).
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from institutions.scopes import site_of
from orders import production, quotations
from orders.institutions import in_scope, scoped
from orders.models import Inquiry, QuotationLine, QuotationSettings, QuotationStatus
from orders.views.common import (
    OrdersCreateView,
    OrdersEditView,
    RecordPermissionHelper,
    pdf_response,
)

VALID_FOR_DAYS = 14
APPROVE_PERMISSION = "orders.approve_quotation"
ACCEPT_PERMISSION = "orders.add_productionorder"


class QuotationPermissionHelper(RecordPermissionHelper):
    """Clerks make and change drafts; the head approves; an approved, sent or revised quotation
    is never changed again (a revision is made instead)."""

    def user_can_edit_obj(self, user, obj):
        return obj.status == QuotationStatus.DRAFT and super().user_can_edit_obj(user, obj)

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_see_obj(user, obj)

    def user_can_approve_obj(self, user, obj):
        return (
            user.has_perm(APPROVE_PERMISSION)
            and in_scope(user, obj)
            and quotations.can_approve(obj)
        )

    def user_can_send_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and quotations.can_send(obj)

    def user_can_revise_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and quotations.can_revise(obj)

    def user_can_accept_obj(self, user, obj):
        return (
            user.has_perm(ACCEPT_PERMISSION) and in_scope(user, obj) and quotations.can_accept(obj)
        )


class QuotationButtonHelper(ButtonHelper):
    """The list's buttons: the PDF besides those of modeladmin. The actions that change a
    quotation are forms on its page (a POST each), not links."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if self.permission_helper.user_can_see_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("pdf", obj.pk),
                    "label": _("PDF"),
                    "classname": "button button-small button-secondary",
                    "title": _("The quotation letter, to print or send"),
                }
            )
        return buttons


def actions_for(permission_helper, url_helper, user, quotation):
    """The actions the user may take on the quotation now, as (url, label) for its page."""
    actions = [
        ("approve", permission_helper.user_can_approve_obj, _("Approve")),
        ("send", permission_helper.user_can_send_obj, _("Mark as sent")),
        ("revise", permission_helper.user_can_revise_obj, _("Revise")),
    ]
    return [
        (url_helper.get_action_url(action, quotation.pk), label)
        for action, allowed, label in actions
        if allowed(user, quotation)
    ]


class QuotationFormMixin:
    def form_valid(self, form):
        with transaction.atomic():
            self.prepare(form.instance)
            response = super().form_valid(form)
            quotations.update_total(form.instance)
        return response

    def prepare(self, quotation):
        pass


class QuotationCreateView(QuotationFormMixin, OrdersCreateView):
    """A new quotation, from an inquiry (`?inquiry=<id>`, one of the user's institution's):
    the buyer and the products asked about are already filled in."""

    def get_instance(self):
        quotation = super().get_instance()
        inquiry = self.inquiry
        quotation.site = inquiry.site if inquiry else site_of(self.request.user)
        quotation.valid_until = timezone.localdate() + timedelta(days=VALID_FOR_DAYS)
        quotation.payment_terms = QuotationSettings.for_site(quotation.site).payment_terms
        if inquiry:
            quotation.inquiry = inquiry
            for field in ("customer_name", "customer_contact", "organisation"):
                setattr(quotation, field, getattr(inquiry, field))
            quotation.lines = [
                QuotationLine(product=line.product, quantity=line.quantity)
                for line in inquiry.lines.select_related("product")
            ]
        return quotation

    @property
    def create_url(self):
        """The form is sent back with the inquiry it was opened from."""
        url = self.url_helper.create_url
        return f"{url}?inquiry={self.inquiry.pk}" if self.inquiry else url

    @cached_property
    def inquiry(self):
        """The inquiry the quotation answers: one of the user's institution's, or not found."""
        pk = self.request.GET.get("inquiry")
        if not pk:
            return None
        try:
            return scoped(Inquiry.objects.all(), self.request.user).get(pk=int(pk))
        except (ValueError, Inquiry.DoesNotExist) as error:
            raise Http404 from error

    def prepare(self, quotation):
        quotation.created_by = self.request.user
        quotation.inquiry = self.inquiry
        quotations.number_new(quotation)

    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", self.instance.pk)


class QuotationEditView(QuotationFormMixin, OrdersEditView):
    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", self.instance.pk)


class QuotationInspectView(InspectView):
    """A quotation with its lines, total, status and every revision of its number."""

    def get_context_data(self, **kwargs):
        quotation = self.instance
        kwargs.update(
            lines=quotation.lines.select_related("product"),
            history=quotations.history(quotation),
            needs_approval=quotations.needs_approval(quotation),
            buttons=self.button_helper.get_buttons_for_obj(quotation, exclude=["inspect"]),
            actions=actions_for(
                self.permission_helper, self.url_helper, self.request.user, quotation
            ),
            accept_url=(
                self.url_helper.get_action_url("accept", quotation.pk)
                if self.permission_helper.user_can_accept_obj(self.request.user, quotation)
                else None
            ),
            order=getattr(quotation, "production_order", None),
        )
        return super().get_context_data(**kwargs)


class QuotationActionView(InstanceSpecificView):
    """A POST that changes a quotation's status (approve, send, revise); a GET is refused."""

    action = ""
    check = ""

    def check_action_permitted(self, user):
        return getattr(self.permission_helper, self.check)(user, self.instance)

    def get(self, request, *args, **kwargs):
        return redirect(self.url_helper.get_action_url("inspect", self.instance.pk))

    def post(self, request, *args, **kwargs):
        try:
            quotation = self.perform(request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            quotation = self.instance
        else:
            messages.success(request, self.success_message() % {"quotation": quotation})
            return redirect(self.success_url(quotation))
        return redirect(self.url_helper.get_action_url("inspect", quotation.pk))

    def success_url(self, quotation):
        return self.url_helper.get_action_url("inspect", quotation.pk)


class ApproveView(QuotationActionView):
    check = "user_can_approve_obj"

    def perform(self, user):
        quotations.approve(self.instance, user)
        return self.instance

    def success_message(self):
        return _("Quotation %(quotation)s approved: it may be sent.")


class SendView(QuotationActionView):
    check = "user_can_send_obj"

    def perform(self, user):
        quotations.mark_sent(self.instance)
        return self.instance

    def success_message(self):
        return _("Quotation %(quotation)s marked as sent.")


class ReviseView(QuotationActionView):
    check = "user_can_revise_obj"

    def perform(self, user):
        return quotations.revise(self.instance, user)

    def success_message(self):
        return _("%(quotation)s made: the earlier version is kept as it was.")


class AcceptForm(forms.Form):
    promised_date = forms.DateField(label=gettext_lazy("promised delivery date"))


class AcceptView(QuotationActionView):
    """The buyer accepted the quotation: it becomes a production order, with the delivery date
    the institution promised."""

    check = "user_can_accept_obj"

    def perform(self, user):
        form = AcceptForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the promised delivery date."))
        self.order = production.accept(self.instance, form.cleaned_data["promised_date"], user)
        return self.instance

    def success_message(self):
        return _("Quotation %(quotation)s accepted: its production order is open.")

    def success_url(self, quotation):
        return reverse("orders_productionorder_modeladmin_inspect", args=(self.order.pk,))


class PdfView(InstanceSpecificView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        number = self.instance.number
        if self.instance.revision:
            number += f"-rev{self.instance.revision}"
        from orders.pdf import quotation_pdf  # fpdf2: ~45 MiB, loaded when a PDF is made

        return pdf_response(quotation_pdf(self.instance), number)
