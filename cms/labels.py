"""Printable labels for packaging: a product's name, code and price, or a story's title, with a
QR code to its page on the public site.

Workshops stick them on bags, boxes and hang tags, so a buyer at an exhibition or in the gallery
can scan the product and find how to order it again, or read the story of how it was made. Only
pages the public can see are offered: a QR code must never lead to a page that is not published.
Each institution prints the labels of its own pages. The QR codes carry the site's public
address (Settings → Publishing), where customers reach the site, not the admin's host.
"""

from django import forms
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cms.models import ProductPage, StoryPage
from cms.qr import qr_code_svg
from institutions.scopes import pages_of, sites_of
from sitegen.api import public_page_url
from sitegen.pages import visible

# Labels per A4 sheet: 3 columns of 8 (70 × 37 mm, the common sticker sheet).
LABELS_PER_SHEET = 24


def public_pages(page_model, user):
    """The published pages of this type of the user's institutions."""
    return visible(page_model.objects.filter(pages_of(sites_of(user))))


def public_products(user):
    return (
        public_pages(ProductPage, user)
        .select_related("workshop")
        .order_by("workshop__title", "title")
    )


def public_stories(user):
    return public_pages(StoryPage, user).select_related("workshop").order_by("title")


def _product_choice(product):
    return f"{product.code} · {product.title} ({product.workshop.title})"


def _story_choice(story):
    workshop = f" ({story.workshop.title})" if story.workshop_id else ""
    return f"{story.title}{workshop}"


class LabelSheetForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=ProductPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stories = forms.ModelMultipleChoiceField(
        label=_("Stories"),
        queryset=StoryPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    copies = forms.IntegerField(
        label=_("Labels per page"), min_value=1, max_value=LABELS_PER_SHEET * 10, initial=1
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = public_products(user)
        self.fields["products"].label_from_instance = _product_choice
        self.fields["stories"].queryset = public_stories(user)
        self.fields["stories"].label_from_instance = _story_choice

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("products") or cleaned_data.get("stories")):
            raise forms.ValidationError(
                _("Choose at least one product or story."), code="nothing_chosen"
            )
        return cleaned_data


def label_sheet(request):
    """Choose products and stories (GET without a choice), then print their labels (GET with
    one: the sheet can be opened again from the browser's history)."""
    chosen = request.GET if "copies" in request.GET else None
    form = LabelSheetForm(chosen, user=request.user)
    if not form.is_valid():
        return render(request, "cms/labels/choose.html", {"form": form})
    pages = [
        *(("product", product) for product in form.cleaned_data["products"]),
        *(("story", story) for story in form.cleaned_data["stories"]),
    ]
    labels = [
        {"kind": kind, "page": page, "qr": qr_code(public_page_url(page, request))}
        for kind, page in pages
        for _copy in range(form.cleaned_data["copies"])
    ]
    # One sheet of stickers per printed page, so every page starts at the sheet's first label.
    sheets = [
        labels[start : start + LABELS_PER_SHEET]
        for start in range(0, len(labels), LABELS_PER_SHEET)
    ]
    return render(request, "cms/labels/sheet.html", {"sheets": sheets})


def qr_code(url: str):
    return mark_safe(qr_code_svg(url).decode())  # noqa: S308 (our own SVG)
