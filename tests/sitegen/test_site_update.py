"""End to end: an approval reaches the publish target, through the task, for each target."""

import json
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import Category
from sitegen.api import rebuild_pages
from sitegen.bake import bake
from sitegen.jobs import run_publish
from sitegen.models import Build, Deployment, RebuildRequest, Status
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import edit


@pytest.fixture
def published_shop(shop, deployment):
    """The shop baked and published once to the deployment's target."""
    deployment.target()
    bake()
    assert not run_publish(target_name=deployment.kind, trigger="test").error
    return shop


def page_text(deployment, path):
    content = deployment.read(path)
    return content.decode() if content is not None else None


def update_site(deployment):
    bake(changed_only=True)
    outcome = run_publish(target_name=deployment.kind, trigger="test")
    assert not outcome.error
    return outcome.value


def test_first_publish_puts_every_page_on_the_target(published_shop, deployment):
    assert "Batik Parang" in page_text(deployment, "katalog/batik-parang/index.html")
    assert "Sandal Hotel" in page_text(deployment, "katalog/index.html")
    assert deployment.read("catalog.json") and deployment.read("sitemap.xml")


def test_an_edit_reaches_the_target_with_its_listing(published_shop, deployment):
    edit(published_shop[0], title="Batik Parang Biru")

    result = update_site(deployment)

    assert "Batik Parang Biru" in page_text(deployment, "katalog/batik-parang/index.html")
    assert "Batik Parang Biru" in page_text(deployment, "katalog/index.html")
    pages_and_site_files = {
        "katalog/batik-parang/index.html",
        "katalog/index.html",
        "bengkel-kerja/batik-tulis/index.html",
        "sitemap.xml",
        "catalog.json",
        "feeds/google-merchant.xml",
        "feeds/meta-catalog.csv",
    }
    uploaded = {path for path in result.planned_uploads if not path.startswith("pagefind/")}
    assert {"katalog/batik-parang/index.html", "katalog/index.html"} <= uploaded
    assert uploaded <= pages_and_site_files
    assert any(path.startswith("pagefind/") for path in result.planned_uploads)  # new words


def test_nothing_changed_uploads_nothing(published_shop, deployment):
    result = update_site(deployment)
    assert result.uploaded == 0 and result.deleted == 0
    if deployment.kind == "s3":
        assert result.requests == 1


def test_an_unpublished_page_leaves_the_target_and_its_listing(published_shop, deployment):
    published_shop[2].unpublish()

    update_site(deployment)

    assert deployment.read("katalog/sandal-hotel/index.html") is None
    assert "Sandal Hotel" not in page_text(deployment, "katalog/index.html")
    assert "sandal-hotel" not in page_text(deployment, "sitemap.xml")


def test_an_approval_publishes_after_commit_through_the_task(
    shop, folder_deployment, settings, django_capture_on_commit_callbacks
):
    folder_deployment.target()
    settings.SITEGEN_AUTO_PUBLISH = True

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        edit(shop[0], title="Batik Parang Merah")
        assert folder_deployment.read("katalog/batik-parang/index.html") is None

    assert callbacks
    assert "Batik Parang Merah" in page_text(folder_deployment, "katalog/batik-parang/index.html")
    assert {job.status for job in [*Build.objects.all(), *Deployment.objects.all()]} == {
        Status.SUCCEEDED
    }
    assert Deployment.objects.exists()


def test_a_new_category_rebuilds_the_site_through_the_task(
    shop, folder_deployment, settings, django_capture_on_commit_callbacks
):
    folder_deployment.target()
    bake()
    settings.SITEGEN_AUTO_PUBLISH = True

    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(name="Anyaman", slug="anyaman")

    build = Build.objects.get()
    assert build.trigger.startswith("changed:") and "Anyaman" in build.trigger
    assert build.full and build.status == Status.SUCCEEDED


def test_a_failed_bake_does_not_block_the_approval(
    shop, folder_deployment, settings, django_capture_on_commit_callbacks, monkeypatch
):
    folder_deployment.target()
    settings.SITEGEN_AUTO_PUBLISH = True

    def broken_bake(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("sitegen.jobs.bake", broken_bake)
    with django_capture_on_commit_callbacks(execute=True):
        page = edit(shop[0], title="Batik Parang Hijau")

    assert page.title == "Batik Parang Hijau" and page.live
    build = Build.objects.get()
    assert build.status == Status.FAILED and "No space left on device" in build.error
    assert not Deployment.objects.exists()


def test_scheduled_publishing_reaches_the_target(
    shop, catalog, workshop, folder_deployment, settings, django_capture_on_commit_callbacks
):
    folder_deployment.target()
    bake()
    run_publish(target_name="folder", trigger="test")
    settings.SITEGEN_AUTO_PUBLISH = True
    scheduled = ProductPageFactory(
        parent=catalog, workshop=workshop, title="Tas Kulit", slug="tas-kulit", live=False
    )
    scheduled.go_live_at = timezone.now() - timedelta(minutes=1)
    scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    assert "Tas Kulit" in page_text(folder_deployment, "katalog/tas-kulit/index.html")
    assert "Tas Kulit" in page_text(folder_deployment, "katalog/index.html")


def sell_out(product):
    """What the orders app does when stock runs out: a field outside the page's revisions."""
    type(product).objects.filter(pk=product.pk).update(availability="sold_out")
    rebuild_pages([product], reason=f"sold out: {product.code}")


def feed_availability(deployment):
    return {
        entry["code"]: entry["availability"]
        for entry in json.loads(deployment.read("catalog.json"))["products"]
    }


def test_a_rebuild_request_re_renders_the_page_through_the_task(
    shop, folder_deployment, settings, django_capture_on_commit_callbacks
):
    folder_deployment.target()
    bake()
    settings.SITEGEN_AUTO_PUBLISH = True
    product = shop[0]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sell_out(product)

    assert callbacks
    assert feed_availability(folder_deployment)[product.code] == "sold_out"
    assert not RebuildRequest.objects.exists()


def test_a_rebuild_request_waits_for_the_next_bake(published_shop, deployment):
    product = published_shop[0]
    sell_out(product)  # automatic publishing is off: nothing runs yet
    assert feed_availability(deployment)[product.code] == "ready_stock"

    update_site(deployment)

    assert feed_availability(deployment)[product.code] == "sold_out"
    assert not RebuildRequest.objects.exists()
