"""An approval is never queued behind a rebuild of every site: replayed with real workers.

A category change updates every site; those updates wait in the ``rebuilds`` queue, below the
default priority, and an approval's update in ``default``. Workers are ``manage.py run_worker``
processes on the test's PostgreSQL database (SQLite has one writer: two workers wait on each
other's locks there, which is not what an installation of many institutions runs on).
"""

import gzip
import os
from contextlib import contextmanager

import pytest
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.db import connection

from wagtail.models import Page, Site

from cms.models import Category
from sitegen.fingerprint import site_setting_models
from sitegen.models import Build, PublishSettings
from sitegen.tasks import update_public_site
from tests.factories import (
    CatalogIndexPageFactory,
    HomePageFactory,
    ProductPageFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
)
from tests.sitegen.helpers import edit, publish
from tests.sitegen.holding_proxy import HoldingProxy
from tests.sitegen.test_bake import home_on_a_flushed_database
from tests.worker_processes import PATIENCE, start_worker, wait_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several workers at once need a database server; CI runs this on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

SITES_REBUILT_BEHIND = 3  # institutions whose public sites are held while they are rebuilt
HELD = "/held-"  # the key prefixes of their public sites
QUICK_PREFIX = "quick/"  # the public site of the institution whose product is approved
PRODUCT_PAGE = "katalog/sandal-hotel/index.html"


@pytest.fixture
def proxy(s3_endpoint):
    """Holds every upload to the held sites' prefixes until released."""
    proxy = HoldingProxy(s3_endpoint, held_path=HELD)
    yield proxy
    proxy.stop()


@pytest.fixture
def institutions(db):
    """The held institutions (the default site first), then the one whose product is approved,
    each publishing under its own prefix; the product of the last one."""
    home = home_on_a_flushed_database()
    homes = [home] + [
        publish(HomePageFactory(parent=Page.get_first_root_node(), slug=f"beranda-{number}"))
        for number in range(1, SITES_REBUILT_BEHIND + 1)
    ]
    for number, root in enumerate(homes[1:], start=1):
        Site.objects.create(hostname=f"lapas-{number}.example", port=80, root_page=root)
    sites = list(Site.objects.order_by("pk"))
    for number, site in enumerate(sites[:-1]):
        PublishSettings.objects.create(site=site, prefix=f"{HELD.strip('/')}{number}/")
    PublishSettings.objects.create(site=sites[-1], prefix=QUICK_PREFIX)
    for site in sites:  # as an installation has them: a bake does not create them
        for model in site_setting_models():
            model.for_site(site)
    quick_home = sites[-1].root_page
    catalog = publish(CatalogIndexPageFactory(parent=quick_home))
    workshops = publish(WorkshopIndexPageFactory(parent=quick_home))
    workshop = publish(WorkshopPageFactory(parent=workshops))
    product = publish(
        ProductPageFactory(
            parent=catalog, workshop=workshop, title="Sandal Hotel", slug="sandal-hotel"
        )
    )
    return sites, product


def worker_environment(s3_endpoint, bucket, tmp_path):
    """A worker's environment: this test's database, media and build folders, S3 target."""
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "ETALASE_VAR_DIR": str(tmp_path),
        "ETALASE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ETALASE_BUILD_DIR": str(tmp_path / "build" / "site"),
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": bucket,
        "ETALASE_S3_ENDPOINT_URL": s3_endpoint,
        "ETALASE_S3_ADDRESSING_STYLE": "path",
        "ETALASE_BAKE_WORKERS": "1",
    }


def change_a_category():
    """What an editor's new category does: every site is updated (after the commit)."""
    Category.objects.create(name="Anyaman", slug="anyaman")


def update_tasks(queue):
    """The site updates of the queue (the default queue also holds a photo's renditions)."""
    return DBTaskResult.objects.filter(
        backend_name="sitegen", queue_name=queue, task_path="sitegen.tasks.update_public_site"
    )


def public_text(s3_client, bucket, key):
    try:
        body = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except s3_client.exceptions.NoSuchKey:
        return ""
    return gzip.decompress(body).decode()


def stop(*workers):
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait()


@contextmanager
def a_rebuild_held_beside_a_worker_of_the_default_queue(environment, proxy, tmp_path):
    """A worker of both queues ("rebuilds"), held by the proxy in its first rebuild's publish,
    and a worker of the default queue only ("quick"). Leaving, the rebuild is let go and every
    site's rebuild awaited; the workers are stopped whatever happens."""
    rebuilding = start_worker(environment, tmp_path / "rebuilds.log", "--worker-id", "rebuilds")
    quick = start_worker(
        environment, tmp_path / "quick.log", "--worker-id", "quick", "--queue-name", "default"
    )
    try:
        assert proxy.held.wait(PATIENCE), (tmp_path / "rebuilds.log").read_text()
        yield
        proxy.release()
        wait_for(
            lambda: not update_tasks("rebuilds").exclude(status="SUCCESSFUL").exists(),
            "the rebuild of every site",
        )
    finally:
        proxy.release()
        stop(rebuilding, quick)


def approve_and_wait_for_the_public_site(product, s3_client, bucket):
    edit(product, title="Sandal Hotel Putih")
    wait_for(
        lambda: "Sandal Hotel Putih" in public_text(s3_client, bucket, QUICK_PREFIX + PRODUCT_PAGE),
        "the approved title on the public site",
    )


def test_a_worker_of_the_default_queue_publishes_an_approval_while_every_site_is_rebuilt(
    institutions, queued_tasks, proxy, s3_client, bucket, tmp_path
):
    sites, product = institutions
    environment = worker_environment(proxy.url, bucket, tmp_path)
    change_a_category()
    assert update_tasks("rebuilds").count() == len(sites)
    with a_rebuild_held_beside_a_worker_of_the_default_queue(environment, proxy, tmp_path):
        approve_and_wait_for_the_public_site(product, s3_client, bucket)
        # Public a moment before its task records its end.
        wait_for(
            lambda: update_tasks("default").exclude(status="RUNNING").exists(),
            "the approval's task to end",
        )

        (approval,) = update_tasks("default")
        assert approval.worker_ids == ["quick"] and approval.status == "SUCCESSFUL"
        rebuilds = update_tasks("rebuilds")
        assert {task.status for task in rebuilds} <= {"READY", "RUNNING"}
        assert rebuilds.filter(status="RUNNING", worker_ids=["rebuilds"]).exists()
    assert public_text(s3_client, bucket, "held-1/index.html")  # a held site, published at last
    assert "Sandal Hotel Putih" in public_text(
        s3_client, bucket, QUICK_PREFIX + "katalog/index.html"
    )


def test_a_worker_of_both_queues_takes_a_waiting_approval_before_the_rebuilds(
    institutions, queued_tasks, s3_endpoint, bucket, tmp_path
):
    sites, product = institutions
    change_a_category()
    edit(product, title="Sandal Hotel Putih")  # enqueued after every rebuild
    # Every site's update and the approval's, and the renditions of the approved page's photos.
    waiting = DBTaskResult.objects.filter(backend_name="sitegen").count()

    worker = start_worker(
        worker_environment(s3_endpoint, bucket, tmp_path),
        tmp_path / "worker.log",
        "--max-tasks",
        str(waiting),
    )
    try:
        assert worker.wait(PATIENCE) == 0, (tmp_path / "worker.log").read_text()
    finally:
        stop(worker)

    (approval,) = update_tasks("default")
    rebuilds = list(update_tasks("rebuilds"))
    assert len(rebuilds) == len(sites)
    assert all(task.status == "SUCCESSFUL" for task in [approval, *rebuilds])
    assert all(approval.started_at < task.started_at for task in rebuilds)
    assert approval.enqueued_at > max(task.enqueued_at for task in rebuilds)


def publish_first(site, environment, tmp_path):
    """The site baked and published once, by a worker on the build folder of the next ones."""
    update_public_site.enqueue(trigger="first publication", full=True, site_id=site.pk)
    worker = start_worker(environment, tmp_path / "first.log", "--max-tasks", "1")
    try:
        assert worker.wait(PATIENCE) == 0, (tmp_path / "first.log").read_text()
    finally:
        stop(worker)


def test_an_approval_on_a_site_whose_rebuild_waits_bakes_only_what_it_changed(
    institutions, queued_tasks, proxy, s3_endpoint, s3_client, bucket, tmp_path
):
    sites, product = institutions
    quick_site = sites[-1]
    # The held sites, never published, send every file in their rebuild: held there.
    publish_first(quick_site, worker_environment(s3_endpoint, bucket, tmp_path), tmp_path)
    environment = worker_environment(proxy.url, bucket, tmp_path)
    change_a_category()
    with a_rebuild_held_beside_a_worker_of_the_default_queue(environment, proxy, tmp_path):
        approve_and_wait_for_the_public_site(product, s3_client, bucket)

        approval = Build.objects.get(site=quick_site, trigger__startswith="published:")
        assert not approval.full
        assert update_tasks("rebuilds").filter(status="READY").exists()
    rebuilt = Build.objects.get(site=quick_site, trigger__startswith="changed:")
    assert rebuilt.full and rebuilt.started_at > approval.started_at
    assert "Sandal Hotel Putih" in public_text(
        s3_client, bucket, QUICK_PREFIX + "katalog/index.html"
    )
