"""Helpers to drive the Wagtail admin's real views with Django's test client."""

import re

from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def product_form_data(category, workshop, photo, **overrides):
    """The POST body of the product create/edit form, as the admin's browser would send it."""
    marketplace_links = overrides.pop("marketplace_links", [])
    price_tiers = overrides.pop("price_tiers", [])
    data = {
        "title": "Kain Batik Tulis Parang",
        "slug": "kain-batik-tulis-parang",
        "code": "BTK-001",
        "category": category.pk,
        "workshop": workshop.pk,
        "price": "450000",
        "unit": "lembar",
        "minimum_order_quantity": "1",
        "availability": "ready_stock",
        "short_description": "Hand-drawn batik with natural dyes.",
        "photos": inline_formset([{"image": photo.pk, "alt_text": "Batik cloth, front"}], min=1),
        "materials_and_care": rich_text(""),
        "story": streamfield([]),
        "marketplace_links": inline_formset(marketplace_links),
        "price_tiers": inline_formset(price_tiers),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_product_url(catalog):
    return reverse("wagtailadmin_pages:add", args=("cms", "productpage", catalog.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def workflow_action_url(page, action):
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def workflow_buttons(response) -> set[str]:
    """The workflow actions an edit screen offers, by name (its buttons' attribute)."""
    return set(re.findall(r'data-workflow-action-name="([^"]+)"', response.content.decode()))


def form_error_codes(response):
    """Error codes of the admin form in a response, as {field: [codes]}; inline formset fields
    are named like `photos-0-alt_text`. Also checks each message is shown to the user."""
    form = response.context["form"]
    subforms = [("", form)] + [
        (f"{name}-{index}-", subform)
        for name, formset in getattr(form, "formsets", {}).items()
        for index, subform in enumerate(formset.forms)
    ]
    errors_by_field = {
        prefix + field: errors
        for prefix, subform in subforms
        for field, errors in subform.errors.as_data().items()
    }
    for name, formset in getattr(form, "formsets", {}).items():
        if formset.non_form_errors():
            errors_by_field[name] = formset.non_form_errors().as_data()
    html = response.content.decode()
    for errors in errors_by_field.values():
        for message in (message for error in errors for message in error.messages):
            assert escape(message) in html, f"{message!r} is not shown"
    return {field: [error.code for error in errors] for field, errors in errors_by_field.items()}


def submit_new_product(client, user, catalog, category, workshop, photo, **overrides):
    """Create a product as `user` through the admin's form and submit it for review."""
    from cms.models import ProductPage

    client.force_login(user)
    data = product_form_data(category, workshop, photo, **overrides)
    data["action-submit"] = "Submit"
    response = client.post(add_product_url(catalog), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ProductPage.objects.get(code=overrides.get("code", "BTK-001"))
