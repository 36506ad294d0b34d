"""What the funnel (reach/funnel.py) adds to oversight: "seen 0 times in 30 days" on the
catalog's health, and the month's funnel in the accountability report."""

import io
from datetime import timedelta

import openpyxl
import pytest

from django.urls import reverse
from django.utils import timezone

from cms.models import ProductPage
from oversight.health import Problem, check_catalog_health
from tests.factories import ProductPageFactory
from tests.orders.conftest import logged_in_english
from tests.reach.conftest import (  # noqa: F401
    count,
    in_english,
    make_product,
    november,
    products,
    whatsapp,
)


def today():
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


@pytest.fixture
def published(catalog, workshop):
    """`published("BTK-001", days_ago=60)`: a live product first published that long ago."""

    def make(code, days_ago=60):
        page = ProductPageFactory(parent=catalog, workshop=workshop, code=code)
        first = timezone.now() - timedelta(days=days_ago)
        ProductPage.objects.filter(pk=page.pk).update(
            first_published_at=first, last_published_at=timezone.now()
        )
        return page

    return make


def not_seen(health):
    return {
        findings.product.code
        for findings in health.products
        if Problem.NOT_SEEN in findings.problems
    }


def test_live_products_nobody_viewed_in_30_days_are_named(published, home):
    viewed = published("VUE-001")
    last_day_in = published("EDG-001")
    a_day_too_early = published("OUT-001")
    published("NON-001")
    published("NEW-001", days_ago=10)  # not on the site for 30 days yet
    count(viewed, today(), "instagram", 4)
    count(last_day_in, today() - timedelta(days=29), "google", 1)
    count(a_day_too_early, today() - timedelta(days=30), "google", 50)
    # A click is not a view.
    count(published("CLK-001"), today(), "instagram", 2, destination="whatsapp")

    health = check_catalog_health(home.get_site())

    assert not_seen(health) == {"OUT-001", "NON-001", "CLK-001"}


def test_without_imported_traffic_no_product_is_said_unseen(published, home):
    """No page of the institution has a count in 30 days: the logs are not imported, so
    nothing is known of anyone's views (another institution's counts tell nothing either)."""
    published("NON-001")
    count(published("OLD-001"), today() - timedelta(days=31), "google", 8)

    assert not_seen(check_catalog_health(home.get_site())) == set()


def test_the_panel_and_the_report_say_seen_0_times_in_30_days(client, published, manager, home):
    published("NON-001")
    count(home, today(), "direct", 3)  # the traffic is imported: the home page was viewed
    client.force_login(manager)

    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    report = client.get(reverse("oversight_catalog_health")).content.decode()

    assert "Seen 0 times in 30 days: 1" in panel
    row = report.split("NON-001")[1].split("</tr>")[0]
    assert "Seen 0 times in 30 days" in row


@pytest.mark.usefixtures("november")
def test_the_accountability_report_has_the_month_s_funnel(client, head):
    logged_in_english(client, head)
    url = reverse("oversight_accountability_report")

    workbook = client.get(url, {"month": "2026-11", "format": "xlsx"})
    page = client.get(url, {"month": "2026-11", "format": "html"}).content.decode()

    sheets = openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True)
    by_channel = {
        row[0]: row[2:] for row in sheets["What sells, by channel"].iter_rows(values_only=True)
    }
    # The hand count of tests/reach/test_funnel.py.
    assert by_channel["WhatsApp"] == (10, 6, 3, 1, 2, 300000)
    assert by_channel["Total"] == (121, 12, 4, 2, 5, 645000)
    by_product = {
        row[0]: row[3:] for row in sheets["What sells, by product"].iter_rows(values_only=True)
    }
    assert by_product["TAS-007"] == (0, 0, 0, 0, 0, 0)
    assert "<span>Views: 121</span>" in page and "<span>Sales: 2</span>" in page
    assert "What sells, by product" in page
