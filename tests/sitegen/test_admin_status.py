"""The public site's status in the admin: officers see whether the public site shows what they
approved, and if not, what is behind, for their own institution's sites only."""

from io import StringIO

import pytest

from django.core.management import call_command

from institutions.models import Role
from sitegen.models import Deployment, Status
from sitegen.publish import publish
from sitegen.sites import build_dir
from sitegen.targets import FolderTarget
from tests.orders.conftest import logged_in_english

from .faults import FaultyTarget
from .helpers import edit

STATUS = "/admin/static-site/status/"


@pytest.fixture
def officer_client(client, officer, folder_deployment, settings):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    return logged_in_english(client, officer)


def status_page(client) -> str:
    response = client.get(STATUS)
    assert response.status_code == 200
    return response.content.decode()


def bake_and_publish():
    call_command("bake", stdout=StringIO())
    call_command("publish", stdout=StringIO())


def test_the_status_follows_an_approval_to_the_public_site(officer_client, shop, home):
    assert "approved pages are not baked yet" in status_page(officer_client)
    bake_and_publish()
    assert "The public site matches the approved pages." in status_page(officer_client)

    edit(shop[0], title="Batik Parang Rusak")
    assert "/katalog/batik-parang/</code>" in status_page(officer_client)
    assert "1 approved page is not baked yet" in status_page(officer_client)

    call_command("bake", "--changed", stdout=StringIO())
    page = status_page(officer_client)
    assert "not baked yet" not in page
    assert "files not published yet" in page

    call_command("publish", stdout=StringIO())
    assert "The public site matches the approved pages." in status_page(officer_client)


def test_an_interrupted_publish_and_the_last_failure_are_shown(
    officer_client, shop, home, folder_deployment
):
    bake_and_publish()
    shop[1].unpublish()
    call_command("bake", "--changed", stdout=StringIO())
    interrupted = FaultyTarget(FolderTarget(folder_deployment.root), fail_at=2)
    with pytest.raises(Exception, match="connection reset"):
        publish(build_dir(home.get_site()), interrupted, workers=1)
    Deployment.objects.create(
        site=home.get_site(),
        target="folder",
        trigger="published: Batik Kawung",
        status=Status.FAILED,
        error="Uploading catalog.json failed: connection reset by peer",
    )

    page = status_page(officer_client)

    assert "A publish was interrupted;" in page
    assert "The last publish failed: Uploading catalog.json failed" in page
    assert "The public site matches" not in page

    call_command("publish", stdout=StringIO())  # it converges, and a success clears the failure
    assert "The public site matches the approved pages." in status_page(officer_client)


def test_staff_see_the_sites_of_their_own_institution_only(
    client, officer_client, home, bandung, member_of
):
    default_site_page = status_page(officer_client)
    bandung_client = logged_in_english(client, member_of(bandung, Role.OFFICER, "officer_bdg"))
    bandung_page = status_page(bandung_client)

    assert "bandung.etalase.test" in bandung_page
    assert home.get_site().hostname not in bandung_page
    assert "bandung.etalase.test" not in default_site_page


@pytest.mark.parametrize("role", ["manager", "clerk"])
def test_managers_and_clerks_do_not_see_the_status(client, request, role, home):
    client.force_login(request.getfixturevalue(role))
    response = client.get(STATUS)
    assert response.status_code == 403 or response.url == "/admin/"


def test_the_status_does_not_list_the_target(officer_client, shop, monkeypatch):
    """Cheap on every page load: the target's manifest is read, the target is never listed."""
    bake_and_publish()

    def no_listing(target):
        raise AssertionError("the status page listed the target")

    monkeypatch.setattr(FolderTarget, "inventory", no_listing)
    assert "The public site matches the approved pages." in status_page(officer_client)
