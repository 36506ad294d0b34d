"""What the orders admin views share: permission rules, the product list, finding by code."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import CreateView, EditView, HistoryView

from orders.codes import products_ordered_in
from orders.forms import sellable_products
from orders.institutions import in_scope, scoped_for_admin


class RecordPermissionHelper(PermissionHelper):
    """Records of sales and stock are never deleted, not even by a superuser: a sale is voided
    and a stock mistake is corrected by an adjustment, so the history stays whole.

    A record of another institution is out of reach, whatever its address."""

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and in_scope(user, obj)

    def user_can_see_obj(self, user, obj):
        """For the pages of one record besides its form: history, import preview."""
        return self.user_can_list(user) and in_scope(user, obj)


class ScopedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)


class InstitutionScopedAdmin:
    """A model admin whose lists and record pages show the user's institution's records."""

    history_view_class = ScopedHistoryView

    def get_queryset(self, request):
        return scoped_for_admin(super().get_queryset(request), request.user)


class SentenceErrorMessage:
    """Wagtail's "could not be saved" message starts with the model's name, which Indonesian
    puts first and in lower case ("penjualan tidak dapat dibuat…"): a sentence starts with a
    capital."""

    def get_error_message(self):
        return capfirst(super().get_error_message())


class OrdersCreateView(SentenceErrorMessage, CreateView):
    pass


class OrdersEditView(SentenceErrorMessage, EditView):
    pass


def form_errors(form, error: ValidationError):
    """Show a refusal from the bookkeeping (out of stock, duplicate number) on the form."""
    for message in error.messages:
        form.add_error(None, message)


class FindProductMixin:
    """A create view opened from the "find by code" box (`?find=…`, a code or a pasted
    WhatsApp message) starts with the products it names on its lines, in the quantities it
    asks for ("dua buah BTK-001")."""

    line_model = None
    found_text = ""
    found_products = ()

    def get(self, request, *args, **kwargs):
        self.found_text = request.GET.get("find", "").strip()[:1000]
        if self.found_text:
            self.found_products = products_ordered_in(
                self.found_text, sellable_products(request.user)
            )
            if not self.found_products:
                messages.error(
                    request,
                    _("No product has a code in “%(text)s”. Codes look like BTK-001.")
                    % {"text": self.found_text[:80]},
                )
                return redirect(self.index_url)
        return super().get(request, *args, **kwargs)

    def get_instance(self):
        instance = super().get_instance()
        if self.found_products:
            instance.lines = [
                self.new_line(product, quantity) for product, quantity in self.found_products
            ]
        return instance

    def new_line(self, product, quantity):
        return self.line_model(product=product, quantity=quantity)


def pdf_response(content: bytes, number: str) -> HttpResponse:
    """A letter shown in the browser, named after its number (``001/SP/LPC/2026`` gives
    ``001-SP-LPC-2026.pdf``): the header stays readable whatever the institution code holds."""
    file_name = f"{number.replace('/', '-')}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, file_name)
    return response
