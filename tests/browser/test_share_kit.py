"""A manager opens a product's share kit from its edit screen, downloads both images and copies
a caption, in Chromium."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from django.urls import reverse

from cms.models import InstitutionSettings
from sitegen.models import PublishSettings
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDRESS = "https://batik.lapas-x.go.id"


def test_a_manager_downloads_both_images_and_copies_a_caption(
    login, live_server, manager, home, catalog, category, workshop
):
    PublishSettings.objects.create(site=home.get_site(), public_address=ADDRESS)
    settings = InstitutionSettings.for_site(home.get_site())
    settings.institution_name = "Lapas Kelas IIA Yogyakarta"
    settings.save()
    publish(catalog)
    product = publish(
        ProductPageFactory(
            parent=catalog, workshop=workshop, category=category, title="Tas Kulit", code="KLT-001"
        )
    )
    page = login(manager)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # From the edit screen's actions menu.
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[product.pk]))
    page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    page.locator(f'a[href="{reverse("reach_share_kit", args=[product.pk])}"]').click()
    page.wait_for_url(f"**{reverse('reach_share_kit', args=[product.pk])}")

    for layout, size in (("square", (1080, 1080)), ("story", (1080, 1920))):
        with page.expect_download() as started:
            page.locator(f"[data-share-kit-download={layout}]").click()
        download = started.value
        assert download.suggested_filename == f"KLT-001-{layout}.jpg"
        with Image.open(download.path()) as image:
            assert image.format == "JPEG" and image.size == size

    page.locator("[data-copy-caption=caption-instagram]").click()

    expect(page.locator("#caption-instagram ~ [data-copied]")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f"{ADDRESS}/katalog/tas-kulit/?utm_source=instagram" in copied
    assert copied == page.locator("#caption-instagram").input_value()
