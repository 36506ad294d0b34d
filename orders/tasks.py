"""The background task that imports a confirmed marketplace export (queue `imports` of the
`imports` backend: `manage.py db_worker --backend imports --queue-name imports`)."""

from django_tasks import task

from django.contrib.auth import get_user_model

from orders.imports import run
from orders.models import Import

QUEUE = "imports"


@task(backend="imports", queue_name=QUEUE)
def import_file(import_id: int, user_id: int | None = None) -> str:
    """Import the file of a queued import and return its status; an error marks it failed
    (nothing of it is recorded) and is raised again, so the task's result keeps it."""
    record = Import.objects.select_related("site__root_page", "channel").get(pk=import_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        run.confirm(record, user)
    except Exception:
        run.fail(record, user)
        raise
    record.refresh_from_db()
    return record.status
