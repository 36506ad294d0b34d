"""Two institutions on one installation: each one's staff see and change only their own pages,
photos, settings and reviews."""

from io import StringIO

import pytest

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Page

from institutions.models import Role
from institutions.scopes import sites_of
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
        ("oversight", "oversightsettings"),
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
    report = client.get(reverse("oversight_catalog_health")).content.decode()
    assert "NOP-001" in report and "BDG-002" not in report
    client.force_login(bandung_manager)
    report = client.get(reverse("oversight_catalog_health")).content.decode()
    assert "BDG-002" in report and "NOP-001" not in report


# -- Wagtail's own screens that look past page and photo permissions (institutions/isolation.py) --


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.test", "x")


@pytest.fixture
def secret_draft(bandung_product):
    """A draft of the second institution whose title no one else may read."""
    bandung_product.title = "Dompet Rahasia"
    bandung_product.save()
    return bandung_product


@pytest.fixture
def own_product(catalog, workshop):
    return ProductPageFactory(parent=catalog, workshop=workshop, title="Dompet Batik")


def chooser_html(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.json()["html"] if "json" in response["Content-Type"] else response.text


@pytest.mark.parametrize("role", ["manager", "officer"])
def test_the_page_chooser_offers_and_finds_the_users_own_institutions_pages(
    client, request, role, root, secret_draft, own_product, bandung
):
    client.force_login(request.getfixturevalue(role))

    assert "Lapas Bandung" not in chooser_html(client, "wagtailadmin_choose_page")
    found = chooser_html(client, "wagtailadmin_choose_page_search", q="Dompet")
    assert "Dompet Batik" in found and "Dompet Rahasia" not in found
    searched = chooser_html(client, "wagtailadmin_pages:search", q="Dompet")
    assert "Dompet Batik" in searched and "Dompet Rahasia" not in searched

    client.force_login(root)
    assert "Lapas Bandung" in chooser_html(client, "wagtailadmin_choose_page")
    assert "Dompet Rahasia" in chooser_html(client, "wagtailadmin_choose_page_search", q="Dompet")


@pytest.mark.parametrize("role", ["manager", "officer"])
def test_the_page_chooser_does_not_open_another_institutions_page_by_its_id(
    client, request, role, secret_draft, own_product
):
    client.force_login(request.getfixturevalue(role))
    browse, chosen = "wagtailadmin_choose_page_child", "wagtailadmin_choose_page_chosen_multiple"

    assert client.get(reverse(browse, args=[secret_draft.get_parent().pk])).status_code == 404
    assert client.get(reverse(browse, args=[own_product.get_parent().pk])).status_code == 200
    refused = client.get(reverse(chosen), {"id": [own_product.pk, secret_draft.pk]})
    assert refused.status_code == 404 and "Dompet Rahasia" not in refused.text
    assert "Dompet Batik" in client.get(reverse(chosen), {"id": own_product.pk}).text


SUPERUSER_REPORTS = [
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:locked_pages",
]


@pytest.mark.parametrize("role", ["manager", "officer"])
def test_reports_of_every_institutions_pages_and_staff_are_the_superusers(
    client, request, role, root, secret_draft, bandung_manager
):
    submit(secret_draft, bandung_manager)
    client.force_login(request.getfixturevalue(role))
    menu = client.get(reverse("wagtailadmin_home")).text

    for name in SUPERUSER_REPORTS:
        url = reverse(name)
        assert url not in menu
        for address in (url, f"{url}results/"):
            refused = client.get(address)
            assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert reverse("wagtailadmin_reports:aging_pages") in menu

    client.force_login(root)
    menu = client.get(reverse("wagtailadmin_home")).text
    for name in SUPERUSER_REPORTS:
        assert reverse(name) in menu
        assert client.get(reverse(name)).status_code == 200
    usage = client.get(reverse("wagtailadmin_reports:page_types_usage")).text
    assert "Dompet Rahasia" in usage  # what the report showed every manager and officer


def api(client, endpoint, *path):
    response = client.get("/".join(["/admin/api/main", endpoint, *map(str, path)]) + "/")
    return response.status_code, response.json()


def titles(listing):
    return {item["title"] for item in listing["items"]}


@pytest.mark.parametrize("role", ["manager", "officer"])
def test_the_admin_api_lists_the_users_own_photos_documents_and_pages(
    client, request, role, root, home, bandung, secret_draft, own_product
):
    own_photo = PhotoFactory(title="Foto Lapas", collection=home.get_site().institution.collection)
    their_photo = PhotoFactory(title="Foto Bandung", collection=bandung.collection)
    Document.objects.create(
        title="Dokumen Bandung",
        file=ContentFile(b"%PDF-1.4", name="bandung.pdf"),
        collection=bandung.collection,
    )
    client.force_login(request.getfixturevalue(role))

    status, photos = api(client, "images")
    assert status == 200 and "Foto Lapas" in titles(photos) and "Foto Bandung" not in titles(photos)
    assert api(client, "images", own_photo.pk)[0] == 200
    assert api(client, "images", their_photo.pk)[0] == 404
    # Etalase serves no documents, so no role may choose one (nor read it in the API).
    assert api(client, "documents") == (200, {"meta": {"total_count": 0}, "items": []})
    pages = {item["id"] for item in api(client, "pages")[1]["items"]}
    assert own_product.pk in pages and secret_draft.pk not in pages
    assert api(client, "pages", secret_draft.pk)[0] == 404

    client.force_login(root)
    assert "Foto Bandung" in titles(api(client, "images")[1])


def test_the_refused_addresses_still_send_a_visitor_to_sign_in(client, secret_draft):
    for address in (
        reverse("wagtailadmin_choose_page_child", args=[secret_draft.pk]),
        reverse("wagtailadmin_reports:page_types_usage"),
    ):
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith(
            reverse("wagtailadmin_login")
        )
