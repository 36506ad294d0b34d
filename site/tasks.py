"""The background task that brings a public site up to date after a change.

Updates wait in two queues of the ``sitegen`` backend. A change every site may show (a category,
a shared photo, a site record) updates every site, and at hundreds of institutions that takes
many minutes: those updates wait in ``rebuilds``, below the default priority. Everything else (an
approval, an unpublish, a move, a stock change, *Publish site now*, a resumed job) concerns one
site and waits in ``default``. A worker of ``default`` alone is never stuck behind a rebuild, and
a worker of both queues takes a waiting approval before the next rebuild (db_worker picks by
priority, whatever the order of the queues it is given).
"""

from django_tasks import task

from django.contrib.auth import get_user_model

from wagtail.models import Site

from sitegen.jobs import run_bake_and_publish
from sitegen.queues import REBUILD_PRIORITY, REBUILDS_QUEUE, TASK_BACKEND


@task(backend=TASK_BACKEND)
def update_public_site(
    trigger: str,
    user_id: int | None = None,
    full: bool = False,
    site_id: int | None = None,
    rebuild: bool = False,
    recheck: bool = False,
) -> str:
    """Bake what changed (or everything) of a site (the default site unless given) and publish
    it; ``rebuild``: the update of every site after a site-wide change; ``recheck``: compare
    every file the target holds (``sitegen.jobs.run_bake_and_publish``). Returns the error, if
    any."""
    site = None
    if site_id is not None:
        site = Site.objects.select_related("root_page").filter(pk=site_id).first()
        if site is None:
            return ""  # deleted since: nothing left to publish
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    outcome = run_bake_and_publish(
        site=site,
        changed_only=not full,
        rebuild=rebuild,
        recheck=recheck,
        trigger=trigger,
        user=user,
    )
    return outcome.error


def update_for_every_site():
    """The task as enqueued once per site after a change every site may show."""
    return update_public_site.using(queue_name=REBUILDS_QUEUE, priority=REBUILD_PRIORITY)
