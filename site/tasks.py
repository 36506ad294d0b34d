"""The background task that brings a public site up to date after a change."""

from django_tasks import task

from django.contrib.auth import get_user_model

from wagtail.models import Site

from sitegen.jobs import run_bake_and_publish


@task(backend="sitegen")
def update_public_site(
    trigger: str, user_id: int | None = None, full: bool = False, site_id: int | None = None
) -> str:
    """Bake what changed (or everything) of a site (the default site unless given) and publish
    it. Returns the error, if any."""
    site = None
    if site_id is not None:
        site = Site.objects.select_related("root_page").filter(pk=site_id).first()
        if site is None:
            return ""  # deleted since: nothing left to publish
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    outcome = run_bake_and_publish(site=site, changed_only=not full, trigger=trigger, user=user)
    return outcome.error
