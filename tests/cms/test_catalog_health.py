"""The catalog health report names exactly the live products and pages that need attention."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState

from cms.health import Problem, check_catalog_health
from cms.models import (
    Availability,
    InstitutionSettings,
    MarketplaceLink,
    OversightSettings,
    ProductPage,
    ProductPhoto,
)
from sitegen.models import Deployment, Status
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import edit, publish

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def institution(home):
    settings = InstitutionSettings.for_site(home.get_site())
    settings.whatsapp_number = "6281234567890"
    settings.save()
    return settings


@pytest.fixture
def product(catalog, workshop):
    """Publish a product; `product("BTK-001", **fields)` sets fields on the live row after."""

    def make(code, *, photo=True, **fields):
        page = publish(
            ProductPageFactory(parent=catalog, workshop=workshop, code=code, with_photo=photo)
        )
        ProductPage.objects.filter(pk=page.pk).update(**fields)
        return page

    return make


@pytest.fixture
def seeded_catalog(product, institution, catalog, workshop, manager):
    """One healthy product, five with one problem each, and drafts and borderline cases that
    must not be listed."""
    product("OK-001")
    product("NOP-001", photo=False)
    ProductPhoto.objects.filter(page=product("ALT-001")).update(alt_text="IMG_2041.jpg")
    product("SLD-001", availability=Availability.SOLD_OUT, sold_out_since=days_ago(45))
    product("SLD-002", availability=Availability.SOLD_OUT, sold_out_since=days_ago(10))
    product("OLD-001", last_published_at=days_ago(120))
    product("OLD-002", last_published_at=days_ago(80))
    ProductPageFactory(
        parent=catalog, workshop=workshop, code="DRF-001", live=False, with_photo=False
    )
    waiting = ProductPageFactory(
        parent=catalog, workshop=workshop, code="WAI-001", title="Tas Menunggu", live=False
    )
    waiting.save_revision(user=manager)
    waiting.get_workflow().start(waiting, manager)
    TaskState.objects.update(started_at=days_ago(5))
    return waiting


def listed(health):
    return {findings.product.code: set(findings.problems) for findings in health.products}


def test_the_report_lists_exactly_the_products_with_problems(seeded_catalog):
    health = check_catalog_health()

    assert listed(health) == {
        "NOP-001": {Problem.NO_PHOTO},
        "ALT-001": {Problem.NO_ALT_TEXT},
        "SLD-001": {Problem.SOLD_OUT_TOO_LONG},
        "OLD-001": {Problem.NOT_UPDATED},
    }
    assert [(review.page_title, review.days) for review in health.waiting_reviews] == [
        ("Tas Menunggu", 5)
    ]
    assert not health.whatsapp_number_missing


def test_without_a_whatsapp_number_products_without_a_marketplace_link_are_listed(product, home):
    with_link = product("LNK-001")
    MarketplaceLink.objects.create(
        page=with_link, marketplace="shopee", url="https://shopee.co.id/tas-001"
    )
    product("NOL-001")

    health = check_catalog_health()

    assert health.whatsapp_number_missing
    assert listed(health) == {"NOL-001": {Problem.NO_WAY_TO_ORDER}}


def test_the_thresholds_are_the_oversight_settings(seeded_catalog, home):
    OversightSettings.objects.update_or_create(
        site=home.get_site(),
        defaults={"sold_out_days": 5, "stale_product_days": 60, "review_waiting_days": 6},
    )

    health = check_catalog_health()

    assert {"SLD-002", "OLD-002"} <= set(listed(health))
    assert health.waiting_reviews == []


def test_the_time_since_the_last_successful_publish_and_failures_after_it(home):
    site = home.get_site()
    assert check_catalog_health().last_publication is None
    published = Deployment.objects.create(site=site, target="folder", status=Status.SUCCEEDED)
    Deployment.objects.filter(pk=published.pk).update(started_at=days_ago(2))
    Deployment.objects.create(site=site, target="folder", status=Status.FAILED)

    health = check_catalog_health()

    assert health.last_publication == published
    assert health.since_last_publication.days == 2
    assert health.failed_publications_since == 1
    assert not health.is_healthy


def test_sold_out_since_is_set_when_a_product_sells_out_and_kept_across_revisions(product):
    page = product("SLD-003")
    assert page.sold_out_since is None

    page = edit(page, availability=Availability.SOLD_OUT)
    since = page.sold_out_since
    assert since is not None
    page = edit(page, title="Batik Habis")  # a new approved revision, still sold out
    assert page.sold_out_since == since

    page = edit(page, availability=Availability.READY_STOCK)
    assert page.sold_out_since is None


def test_the_admin_report_links_each_problem_to_where_it_is_fixed(client, seeded_catalog, manager):
    client.force_login(manager)

    response = client.get(reverse("cms_catalog_health"))

    html = response.content.decode()
    no_photo = ProductPage.objects.get(code="NOP-001")
    assert reverse("wagtailadmin_pages:edit", args=[no_photo.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[seeded_catalog.pk]) in html
    assert "OK-001" not in html and "DRF-001" not in html


def test_the_dashboard_panel_summarises_for_officers_and_not_for_clerks(
    client, seeded_catalog, officer, clerk
):
    client.force_login(officer)
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="catalog-health"' in panel and reverse("cms_catalog_health") in panel

    client.force_login(clerk)
    assert 'id="catalog-health"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    refused = client.get(reverse("cms_catalog_health"))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
