"""Interrupted work is told from live work by the locks a live process holds: what a live bake,
publish or worker holds is never marked interrupted (the killed worker itself is replayed with
real processes in tests/sitegen/management/test_run_worker.py)."""

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from sitegen.bake import bake
from sitegen.locks import site_job, worker_alive
from sitegen.models import Build, Deployment, Status
from sitegen.recovery import INTERRUPTED, recover_interrupted_work
from sitegen.sites import default_site


@pytest.fixture
def published_shop(shop, folder_deployment, settings):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    return shop


def left_running(model):
    return model.objects.create(site=default_site(), trigger="approval of Batik Parang")


def test_a_job_whose_site_a_live_process_is_working_on_stays_running(published_shop, settings):
    # An update enqueued by mistake is recorded, not run: run here, it would wait for the lock.
    settings.TASKS = {
        **settings.TASKS,
        "sitegen": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    publication = left_running(Deployment)

    with site_job(default_site()):
        resumed = recover_interrupted_work()

    assert resumed == {}
    publication.refresh_from_db()
    assert publication.status == Status.RUNNING


def test_a_job_nobody_is_working_on_is_marked_interrupted_and_the_site_updated_again(
    published_shop, folder_deployment
):
    bake_cut_short, publication = left_running(Build), left_running(Deployment)

    resumed = recover_interrupted_work()

    assert resumed == {default_site().pk: True}  # a bake was cut short: everything again
    for job in (bake_cut_short, publication):
        job.refresh_from_db()
        assert (job.status, job.error) == (Status.FAILED, INTERRUPTED)
    assert not Deployment.objects.filter(status=Status.RUNNING).exists()
    assert Deployment.objects.latest("pk").status == Status.SUCCEEDED
    assert b"Batik Parang" in folder_deployment.read("katalog/batik-parang/index.html")


def task_claimed_by(worker_id):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {"trigger": "test"}},
        task_path="sitegen.tasks.update_public_site",
        backend_name="sitegen",
        queue_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=[worker_id],
    )


def test_a_task_of_a_live_worker_stays_running(db):
    task = task_claimed_by("worker-in-another-process")

    with worker_alive("worker-in-another-process"):
        recover_interrupted_work()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_of_a_worker_it_cannot_judge_stays_running(db):
    """A plain db_worker, or one on another machine, leaves no lock file here."""
    task = task_claimed_by("a-worker-without-a-lock-file")

    recover_interrupted_work()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_finished_bake_is_left_as_it_ended(published_shop):
    bake()
    finished = Build.objects.create(site=default_site(), trigger="test", status=Status.SUCCEEDED)

    assert recover_interrupted_work() == {}
    finished.refresh_from_db()
    assert (finished.status, finished.error) == (Status.SUCCEEDED, "")
