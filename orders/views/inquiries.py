"""Inquiries: received (often from a WhatsApp message quoting a code) and converted to sales."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import InstanceSpecificView

from institutions.scopes import site_of
from orders.models import Channel, ChannelKind, InquiryLine
from orders.money import rupiah
from orders.recording import convert_inquiry
from orders.views.common import (
    FindProductMixin,
    OrdersCreateView,
    OrdersEditView,
    RecordPermissionHelper,
)


class InquiryPermissionHelper(RecordPermissionHelper):
    def user_can_convert_obj(self, user, obj):
        return (
            obj.can_convert
            and self.user_can_edit_obj(user, obj)
            and user.has_perm("orders.add_sale")
        )

    def user_can_quote_obj(self, user, obj):
        """Any inquiry of the user's institution may be answered with a quotation, whatever
        its status: a buyer who bought once may ask for a larger order."""
        return user.has_perm("orders.add_quotation") and self.user_can_see_obj(user, obj)


def quotation_url(inquiry) -> str:
    return f"{reverse('orders_quotation_modeladmin_create')}?inquiry={inquiry.pk}"


class InquiryButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if self.permission_helper.user_can_convert_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("convert", obj.pk),
                    "label": _("Convert to sale"),
                    "classname": "button button-small",
                    "title": _("Record the sale of this inquiry's products"),
                }
            )
        if self.permission_helper.user_can_quote_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": quotation_url(obj),
                    "label": _("Make a quotation"),
                    "classname": "button button-small button-secondary",
                    "title": _("Answer this business inquiry with a quotation letter"),
                }
            )
        return buttons


class InquiryCreateView(FindProductMixin, OrdersCreateView):
    """A pasted WhatsApp message becomes the inquiry's message, on the WhatsApp channel, with
    the products it quotes already on the lines."""

    line_model = InquiryLine

    def get_instance(self):
        inquiry = super().get_instance()
        # Before the form is made: it offers the clerks of the inquiry's institution.
        inquiry.site = site_of(self.request.user)
        if self.found_text:
            inquiry.message = self.found_text
            inquiry.channel = Channel.objects.filter(kind=ChannelKind.WHATSAPP).first()
        return inquiry

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class InquiryEditView(OrdersEditView):
    """Its template (InquiryAdmin's edit template) offers to convert the inquiry and to answer
    it with a quotation."""

    def get_context_data(self, **kwargs):
        kwargs["convert_url"] = (
            self.url_helper.get_action_url("convert", self.instance.pk)
            if self.permission_helper.user_can_convert_obj(self.request.user, self.instance)
            else None
        )
        kwargs["quotation_url"] = (
            quotation_url(self.instance)
            if self.permission_helper.user_can_quote_obj(self.request.user, self.instance)
            else None
        )
        return super().get_context_data(**kwargs)


class ConvertView(InstanceSpecificView):
    """Shows the sale an inquiry will become (products, today's prices, stock), and records it
    on confirmation."""

    template_name = "orders/convert_inquiry.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_convert_obj(user, self.instance)

    def get_page_title(self):
        return _("Convert to sale")

    def get_context_data(self, **kwargs):
        lines = self.instance.lines.select_related("product", "product__stock")
        kwargs["lines"] = [
            {
                "line": line,
                "amount": line.quantity * line.product.price,
                "in_stock": getattr(getattr(line.product, "stock", None), "quantity", 0),
            }
            for line in lines
        ]
        kwargs["total"] = sum(item["amount"] for item in kwargs["lines"])
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        try:
            sale = convert_inquiry(self.instance, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.url_helper.get_action_url("convert", self.instance.pk))
        messages.success(
            request,
            _("Inquiry %(inquiry)s converted: sale %(sale)s, Rp %(total)s.")
            % {"inquiry": self.instance, "sale": sale, "total": rupiah(sale.total_net)},
        )
        return redirect(self.index_url)
