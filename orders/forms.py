"""Forms of the orders admin: products and clerks are chosen among the institution's own."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from institutions.models import Role
from institutions.scopes import staff_of
from orders.institutions import products_for
from orders.widgets import ProductChooser


def sellable_products(user):
    """What a sale or an inquiry is of: the live products of the user's institution (the
    public cannot order a draft or an unpublished product)."""
    return products_for(user).live()


class InstitutionProductsForm(WagtailAdminModelForm):
    """A form whose product is chosen among the products of the user's institution."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "product" in self.fields:
            self.fields["product"].queryset = products_for(self.for_user).order_by("code")


class SellableProductsForm(WagtailAdminModelForm):
    """A sale or inquiry line: its product is searched and chosen among the sellable ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = sellable_products(self.for_user)
        self.fields["product"].widget = ProductChooser()


class InstitutionInlinePanel(InlinePanel):
    """Lines whose product is chosen among the sellable products of the user's institution."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = SellableProductsForm
        formset["inherit_kwargs"] = ["for_user"]
        return options


class InquiryForm(WagtailAdminModelForm):
    """An inquiry is assigned to one of the clerks of its institution (its site is set when the
    form opens: the user's institution's for a new one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clerks = staff_of(self.instance.site_id, Role.CLERK)
        self.fields["assigned_to"].queryset = clerks.order_by("username")
