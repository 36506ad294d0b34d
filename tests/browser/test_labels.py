"""The label sheet in a real browser: its print button opens the print dialog, and a printout
shows the labels only."""

import pytest

from django.urls import reverse

from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Counts the calls of the browser's print dialog instead of opening it (headless has none).
COUNT_PRINTS = "window.prints = 0; window.print = () => { window.prints += 1; };"


def test_the_print_button_prints_the_sheet_and_the_printout_shows_labels_only(
    login, live_server, manager, catalog, category, workshop
):
    publish(catalog)
    product = publish(
        ProductPageFactory(parent=catalog, workshop=workshop, category=category, title="Tas Kulit")
    )
    page = login(manager)
    page.add_init_script(COUNT_PRINTS)

    page.goto(f"{live_server.url}{reverse('cms_labels')}?products={product.pk}&copies=3")
    page.locator("[data-print-sheet]").click()

    assert page.evaluate("window.prints") == 1
    assert page.locator(".note").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".note").is_visible()
    assert page.locator(".label svg").count() == 3
    # At full size, a label is the sticker's 70 mm (CSS pixels are 1/96 inch).
    assert abs(page.locator(".label").first.bounding_box()["width"] - 70 * 96 / 25.4) < 1
