"""In Chromium, on the seeded demo: the manager opens the share kit of a live product that has a
newer draft (a price rise, not approved yet) from its edit screen, downloads both images and
copies a caption, which carries the approved name and price and the channel's link."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from django.urls import reverse

from cms.models import ProductPage
from sitegen.api import public_page_url
from tests.browser.conftest import seed_demo_in_test_database
from theme.templatetags.etalase import rupiah

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_manager(db):
    """The demo catalog as `seed_demo` makes it, and its manager (password "x"); returns the
    manager and the code of the product with a newer draft."""
    report, users = seed_demo_in_test_database()
    return users["manager"], report.products_with_draft[0]


def test_a_manager_downloads_both_images_and_copies_a_caption(login, live_server, demo_manager):
    manager, code = demo_manager
    product = ProductPage.objects.get(code=code)
    draft = product.get_latest_revision_as_object()
    assert (draft.title, draft.price) != (product.title, product.price)
    kit_path = reverse("reach_share_kit", args=[product.pk])
    page = login(manager)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # From the edit screen's actions menu.
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[product.pk]))
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator(f'a[href="{kit_path}"]').click()
    page.wait_for_url(f"**{kit_path}")

    for layout, size in (("square", (1080, 1080)), ("story", (1080, 1920))):
        with page.expect_download() as started:
            page.locator(f"[data-share-kit-download={layout}]").click()
        download = started.value
        assert download.suggested_filename == f"{code}-{layout}.jpg"
        with Image.open(download.path()) as image:
            assert image.format == "JPEG" and image.size == size

    page.locator("[data-copy-caption=caption-instagram]").click()

    expect(page.locator("#caption-instagram ~ [data-copied]")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#caption-instagram").input_value()
    assert f"{public_page_url(product)}?utm_source=instagram" in copied
    assert product.title in copied and rupiah(product.price) in copied
    assert draft.title not in copied and rupiah(draft.price) not in copied
