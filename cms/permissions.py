"""Publishing only through the workflow.

Wagtail lets anyone with the publish permission publish directly, skipping moderation. In Etalase
the publish permission is kept for what it guards besides publishing (unpublishing, view
restrictions, schedules), but a page under a workflow is published only when the workflow's last
task is approved (cms/workflows.py). That holds for every user, superusers included.
"""

from functools import cached_property

from wagtail.models import PagePermissionTester


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
