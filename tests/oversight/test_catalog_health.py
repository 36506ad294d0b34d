"""The catalog health report names exactly the live products and pages that need attention."""

import io
from datetime import timedelta

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import TaskState

from cms.models import Availability, InstitutionSettings, MarketplaceLink, ProductPage, ProductPhoto
from oversight.accountability import accountability_report, health_rows
from oversight.health import Problem, check_catalog_health
from oversight.models import OversightSettings
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


def test_the_report_lists_exactly_the_products_with_problems(seeded_catalog, home):
    health = check_catalog_health(home.get_site())

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

    health = check_catalog_health(home.get_site())

    assert health.whatsapp_number_missing
    assert listed(health) == {"NOL-001": {Problem.NO_WAY_TO_ORDER}}


def test_the_thresholds_are_the_oversight_settings(seeded_catalog, home):
    OversightSettings.objects.update_or_create(
        site=home.get_site(),
        defaults={"sold_out_days": 5, "stale_product_days": 60, "review_waiting_days": 6},
    )

    health = check_catalog_health(home.get_site())

    assert {"SLD-002", "OLD-002"} <= set(listed(health))
    assert health.waiting_reviews == []


def test_the_time_since_the_last_successful_publish_and_failures_after_it(home):
    site = home.get_site()
    assert check_catalog_health(home.get_site()).last_publication is None
    published = Deployment.objects.create(site=site, target="folder", status=Status.SUCCEEDED)
    Deployment.objects.filter(pk=published.pk).update(started_at=days_ago(2))
    Deployment.objects.create(site=site, target="folder", status=Status.FAILED)

    health = check_catalog_health(home.get_site())

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

    response = client.get(reverse("oversight_catalog_health"))

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
    assert 'id="catalog-health"' in panel and reverse("oversight_catalog_health") in panel

    client.force_login(clerk)
    assert 'id="catalog-health"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    refused = client.get(reverse("oversight_catalog_health"))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")


# One rule for "more than N days", in the report, the reminders and the monthly report.


@pytest.fixture
def frozen_now(monkeypatch):
    """Time stands still, so "exactly N days ago" stays exact while the report is made."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def submitted(page, by, at):
    page.save_revision(user=by)
    page.get_workflow().start(page, by)
    TaskState.objects.filter(revision__object_id=str(page.pk)).update(started_at=at)
    mail.outbox.clear()  # Wagtail's own notice of the submission, not a reminder


def test_a_product_exactly_at_the_limit_is_not_listed_and_one_just_past_it_is_everywhere(
    frozen_now, product, institution, catalog, workshop, manager, officer, home
):
    limit, just_past = timedelta(days=90), timedelta(days=90, seconds=1)
    product("EXA-001", last_published_at=frozen_now - limit, owner=manager)
    product("PST-001", last_published_at=frozen_now - just_past, owner=manager)
    product(
        "SLE-001",
        availability=Availability.SOLD_OUT,
        sold_out_since=frozen_now - timedelta(days=30),
    )
    product(
        "SLP-001",
        availability=Availability.SOLD_OUT,
        sold_out_since=frozen_now - timedelta(days=30, seconds=1),
    )
    for title, waited in (
        ("Tas Tepat", timedelta(days=3)),
        ("Tas Lewat", timedelta(days=3, seconds=1)),
    ):
        page = ProductPageFactory(parent=catalog, workshop=workshop, title=title, live=False)
        submitted(page, manager, frozen_now - waited)

    health = check_catalog_health(home.get_site())
    call_command("send_reminders", stdout=io.StringIO())
    mails = {message.to[0]: message.body for message in mail.outbox}
    report_rows = [
        row[0]
        for row in health_rows(accountability_report(frozen_now.date(), home.get_site()).health)
    ][1:]

    assert listed(health) == {
        "PST-001": {Problem.NOT_UPDATED},
        "SLP-001": {Problem.SOLD_OUT_TOO_LONG},
    }
    assert [review.page_title for review in health.waiting_reviews] == ["Tas Lewat"]
    # The e-mails name the same products and pages, and so does the monthly report.
    assert "PST-001" in mails[manager.email] and "EXA-001" not in mails[manager.email]
    assert "Tas Lewat" in mails[officer.email] and "Tas Tepat" not in mails[officer.email]
    assert [row.split()[0] for row in report_rows] == ["PST-001", "SLP-001", "Tas"]
    assert report_rows[-1] == "Tas Lewat"


# Links: only to where the reader may go; otherwise whom to ask.


@pytest.fixture
def neglected_catalog(seeded_catalog, home):
    """The seeded catalog, and the institution has no WhatsApp number and a failed publication."""
    InstitutionSettings.objects.filter(site=home.get_site()).update(whatsapp_number="")
    Deployment.objects.create(site=home.get_site(), target="folder", status=Status.FAILED)
    return seeded_catalog


def in_indonesian(message):
    with translation.override("id-id"):
        return gettext(message)


ASK_THE_HEAD = "Ask the head of the institution to set the WhatsApp number in the settings."
ASK_FOR_PRODUCTS = (
    "Ask the workshop manager or an officer to fix the products listed without a link."
)
ASK_FOR_REVIEWS = "Ask the officers of the institution to review the pages listed without a link."
TELL_AN_OFFICER = "Tell an officer of the institution, who can publish the site again."
THE_HEAD_SETS_THEM = "The head of the institution sets these numbers."


@pytest.mark.parametrize(
    ("role", "links", "instructions"),
    [
        ("manager", {"product", "review"}, {ASK_THE_HEAD, TELL_AN_OFFICER, THE_HEAD_SETS_THEM}),
        ("officer", {"product", "review", "publications"}, {ASK_THE_HEAD, THE_HEAD_SETS_THEM}),
        ("head", {"settings", "thresholds", "publications"}, {ASK_FOR_PRODUCTS, ASK_FOR_REVIEWS}),
    ],
)
def test_the_report_links_only_to_what_the_reader_may_open_and_says_whom_to_ask_otherwise(
    client, neglected_catalog, home, request, role, links, instructions
):
    user = request.getfixturevalue(role)
    site = home.get_site()
    places = {
        "product": reverse(
            "wagtailadmin_pages:edit", args=[ProductPage.objects.get(code="NOP-001").pk]
        ),
        "review": reverse("wagtailadmin_pages:edit", args=[neglected_catalog.pk]),
        "settings": reverse("wagtailsettings:edit", args=["cms", "institutionsettings", site.pk]),
        "thresholds": reverse(
            "wagtailsettings:edit", args=["oversight", "oversightsettings", site.pk]
        ),
        "publications": reverse("sitegen_deployment:index"),
    }
    client.force_login(user)

    html = client.get(reverse("oversight_catalog_health")).content.decode()

    assert {name for name, url in places.items() if f'href="{url}"' in html} == links
    for url in (places[name] for name in links):
        assert client.get(url).status_code == 200  # each link opens for this reader
    all_instructions = {
        ASK_THE_HEAD,
        ASK_FOR_PRODUCTS,
        ASK_FOR_REVIEWS,
        TELL_AN_OFFICER,
        THE_HEAD_SETS_THEM,
    }
    assert {text for text in all_instructions if in_indonesian(text) in html} == instructions
    assert "NOP-001" in html and "Tas Menunggu" in html  # listed, with or without a link


def test_the_dashboard_panel_links_to_the_publications_only_for_who_may_read_them(
    client, neglected_catalog, manager, officer
):
    publications = f'href="{reverse("sitegen_deployment:index")}"'

    client.force_login(officer)
    assert publications in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(manager)
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="catalog-health"' in panel and publications not in panel
    assert in_indonesian(TELL_AN_OFFICER) in panel


def test_without_an_institution_no_ones_catalog_is_shown(client, seeded_catalog, django_user_model):
    """The health permission alone, in no institution's group: not the first institution's
    catalog (what the report used to fall back to)."""
    loner = django_user_model.objects.create_user("loner", "loner@example.test", "x")
    loner.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_catalog_health"),
    )
    client.force_login(loner)

    refused = client.get(reverse("oversight_catalog_health"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert 'id="catalog-health"' not in dashboard and "NOP-001" not in dashboard
