"""The background task that brings the public site up to date after a change."""

from django_tasks import task

from django.contrib.auth import get_user_model

from sitegen.jobs import run_bake_and_publish


@task(backend="sitegen")
def update_public_site(trigger: str, user_id: int | None = None, full: bool = False) -> str:
    """Bake what changed (or everything) and publish it. Returns the error, if any."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    outcome = run_bake_and_publish(changed_only=not full, trigger=trigger, user=user)
    return outcome.error
