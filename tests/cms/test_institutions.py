"""Two institutions on one installation: each one's staff see and change only their own pages,
photos, settings and reviews."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Page

from cms.institutions import sites_of
from cms.models import Role
from tests.admin import edit_url, workflow_action_url
from tests.factories import (
    PhotoFactory,
    ProductPageFactory,
)
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def bandung_manager(member_of, bandung):
    return member_of(bandung, Role.MANAGER, "manager_bandung")


@pytest.fixture
def bandung_officer(member_of, bandung):
    return member_of(bandung, Role.OFFICER, "officer_bandung")


@pytest.fixture
def bandung_product(bandung_catalog, category):
    catalog, workshop = bandung_catalog
    return ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, code="BDG-001", live=False
    )


def submit(product, user):
    product.save_revision(user=user)
    product.get_workflow().start(product, user)


def test_an_institution_has_its_own_site_groups_collection_and_workflow(bandung):
    site = bandung.site
    assert site.hostname == "bandung.etalase.test" and not site.is_default_site
    assert site.root_page.title == "Lapas Bandung" and not site.root_page.live
    assert sorted(bandung.role_groups.values_list("group__name", flat=True)) == [
        "Lapas Bandung: Clerk",
        "Lapas Bandung: Head",
        "Lapas Bandung: Manager",
        "Lapas Bandung: Officer",
    ]
    task = site.root_page.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Lapas Bandung: Officer"]


def test_a_manager_edits_only_the_pages_of_their_own_institution(
    client, bandung_product, manager, bandung_manager, catalog, workshop
):
    own = ProductPageFactory(parent=catalog, workshop=workshop, code="BTK-010")

    client.force_login(manager)
    refused = client.get(edit_url(bandung_product))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert client.get(edit_url(own)).status_code == 200
    explorer = client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert "Lapas Bandung" not in explorer

    client.force_login(bandung_manager)
    assert client.get(edit_url(bandung_product)).status_code == 200
    assert client.get(edit_url(own)).status_code == 302


def test_only_the_institutions_own_officers_review_its_pages(
    client, bandung_product, bandung_manager, bandung_officer, officer
):
    submit(bandung_product, bandung_manager)

    client.force_login(officer)
    client.post(workflow_action_url(bandung_product, "approve"), {"comment": ""})
    assert not Page.objects.get(pk=bandung_product.pk).live
    assert "BDG-001" not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(bandung_officer)
    client.post(workflow_action_url(bandung_product, "approve"), {"comment": ""})
    assert Page.objects.get(pk=bandung_product.pk).live


def test_photos_of_one_institution_are_not_shown_to_another(
    client, bandung, manager, bandung_manager
):
    PhotoFactory(title="Foto Bandung", collection=bandung.collection)

    chooser = reverse("wagtailimages_chooser:choose")
    client.force_login(manager)
    assert "Foto Bandung" not in client.get(chooser).json()["html"]
    client.force_login(bandung_manager)
    assert "Foto Bandung" in client.get(chooser).json()["html"]


@pytest.mark.parametrize(
    "setting",
    [
        ("cms", "institutionsettings"),
        ("cms", "oversightsettings"),
        ("orders", "sharesettings"),
        ("sitegen", "publishsettings"),
    ],
)
def test_a_head_edits_only_their_own_institutions_settings(client, bandung, head, home, setting):
    def settings_url(site):
        return reverse("wagtailsettings:edit", args=[*setting, site.pk])

    client.force_login(head)
    assert client.get(settings_url(home.get_site())).status_code == 200
    assert client.get(settings_url(bandung.site)).status_code == 302


def test_each_user_belongs_to_the_sites_of_their_groups(
    bandung, bandung_manager, manager, home, django_user_model
):
    assert list(sites_of(bandung_manager)) == [bandung.site]
    assert list(sites_of(manager)) == [home.get_site()]
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    assert set(sites_of(root)) == {home.get_site(), bandung.site}


def test_the_command_adds_an_institution_once(db):
    output = StringIO()
    call_command(
        "add_institution", "Rutan Medan", "--hostname", "medan.etalase.test", stdout=output
    )
    assert '"Rutan Medan: Officer"' in output.getvalue()

    with pytest.raises(CommandError, match="medan.etalase.test:443 exists already"):
        call_command("add_institution", "Rutan Medan 2", "--hostname", "medan.etalase.test")


def test_the_catalog_health_report_is_of_the_users_own_institution(
    client, bandung_product, bandung_manager, manager, catalog, workshop
):
    publish(ProductPageFactory(parent=catalog, workshop=workshop, code="NOP-001", with_photo=False))
    publish(
        ProductPageFactory(
            parent=bandung_product.get_parent(),
            workshop=bandung_product.workshop,
            code="BDG-002",
            with_photo=False,
        )
    )

    client.force_login(manager)
    report = client.get(reverse("cms_catalog_health")).content.decode()
    assert "NOP-001" in report and "BDG-002" not in report
    client.force_login(bandung_manager)
    report = client.get(reverse("cms_catalog_health")).content.decode()
    assert "BDG-002" in report and "NOP-001" not in report
