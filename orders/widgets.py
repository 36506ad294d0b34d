"""Form widgets of the orders admin."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets.chooser import BaseChooser


class ProductSelect(forms.Select):
    """Products listed as "BTK-001 — Batik Tulis Parang", the way clerks and customers name them."""

    def create_option(self, name, value, label, *args, **kwargs):
        product = getattr(value, "instance", None)
        if product is not None:
            label = product_label(product)
        return super().create_option(name, value, label, *args, **kwargs)


def product_label(product):
    return f"{product.code} — {product.title}"


class ProductChooser(BaseChooser):
    """The product of a sale or inquiry line, searched by code or name in Wagtail's chooser
    among the products the clerk may sell (`orders.views.choosers`). Choosing one fills an
    empty unit price with the product's price (`orders/js/unit_price.js`)."""

    model = "cms.ProductPage"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    chooser_modal_url_name = "sellable_products:choose"
    icon = "tag"
    show_edit_link = False  # clerks do not edit pages

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The chosen view answers with the price; "0" stands for the chosen product's id.
        self.attrs["data-price-url"] = reverse_lazy("sellable_products:chosen", args=["0"])

    def get_display_title(self, instance):
        return product_label(instance)

    @property
    def media(self):
        return super().media + forms.Media(js=["orders/js/unit_price.js"])
