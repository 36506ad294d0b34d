"""Printable labels for packaging: product name, code, price and a QR code to the product's page.

Workshops stick them on bags, boxes and hang tags, so a buyer at an exhibition or in the gallery
can scan the product and find its story and how to order it again. Only products the public can
see are offered: a QR code must never lead to a page that is not published. Each institution
prints the labels of its own products.
"""

from django import forms
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cms.models import ProductPage
from cms.qr import qr_code_svg
from institutions.scopes import pages_of, sites_of
from sitegen.pages import visible

# Labels per A4 sheet: 3 columns of 8 (70 × 37 mm, the common sticker sheet).
LABELS_PER_SHEET = 24


def public_products(user):
    """The published products of the user's institutions."""
    return (
        visible(ProductPage.objects.filter(pages_of(sites_of(user))))
        .select_related("workshop")
        .order_by("workshop__title", "title")
    )


class LabelSheetForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=ProductPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one product.")},
    )
    copies = forms.IntegerField(
        label=_("Labels per product"), min_value=1, max_value=LABELS_PER_SHEET * 10, initial=1
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = public_products(user)
        self.fields["products"].label_from_instance = lambda product: (
            f"{product.code} · {product.title} ({product.workshop.title})"
        )


def label_sheet(request):
    """Choose products (GET without a choice), then print their labels (GET with one)."""
    form = LabelSheetForm(request.GET if "products" in request.GET else None, user=request.user)
    if not form.is_valid():
        return render(request, "cms/labels/choose.html", {"form": form})
    labels = [
        {"product": product, "qr": mark_safe(qr_code_svg(product.get_full_url()).decode())}  # noqa: S308 (our own SVG)
        for product in form.cleaned_data["products"]
        for _copy in range(form.cleaned_data["copies"])
    ]
    return render(request, "cms/labels/sheet.html", {"labels": labels})
