"""The product chooser of sale and inquiry lines: the products a clerk may sell, searched by
code or name, with their price for the line's unit price."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from orders.codes import codes_in
from orders.forms import sellable_products
from orders.widgets import ProductChooser, product_label


class ProductSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Code or name"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("BTK-001 or batik")}),
        required=False,
    )

    def filter(self, products):
        term = self.cleaned_data.get("q", "").strip()
        if not term:
            return products
        self.is_searching, self.search_query = True, term
        return products.filter(
            Q(title__icontains=term) | Q(code__icontains=term) | Q(code__in=codes_in(term))
        )


class SellableProductsMixin:
    filter_form_class = ProductSearchForm
    ordering = ["code"]

    def get_object_list(self):
        return sellable_products(self.request.user)

    @property
    def columns(self):
        return [
            Column("code", label=gettext_lazy("Code")),
            self.title_column,
            Column("price", label=gettext_lazy("Price (Rp)")),
        ]


class ProductChooseView(SellableProductsMixin, ChooseView):
    pass


class ProductChooseResultsView(SellableProductsMixin, ChooseResultsView):
    pass


class ProductChosenView(ChosenView):
    """Answers only for a product the user may sell, whatever id is asked."""

    def get_object(self, pk):
        return sellable_products(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return product_label(instance)

    def get_chosen_response_data(self, item):
        return {**super().get_chosen_response_data(item), "price": item.price}


class SellableProductChooserViewSet(ChooserViewSet):
    model = "cms.ProductPage"
    icon = "tag"
    choose_one_text = ProductChooser.choose_one_text
    choose_another_text = ProductChooser.choose_another_text
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    chosen_view_class = ProductChosenView
    base_widget_class = ProductChooser
    page_title = gettext_lazy("Choose a product")


product_chooser_viewset = SellableProductChooserViewSet("sellable_products")
