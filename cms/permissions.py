"""Permission rules that keep what the public sees under the officers' review.

Publishing only through the workflow: Wagtail lets anyone with the publish permission publish
directly, skipping moderation. In Etalase the publish permission is kept for what it guards
besides publishing (unpublishing, view restrictions, schedules), but a page under a workflow is
published only when the workflow's last task is approved (cms/workflows.py). That holds for every
user, superusers included.

Photos of published pages: Wagtail lets whoever uploaded a photo change (even replace its file)
or delete it. Photos are not revisions of a page, so such a change would reach the public site at
the next bake without a review. Once a live page shows a photo, only those who may change every
photo of its collection (officers) change or delete it; a manager uploads a new photo and puts it
in a page they submit.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, PagePermissionTester, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class GovernedPagePermissionTester(PagePermissionTester):
    @cached_property
    def page_is_governed(self):
        return self.page.pk is not None and self.page.get_workflow() is not None

    def can_publish(self):
        return not self.page_is_governed and super().can_publish()

    def can_publish_subpage(self):
        # A new child inherits its parent's workflow, so it cannot be published in one go either.
        return not self.page_is_governed and super().can_publish_subpage()

    # Making a page private or cancelling a schedule takes nothing to the public, so these stay
    # with the publish permission (officers).
    def can_set_view_restrictions(self):
        return super().can_publish()

    def can_unschedule(self):
        return super().can_publish()


def shown_on_live_pages(photo) -> bool:
    """Whether the live content of a live page refers to the photo (in its gallery, a story
    block, a hero...), according to Wagtail's reference index of the pages' rows."""
    references = ReferenceIndex.get_references_to(photo).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    page_ids = [int(page_id) for page_id in references.values_list("object_id", flat=True)]
    return Page.objects.live().filter(pk__in=page_ids).exists()


class PhotoPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's photo permissions, except that an uploader's own right to change or delete a
    photo ends when a live page shows it (see the module's docstring)."""

    EDITS = {"change", "delete"}

    def user_has_any_permission_for_instance(self, user, actions, instance):
        edits = self.EDITS & set(actions)
        if not edits or not shown_on_live_pages(instance):
            return super().user_has_any_permission_for_instance(user, actions, instance)
        others = set(actions) - edits
        return (
            bool(others) and super().user_has_any_permission_for_instance(user, others, instance)
        ) or self._check_perm(user, {"change"}, collection=instance.collection)
