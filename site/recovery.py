"""Finish the work a stopped worker left behind.

A worker killed in the middle of a bake or publish (out of memory, a reboot, a container
replaced) leaves its records saying *running* forever, and the public site stays as it was until
some other change comes along. The task worker (``manage.py run_worker``) calls
``recover_interrupted_work`` when it starts and then periodically:

- a Build or Deployment record left running is marked failed ("interrupted: the worker
  stopped") and the site's update is enqueued again (a full bake when a bake was cut short);
- a job that lost its site's lock while it ran (``sitegen.locks.SiteLockLost``: its lock
  connection was closed) stops before changing anything more, marks its record failed and
  enqueues its site's update again itself (``update_again``), since its worker lives on;
- a task result left running by a worker that is gone is marked failed, and when it was a site's
  update, that update is enqueued again (the worker may have died between two jobs); every such
  task is announced with the ``task_interrupted`` signal, so the app that owns it can mark its
  own records (an order import, for one).

Telling a dead job from a live one, with locks released when a process dies (``sitegen.locks``:
advisory locks on PostgreSQL, judged the same from every machine; file locks on SQLite):

- every bake and publish holds its site's lock (``site_job``); if a non-blocking acquire
  succeeds, no live process is doing that site's work. A job between creating its record and
  taking the lock (a few milliseconds) could be taken for dead: it then saves its real outcome
  over the mark when it ends, and the extra update finds nothing to do;
- every worker holds a lock of its own (``worker_alive``) for as long as it runs; a task it
  claimed is dead when that lock is free. A worker that never registered (started with plain
  ``db_worker``, or on SQLite on another machine) is never judged.
"""

import logging

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from wagtail.models import Site

from sitegen.locks import forget_gone_workers, gone_worker, site_job_if_free
from sitegen.models import Build, Deployment, Status
from sitegen.sites import default_site

logger = logging.getLogger(__name__)

INTERRUPTED = "interrupted: the worker stopped"
RESUMED_TRIGGER = "resumed after an interrupted job"
UPDATE_TASK_PATH = "sitegen.tasks.update_public_site"


class WorkerStopped(Exception):
    """What a task result left running by a dead worker is marked failed with."""


# Sent for each task a stopped worker left running, once it is marked failed, with the task's
# dotted path (``task_path``) and its arguments (``args`` and ``kwargs``).
task_interrupted = Signal()


@transaction.atomic
def recover_interrupted_work() -> dict[int, bool]:
    """Mark the dead jobs failed and enqueue their sites' updates again.

    One transaction, so that nobody ever sees a job marked failed with its update not yet
    queued. Returns the sites updated again, each with whether its update bakes everything."""
    updates: dict[int, bool] = {}
    for site_id, full in [*_fail_tasks_of_dead_workers(), *_fail_interrupted_jobs()]:
        updates[site_id] = updates.get(site_id, False) or full
    for site_id, full in updates.items():
        update_again(site_id, full=full)
    return updates


def update_again(site_id: int, *, full: bool, recheck: bool = False) -> None:
    """Enqueue the update of a site whose job was interrupted (``full``: a bake was cut short;
    ``recheck``: its publish compares every file the target holds)."""
    from sitegen.tasks import update_public_site

    logger.warning("Updating site %s again after an interrupted job", site_id)
    update_public_site.enqueue(trigger=RESUMED_TRIGGER, site_id=site_id, full=full, recheck=recheck)


def _fail_interrupted_jobs() -> list[tuple[int, bool]]:
    """The sites whose running records no live process holds, each with whether a bake was cut
    short; their records are marked failed."""
    running = [
        model.objects.filter(status=Status.RUNNING, site__isnull=False)
        for model in (Build, Deployment)
    ]
    site_ids = {site_id for jobs in running for site_id in jobs.values_list("site", flat=True)}
    interrupted = []
    for site in Site.objects.filter(pk__in=site_ids).order_by("pk"):
        with site_job_if_free(site) as free:
            if free:
                builds, deployments = (jobs.filter(site=site) for jobs in running)
                interrupted.append((site.pk, bool(_mark_interrupted(builds))))
                _mark_interrupted(deployments)
    return interrupted


def _mark_interrupted(jobs) -> int:
    now = timezone.now()
    marked = 0
    for job in jobs:
        # Conditional, so that a job that ended meanwhile keeps its own outcome.
        marked += (
            type(job)
            .objects.filter(pk=job.pk, status=Status.RUNNING)
            .update(
                status=Status.FAILED,
                error=INTERRUPTED,
                duration=(now - job.started_at).total_seconds(),
            )
        )
    return marked


def _fail_tasks_of_dead_workers() -> list[tuple[int, bool]]:
    """Mark failed the tasks whose worker is gone; returns the site updates among them."""
    interrupted = []
    for task_result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker_id = task_result.worker_ids[-1] if task_result.worker_ids else ""
        with gone_worker(worker_id) as dead:
            if not dead:
                continue  # alive, or not a worker of ours: cannot tell
            logger.warning("Task %s was left running by a stopped worker", task_result.pk)
            task_result.set_failed(WorkerStopped(INTERRUPTED))
        task_interrupted.send(
            sender=DBTaskResult,
            task_path=task_result.task_path,
            args=task_result.args_kwargs["args"],
            kwargs=task_result.args_kwargs["kwargs"],
        )
        if task_result.task_path == UPDATE_TASK_PATH:
            arguments = task_result.args_kwargs["kwargs"]
            site_id = arguments.get("site_id") or default_site().pk
            interrupted.append((site_id, bool(arguments.get("full"))))
    forget_gone_workers()
    return interrupted
