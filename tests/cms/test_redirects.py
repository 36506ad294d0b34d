"""Redirects per institution: an officer lists, adds, changes and deletes the redirects of their
own institution's site; redirects of all sites and imports are the installer's (cms/redirects.py).
"""

from importlib import import_module

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from wagtail.contrib.redirects import urls as wagtail_redirect_urls
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry

from institutions.models import Role

pytestmark = pytest.mark.django_db

REDIRECTS = "/admin/redirects/"
EVIL = "https://evil.example/"


@pytest.fixture
def bandung_officer(member_of, bandung):
    return member_of(bandung, Role.OFFICER, "officer_bandung")


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.test", "x")


@pytest.fixture
def site(home):
    return home.get_site()


@pytest.fixture
def redirects(site, bandung):
    """One redirect of each institution, and one of all sites (the installer's)."""

    def make(old_path, site):
        return Redirect.objects.create(
            old_path=old_path, site=site, redirect_link=f"https://lapas.example{old_path}"
        )

    return make("/lama", site), make("/lama-bandung", bandung.site), make("/semua", None)


def listed(client, user):
    client.force_login(user)
    response = client.get(REDIRECTS)
    assert response.status_code == 200
    return {redirect.old_path for redirect in response.context["object_list"]}


def test_an_officer_lists_only_their_own_institutions_redirects(
    client, officer, bandung_officer, root, redirects
):
    assert listed(client, bandung_officer) == {"/lama-bandung"}
    assert listed(client, officer) == {"/lama"}
    assert "Lapas Bandung" not in client.get(REDIRECTS).text  # nor its site in the filter
    assert listed(client, root) == {"/lama", "/lama-bandung", "/semua"}


def test_another_institutions_redirect_is_not_found_by_its_address(client, officer, redirects):
    ours, theirs, everywhere = redirects
    client.force_login(officer)

    for redirect in (theirs, everywhere):
        edit = reverse("wagtailredirects:edit", args=[redirect.pk])
        delete = reverse("wagtailredirects:delete", args=[redirect.pk])
        assert client.get(edit).status_code == 404
        assert (
            client.post(edit, {"old_path": redirect.old_path, "redirect_link": EVIL}).status_code
            == 404
        )
        assert client.post(delete).status_code == 404
        assert Redirect.objects.get(pk=redirect.pk).redirect_link != EVIL
    assert client.get(reverse("wagtailredirects:edit", args=[ours.pk])).status_code == 200
    assert client.post(reverse("wagtailredirects:delete", args=[ours.pk])).status_code == 302
    assert not Redirect.objects.filter(pk=ours.pk).exists()


def add_redirect(client, **fields):
    data = {"old_path": "/baru", "is_permanent": "on", "redirect_link": "https://lapas.example/"}
    return client.post(reverse("wagtailredirects:add"), {**data, **fields})


def error_codes(response):
    return {
        field: [error.code for error in errors]
        for field, errors in response.context["form"].errors.as_data().items()
    }


def test_an_officer_adds_redirects_for_their_own_institutions_site_only(
    client, officer, site, bandung, bandung_catalog
):
    client.force_login(officer)
    form = client.get(reverse("wagtailredirects:add")).context["form"]
    assert [choice for _value, choice in form.fields["site"].choices] == [str(site)]

    refused = [
        add_redirect(client, site=bandung.site.pk),
        add_redirect(client, site=""),  # all sites
        add_redirect(client, site=site.pk, redirect_link="", redirect_page=bandung_catalog[0].pk),
    ]
    assert [error_codes(response) for response in refused] == [
        {"site": ["invalid_choice"]},
        {"site": ["required"]},
        {"redirect_page": ["invalid_choice"]},
    ]
    assert not Redirect.objects.exists()

    assert add_redirect(client, site=site.pk).status_code == 302
    assert Redirect.objects.get().site == site


def test_an_old_path_that_could_leave_the_public_site_is_refused(client, officer, site, root):
    """The baker writes a file at each old path: it must lie inside the site's build."""
    unsafe = ["/../victim.txt", "/../build-bandung.etalase.test/index.html", "/a//b", "/a\\b"]
    unsafe.append("/.etalase/state.json")
    for user in (officer, root):
        client.force_login(user)
        for old_path in unsafe:
            response = add_redirect(client, site=site.pk, old_path=old_path)
            assert error_codes(response) == {"old_path": ["unsafe_path"]}, old_path
            message = response.context["form"].errors["old_path"][0]
            assert escape(message) in response.text
    assert not Redirect.objects.exists()

    client.force_login(officer)
    assert add_redirect(client, site=site.pk, old_path="/lama/brosur.pdf").status_code == 302
    ours = Redirect.objects.get()
    edit = client.post(
        reverse("wagtailredirects:edit", args=[ours.pk]),
        {"old_path": "/../victim.txt", "site": site.pk, "redirect_link": "https://lapas.example/"},
    )
    assert error_codes(edit) == {"old_path": ["unsafe_path"]}
    assert Redirect.objects.get().old_path == "/lama/brosur.pdf"


def test_the_installer_adds_redirects_for_all_sites(client, root):
    client.force_login(root)
    assert add_redirect(client, site="").status_code == 302
    assert Redirect.objects.get().site is None


def test_importing_redirects_is_the_installers(client, officer, root):
    start = reverse("wagtailredirects:start_import")
    client.force_login(officer)
    assert start not in client.get(REDIRECTS).text
    for response in (client.get(start), client.post(reverse("wagtailredirects:process_import"))):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")

    client.force_login(root)
    assert start in client.get(REDIRECTS).text
    assert client.get(start).status_code == 200


def test_every_wagtail_redirect_address_is_answered_by_the_institutions_views():
    for pattern in wagtail_redirect_urls.urlpatterns:
        arguments = {"redirect_id": 1} if "redirect_id" in str(pattern.pattern) else {}
        address = reverse(f"wagtailredirects:{pattern.name}", kwargs=arguments)
        assert resolve(address).namespaces == ["institution_redirects"], address


# -- migration 0014: the redirects made so far --------------------------------------------

give_redirects_their_site = import_module(
    "cms.migrations.0014_redirects_per_site"
).give_redirects_their_site


def all_sites_redirect(old_path, made_by=None):
    redirect = Redirect.objects.create(old_path=old_path, redirect_link="https://lapas.example/")
    if made_by:  # where Wagtail logged it before migration 0015 moved redirects' entries
        ModelLogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Redirect),
            object_id=str(redirect.pk),
            label=old_path,
            action="wagtail.create",
            user=made_by,
            timestamp=timezone.now(),
        )
    return redirect


def site_after_migration(*redirects):
    # The models as the migration knew them (the institutions' were cms's then).
    state = MigrationLoader(connection).project_state(("cms", "0014_redirects_per_site"))
    give_redirects_their_site(state.apps, None)
    return [Redirect.objects.get(pk=redirect.pk).site for redirect in redirects]


def test_with_one_site_the_redirects_of_all_sites_become_its_own(site):
    assert site_after_migration(all_sites_redirect("/lama")) == [site]


def test_with_several_sites_an_officers_redirect_becomes_their_institutions(
    bandung, bandung_officer, root
):
    Redirect.objects.create(
        old_path="/dobel", site=bandung.site, redirect_link="https://b.example/"
    )
    made = [
        all_sites_redirect("/dari-bandung", made_by=bandung_officer),
        all_sites_redirect("/dari-root", made_by=root),
        all_sites_redirect("/tidak-diketahui"),
        all_sites_redirect("/dobel", made_by=bandung_officer),  # Bandung redirects it already
    ]

    assert site_after_migration(*made) == [bandung.site, None, None, None]
