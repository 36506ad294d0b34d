"""Keep the public site in step with the CMS without making anyone wait.

Every change that can alter the public site (a page published, unpublished, moved or deleted, a
view restriction, a photo, a category, site settings, a redirect) schedules one task once the
transaction commits; the task works out itself what changed (``bake --changed``), so a missed or
repeated signal is harmless. No file or network I/O runs inside the editor's transaction.
"""

import functools

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sitegen.fingerprint import site_wide_models


def schedule_site_update(trigger: str) -> None:
    if not settings.SITEGEN_AUTO_PUBLISH:
        return
    from sitegen.tasks import update_public_site

    transaction.on_commit(lambda: update_public_site.enqueue(trigger=trigger[:200]), robust=True)


def on_page_published(sender, instance, **kwargs):
    schedule_site_update(f"published: {instance.title}")


def on_page_unpublished(sender, instance, **kwargs):
    schedule_site_update(f"unpublished: {instance.title}")


def on_page_moved(sender, instance, **kwargs):
    schedule_site_update(f"moved: {instance.title}")


def on_page_deleted(sender, instance, **kwargs):
    if instance.live:
        schedule_site_update(f"deleted: {instance.title}")


@functools.cache
def watched_models() -> frozenset:
    return frozenset([PageViewRestriction, get_image_model(), *site_wide_models()])


def on_content_changed(sender, instance, **kwargs):
    if sender not in watched_models():
        return
    schedule_site_update(f"changed: {sender._meta.verbose_name} {instance}")


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="sitegen-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="sitegen-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="sitegen-moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="sitegen-page-deleted")
    # Snippets (categories) are registered after this app is ready, so the models to watch are
    # known only once the first row changes: every model's changes come here.
    for signal in (post_save, post_delete):
        signal.connect(on_content_changed, dispatch_uid="sitegen-content-changed")
