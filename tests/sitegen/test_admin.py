"""The static site's history in the admin, and the officers' "Publish site now"."""

import pytest

from sitegen.models import Build, Deployment, Status

PUBLISH_NOW = "/admin/static-site/publish/"


@pytest.fixture
def failed_publication(home):
    return Deployment.objects.create(
        site=home.get_site(),
        target="s3://katalog",
        trigger="published: Batik Parang",
        status=Status.FAILED,
        error="The bucket 'katalog' does not exist: check ETALASE_S3_BUCKET.",
    )


def assert_refused(response):
    """Wagtail's admin answers a refused action with a redirect to the dashboard."""
    assert response.status_code == 403 or response.url == "/admin/"


def history_url(model):
    return {"deployment": "/admin/static-site/publications/", "build": "/admin/static-site/bakes/"}[
        model
    ]


def test_officers_read_the_history_with_the_reason_of_a_failure(
    client, officer, failed_publication
):
    client.force_login(officer)
    response = client.get(history_url("deployment"))
    assert response.status_code == 200
    assert "check ETALASE_S3_BUCKET" in response.content.decode()
    assert PUBLISH_NOW in response.content.decode()


def test_the_head_reads_the_history_but_cannot_publish(client, head, failed_publication):
    client.force_login(head)
    response = client.get(history_url("deployment"))
    assert response.status_code == 200
    assert PUBLISH_NOW not in response.content.decode()
    assert_refused(client.post(PUBLISH_NOW))
    assert not Build.objects.exists()


@pytest.mark.parametrize("role", ["manager", "clerk"])
def test_managers_and_clerks_see_no_history(client, request, role, failed_publication):
    client.force_login(request.getfixturevalue(role))
    assert_refused(client.get(history_url("deployment")))
    assert_refused(client.get(history_url("build")))
    assert_refused(client.post(PUBLISH_NOW))
    assert not Build.objects.exists()


def test_nobody_edits_the_history(client, admin_user, failed_publication):
    client.force_login(admin_user)
    assert_refused(client.get(f"/admin/static-site/publications/edit/{failed_publication.pk}/"))
    assert_refused(client.get("/admin/static-site/publications/new/"))


def test_publish_site_now_bakes_and_publishes(client, officer, home, folder_deployment):
    folder_deployment.target()
    home.save_revision().publish()
    client.force_login(officer)
    confirmation = client.get(PUBLISH_NOW).content.decode()
    assert "Halaman yang masih menunggu peninjauan tidak diterbitkan" in confirmation

    response = client.post(PUBLISH_NOW, follow=True)

    assert response.status_code == 200
    build, deployment = Build.objects.get(), Deployment.objects.get()
    assert build.full and build.triggered_by == officer and build.status == Status.SUCCEEDED
    assert deployment.triggered_by == officer and deployment.status == Status.SUCCEEDED
    assert folder_deployment.read("index.html")
