"""Keep the public sites in step with the CMS without making anyone wait.

Every change that can alter a public site (a page published, unpublished, moved or deleted, a
view restriction, a photo, a category, site settings, the public address, a redirect) schedules
one task per site it concerns once the transaction commits: a page concerns its own site, an
institution's settings (its publishing settings too) or redirects its site, and what every site
may show (a photo, a category) every site. The task works out itself what changed
(``bake --changed``), so a missed or repeated signal is harmless.
No file or network I/O runs inside the editor's transaction.
"""

import functools
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from modelcluster.models import get_all_child_relations
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from sitegen.fingerprint import site_setting_models, site_wide_models
from sitegen.models import PublishSettings

EVERY_SITE = None


def schedule_site_update(trigger: str, site_ids: Iterable[int] | None = EVERY_SITE) -> None:
    """Bake and publish these sites (every site: ``EVERY_SITE``) after the transaction commits."""
    if not settings.SITEGEN_AUTO_PUBLISH:
        return
    site_ids = None if site_ids is EVERY_SITE else sorted(set(site_ids))
    if site_ids == []:
        return  # a page outside every site: the public sees nothing of it
    transaction.on_commit(lambda: _enqueue(trigger[:200], site_ids), robust=True)


def _enqueue(trigger: str, site_ids: list[int] | None) -> None:
    from sitegen.tasks import update_for_every_site, update_public_site

    task, rebuild = update_public_site, False
    if site_ids is None:
        site_ids = Site.objects.order_by("pk").values_list("pk", flat=True)
        task, rebuild = update_for_every_site(), True  # never ahead of one site's approval
    for site_id in site_ids:
        task.enqueue(trigger=trigger, site_id=site_id, rebuild=rebuild)


def sites_of_pages(pages) -> set[int]:
    """The sites whose tree holds these pages."""
    roots = Site.get_site_root_paths()
    return {
        root.site_id
        for page in pages
        for root in roots
        if page.url_path and page.url_path.startswith(root.root_path)
    }


def on_page_published(sender, instance, **kwargs):
    schedule_site_update(f"published: {instance.title}", sites_of_pages([instance]))


def on_page_unpublished(sender, instance, **kwargs):
    schedule_site_update(f"unpublished: {instance.title}", sites_of_pages([instance]))


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # A page moved to another site leaves one and arrives in the other.
    sites = sites_of_pages([parent_page_before, parent_page_after, instance])
    schedule_site_update(f"moved: {instance.title}", sites)


def on_page_deleted(sender, instance, **kwargs):
    if instance.live:
        schedule_site_update(f"deleted: {instance.title}", sites_of_pages([instance]))


@functools.cache
def watched_models() -> frozenset:
    # The publishing settings hold the public address, in every absolute URL of the site.
    watched = [PageViewRestriction, get_image_model(), PublishSettings, *site_wide_models()]
    return frozenset(watched)


def on_content_changed(sender, instance, raw=False, **kwargs):
    # Rows loaded as they are (loaddata, a restore) may refer to rows not loaded yet, and the
    # site is baked once after the load.
    if raw or sender not in watched_models():
        return
    trigger = f"changed: {sender._meta.verbose_name} {instance}"
    schedule_site_update(trigger, sites_concerned(instance))


def sites_concerned(instance) -> set[int] | None:
    """The sites a change to this row may show on (``EVERY_SITE``: all of them)."""
    if isinstance(instance, PageViewRestriction):
        return sites_of_pages([instance.page])
    if isinstance(instance, BaseSiteSetting):
        return {instance.site_id}
    if isinstance(instance, Site):
        return EVERY_SITE  # every site's links to the others carry their address
    if getattr(instance, "site_id", None):  # a redirect of one site
        return {instance.site_id}
    if hasattr(instance, "public_site_ids"):  # a photo of one institution
        return instance.public_site_ids()
    for settings_model in site_setting_models():
        for relation in get_all_child_relations(settings_model):
            if isinstance(instance, relation.related_model):  # a row inline in settings
                parent_id = getattr(instance, relation.field.attname)
                return set(
                    settings_model.objects.filter(pk=parent_id).values_list("site_id", flat=True)
                )
    return EVERY_SITE  # a photo, a category, a redirect for every site


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="sitegen-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="sitegen-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="sitegen-moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="sitegen-page-deleted")
    # Snippets (categories) are registered after this app is ready, so the models to watch are
    # known only once the first row changes: every model's changes come here.
    for signal in (post_save, post_delete):
        signal.connect(on_content_changed, dispatch_uid="sitegen-content-changed")
