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

Pictures under review or published: what an officer approves is what is published, photos
included, so the picture of a photo (its file, and the focal area its crops are cut around) is
fixed while a page revision in review, scheduled to go live, or live shows it: nobody replaces it
or deletes the photo, officers included. A new picture is a new photo, put in a page that is
submitted again. Photos used only by drafts nobody reviews stay free to change.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page, PagePermissionTester, ReferenceIndex, Revision, WorkflowState
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


def revisions_awaiting_publication():
    """The page revisions an officer is reviewing (the current task of a workflow in progress)
    or has approved to go live later."""
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    return Revision.page_revisions.filter(
        Q(pk__in=in_review.values("current_task_state__revision"))
        | Q(approved_go_live_at__isnull=False)
    )


def photos_referred_to(revision) -> set[int]:
    """The photos a revision's content refers to, wherever: photo fields, gallery rows, stream
    blocks, rich-text embeds. Wagtail's reference index keeps only the pages' rows (the live
    content of a live page), not revisions, so the revision is read the way the index reads a
    row."""
    from cms.models import Photo

    photo_type = ReferenceIndex._get_base_content_type(Photo).pk
    return {
        int(object_id)
        for content_type, object_id, *_ in ReferenceIndex._extract_references_from_object(
            revision.as_object()
        )
        if content_type == photo_type
    }


def picture_is_fixed(photo) -> bool:
    """Whether a live page or a revision in review or scheduled shows the photo, so that its
    picture must stay what was (or is being) reviewed (see the module's docstring)."""
    if photo.pk is None:
        return False
    return shown_on_live_pages(photo) or any(
        photo.pk in photos_referred_to(revision) for revision in revisions_awaiting_publication()
    )


class PhotoPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's photo permissions, except that nobody deletes a photo whose picture is fixed,
    and an uploader's own right to change a photo ends when a live page shows it (see the
    module's docstring)."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if "delete" in actions and picture_is_fixed(instance):
            actions.remove("delete")
        if "change" in actions and shown_on_live_pages(instance):
            actions.remove("change")
            if self._check_perm(user, {"change"}, collection=instance.collection):
                return True
        return bool(actions) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )
