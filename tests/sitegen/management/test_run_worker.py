"""The task worker finishes what a killed worker left: replayed with real processes.

A worker (``manage.py run_worker``) publishes to S3 through a proxy that holds the first upload;
the test kills it with SIGKILL there, as the kernel's out-of-memory killer or a replaced container
would, and starts another worker on the same database file and folders.
"""

import os
import signal
from pathlib import Path

import pytest

from django.conf import settings

from sitegen.manifest import Manifest
from sitegen.recovery import INTERRUPTED
from sitegen.targets import MANIFEST_NAME
from tests.sitegen.conftest import S3Deployment
from tests.sitegen.holding_proxy import HoldingProxy
from tests.worker_processes import (
    PATIENCE,
    give_migrated_database,
    manage,
    rows_at_once,
    start,
    start_worker,
    wait_for,
)


@pytest.fixture
def proxy(s3_endpoint):
    proxy = HoldingProxy(s3_endpoint)
    yield proxy
    proxy.stop()


@pytest.fixture
def installation(tmp_path, proxy, bucket, migrated_sqlite):
    """The environment of a worker: its own SQLite file, media and build folders, S3 target."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'etalase.sqlite3'}",
        "ETALASE_VAR_DIR": str(tmp_path),
        "ETALASE_BUILD_DIR": str(tmp_path / "build" / "site"),
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": bucket,
        "ETALASE_S3_ENDPOINT_URL": proxy.url,
        "ETALASE_S3_ADDRESSING_STYLE": "path",
        "ETALASE_BAKE_WORKERS": "1",
    }
    give_migrated_database(migrated_sqlite, environment)
    return environment


def enqueue_update(environment, trigger):
    manage(
        "shell",
        "-c",
        "from sitegen.tasks import update_public_site; "
        f"update_public_site.enqueue(trigger={trigger!r}, full=True)",
        environment=environment,
    )


def statuses(environment):
    """Every record's status, as ``{table: [(id, status, error), ...]}`` in creation order, all
    read at one moment."""
    return rows_at_once(
        environment,
        {
            "tasks": "SELECT id, status, traceback FROM django_tasks_database_dbtaskresult "
            "ORDER BY enqueued_at",
            "builds": "SELECT id, status, error FROM sitegen_build ORDER BY id",
            "deployments": "SELECT id, status, error FROM sitegen_deployment ORDER BY id",
        },
    )


def all_done(environment):
    current = statuses(environment)
    return current["deployments"] and not any(
        status in ("running", "READY", "RUNNING")
        for table in current.values()
        for _, status, _ in table
    )


def test_a_publish_cut_by_a_killed_worker_is_finished_by_the_next_worker(
    installation, proxy, s3_client, s3_endpoint, bucket, tmp_path
):
    enqueue_update(installation, "test")
    first = start_worker(installation, tmp_path / "worker.log")
    assert proxy.held.wait(PATIENCE), (tmp_path / "worker.log").read_text()

    first.send_signal(signal.SIGKILL)
    first.wait()
    proxy.release()
    left = statuses(installation)
    assert [status for _, status, _ in left["deployments"]] == ["running"]
    (cut_task,) = [task for task, status, _ in left["tasks"] if status == "RUNNING"]

    second = start_worker(installation, tmp_path / "worker.log")
    try:
        wait_for(lambda: all_done(installation), "finishing the interrupted publish")
    finally:
        second.terminate()
        second.wait()

    done = statuses(installation)
    (cut_task_now,) = [task for task in done["tasks"] if task[0] == cut_task]
    assert cut_task_now[1] == "FAILED" and INTERRUPTED in cut_task_now[2]
    interrupted, *resumed = done["deployments"]
    assert interrupted[1:] == ("failed", INTERRUPTED)
    assert resumed and all(status == "succeeded" for _, status, _ in resumed)
    assert all(status == "succeeded" for _, status, _ in done["builds"])
    assert_target_equals_build(installation, S3Deployment(settings, s3_client, s3_endpoint, bucket))


def assert_target_equals_build(installation, published):
    build = Path(installation["ETALASE_BUILD_DIR"])
    baked = Manifest.read(build / ".etalase" / "manifest.json")
    assert published.stored_paths() == set(baked)
    assert all(published.read(path) == (build / path).read_bytes() for path in baked)
    assert "pagefind/pagefind-entry.json" in baked


def test_a_running_worker_finishes_a_publish_whose_process_was_killed(
    installation, proxy, s3_client, s3_endpoint, bucket, tmp_path
):
    """Found by the worker's periodic search: the worker started before the publish."""
    proxy.holding = False
    manage("bake", environment=installation)
    worker = start_worker(installation, tmp_path / "worker.log", "--recovery-interval", "0.5")
    try:
        # Whatever the migrations enqueued is done before the publish starts.
        wait_for(lambda: nothing_waiting(installation), "the worker's first tasks")
        # The target loses its manifest, so that the publish uploads every file again.
        s3_client.delete_object(Bucket=bucket, Key=MANIFEST_NAME)
        proxy.holding = True
        publish = start(installation, tmp_path / "publish.log", "publish")
        assert proxy.held.wait(PATIENCE), (tmp_path / "publish.log").read_text()
        killed = statuses(installation)["deployments"][-1][0]

        publish.send_signal(signal.SIGKILL)
        publish.wait()
        proxy.release()
        wait_for(lambda: all_done(installation), "finishing the killed publish")
    finally:
        worker.terminate()
        worker.wait()

    deployments = dict(
        (pk, (status, error)) for pk, status, error in statuses(installation)["deployments"]
    )
    assert deployments.pop(killed) == ("failed", INTERRUPTED)
    later = {pk: outcome for pk, outcome in deployments.items() if pk > killed}
    assert later and all(status == "succeeded" for status, _ in later.values())
    assert_target_equals_build(installation, S3Deployment(settings, s3_client, s3_endpoint, bucket))


def nothing_waiting(environment):
    return not any(
        status in ("READY", "RUNNING") for _, status, _ in statuses(environment)["tasks"]
    )
