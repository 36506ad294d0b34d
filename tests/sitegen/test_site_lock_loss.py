"""A job whose site lock is released under it (the lock's connection closed by a PostgreSQL
restart, ``pg_terminate_backend``, an idle timeout or the network) stops before it changes
anything more, while another worker may already be doing the site's work; its site's update is
queued again. Replayed with a real worker process, PostgreSQL and moto's S3 server."""

import os
import socket
import time

import pytest

from django.db import connection

from sitegen.bake import bake
from sitegen.jobs import run_bake_and_publish
from sitegen.locks import (
    KEEPALIVES,
    SITE_NAMESPACE,
    SiteLockLost,
    _sites_held,
    ensure_site_lock_held,
    site_job,
)
from sitegen.models import Deployment, SharedBuildState, Status
from sitegen.recovery import RESUMED_TRIGGER
from tests.sitegen import test_bake_coordination as coordination
from tests.sitegen.conftest import S3Deployment
from tests.sitegen.helpers import edit
from tests.sitegen.holding_proxy import HoldingProxy
from tests.sitegen.test_bake_coordination import (
    Worker,
    bucket_contents,
    differences,
    on_postgresql,
    work_as,
    worker_environment,
)
from tests.worker_processes import PATIENCE

pytestmark = on_postgresql

three_sites = coordination.three_sites


def end_the_lock_session(site) -> None:
    """What a PostgreSQL restart or a network cut does to the session holding the site's lock.
    Only in this test's database: the server lists every database's locks, and a test running
    beside this one (another xdist worker's database) holds locks of sites with the same ids."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND granted AND classid = %s::oid AND objid = %s::oid AND objsubid = 2",
            [SITE_NAMESPACE & 0xFFFFFFFF, site.pk],
        )
        assert cursor.fetchall() == [(True,)]


@pytest.fixture
def static_files_held(s3_endpoint):
    """Holds the theme files of the first site's publish: the same bytes in every bake, so
    only what the held job does after its lock is gone can change the bucket."""
    proxy = HoldingProxy(s3_endpoint, held_path="/lapas-0/static/")
    yield proxy
    proxy.stop()


def test_a_job_that_lost_its_lock_in_a_publish_writes_nothing_more(
    three_sites, static_files_held, s3_client, s3_endpoint, bucket, settings, tmp_path
):
    site, products = three_sites[0]
    environment = worker_environment(tmp_path, "first", static_files_held.url, bucket)
    worker = Worker(environment, tmp_path / "publishes")
    try:
        worker.update(site)
        assert static_files_held.held.wait(PATIENCE)
        end_the_lock_session(site)
        # Another worker takes the free site at once and publishes a newer change.
        edit(products[0], title="Produk Terbaru")
        S3Deployment(settings, s3_client, s3_endpoint, bucket).target(addressing_style="path")
        settings.SITEGEN_PUBLISH_TARGET = "s3"
        work_as(settings, tmp_path, "second")
        assert not run_bake_and_publish(site=site, trigger="approval").error
        published_by_the_second = bucket_contents(s3_client, bucket)
        land_late_uploads_of_the_lost_job(s3_client, bucket)
        static_files_held.release()
        (error,) = worker.errors()
    finally:
        worker.stop()

    # Its held theme files landed (the same bytes); no page, deletion or manifest followed, and
    # what its uploads under way left behind is repaired.
    assert differences(bucket_contents(s3_client, bucket), published_by_the_second) == {}
    assert "lock of site" in error and "was lost" in error
    product_page = published_by_the_second["lapas-0/katalog/produk-0-0/index.html"]
    assert b"Produk Terbaru" in product_page
    lost = Deployment.objects.get(site=site, trigger="worker")
    assert lost.status == Status.FAILED and "was lost" in lost.error
    # Updated again at once by the same worker, comparing every file the bucket holds.
    resumed = Deployment.objects.filter(site=site, trigger=RESUMED_TRIGGER)
    assert [job.status for job in resumed] == [Status.SUCCEEDED]


def land_late_uploads_of_the_lost_job(s3_client, bucket) -> None:
    """What uploads the lost job had under way do when they land after the other worker's
    publish (seen in CI, the machine busy): an older file over a newer one of the same name,
    and a file of its older search index, which no newer manifest names."""
    s3_client.put_object(Bucket=bucket, Key="lapas-0/catalog.json", Body=b'{"products": []}')
    s3_client.put_object(Bucket=bucket, Key="lapas-0/pagefind/index/id_0ld.pf_index", Body=b"0")


def test_a_bake_that_lost_its_lock_is_not_recorded_as_the_sites_latest(three_sites):
    site, products = three_sites[0]
    bake(site)
    latest = SharedBuildState.objects.get(site=site).generation
    edit(products[0], title="Produk Terbaru")
    with site_job(site):
        end_the_lock_session(site)
        with pytest.raises(SiteLockLost):
            bake(site, changed_only=True)

    assert SharedBuildState.objects.get(site=site).generation == latest


def test_a_lock_connection_sends_tcp_keepalives(three_sites):
    site, _products = three_sites[0]
    with site_job(site):
        held_by = _sites_held()[site.pk].connection.connection.pgconn.socket
        with socket.socket(fileno=os.dup(held_by)) as lock_socket:
            assert lock_socket.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            idle = lock_socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            assert idle == KEEPALIVES["keepalives_idle"]


@pytest.fixture
def idle_sessions_ended_after_a_second(transactional_db):
    """The database ends the sessions that idle for a second (``idle_session_timeout``), as an
    operator may configure it to reclaim forgotten connections."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" SET idle_session_timeout = 1000')
    yield
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" RESET idle_session_timeout')


def test_a_job_keeps_its_lock_while_it_idles_past_the_idle_session_timeout(
    three_sites, idle_sessions_ended_after_a_second
):
    site, _products = three_sites[0]
    with site_job(site):
        time.sleep(2)  # a long render, during which the lock's connection says nothing
        ensure_site_lock_held(site)
