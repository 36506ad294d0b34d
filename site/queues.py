"""The queues site updates wait in, and what the baker asks of them.

A change every site may show (a category, a shared photo, a site record) updates every site: at
hundreds of institutions that takes many minutes, so those updates wait in ``rebuilds``, below
the default priority; an update of one site (an approval) waits in ``default``
(``sitegen.tasks``).

Kept apart from the task itself so that the baker may ask whether a rebuild of a site still
waits without importing the jobs that import the baker.
"""

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

TASK_BACKEND = "sitegen"
REBUILDS_QUEUE = "rebuilds"
REBUILD_PRIORITY = -10


def rebuild_to_come(site) -> bool:
    """Whether an update of this site in the ``rebuilds`` queue is yet to bake it: waiting, or
    taken by a worker. Ask it holding the site's lock, in a job that is not that rebuild.

    An update holds the site's lock from its first bake to its last publish
    (``sitegen.jobs.run_bake_and_publish``), so a rebuild taken by a worker has not begun while
    another job holds the lock: its worker waits for it. (A rebuild that ended has baked the
    site-wide change, which no later bake sees as a change any more.) The task of a worker that
    died is failed by recovery, which updates the site again: that update bakes the change."""
    return DBTaskResult.objects.filter(
        backend_name=TASK_BACKEND,
        queue_name=REBUILDS_QUEUE,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__kwargs__site_id=site.pk,
        # Enqueued as a rebuild, which bakes the change itself; one queued by an earlier
        # version, without the flag, bakes like any update.
        args_kwargs__kwargs__rebuild=True,
    ).exists()
