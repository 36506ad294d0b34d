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


def rebuild_waiting(site) -> bool:
    """Whether an update of this site waits in the ``rebuilds`` queue, not yet taken by a
    worker: it will bake the site after the current job, holding the site's lock in turn.

    Only waiting updates count: one a worker has taken may already be past its bake."""
    return DBTaskResult.objects.filter(
        backend_name=TASK_BACKEND,
        queue_name=REBUILDS_QUEUE,
        status=TaskResultStatus.READY,
        args_kwargs__kwargs__site_id=site.pk,
    ).exists()
