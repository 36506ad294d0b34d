"""The officer review task of the "Product publication" workflow."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the author.

    Wagtail lets a reviewer approve their own submission. Here nobody approves a revision they
    submitted or wrote, so an officer's own story needs a second officer.
    """

    @staticmethod
    def authors_of(task_state):
        """The people who may not approve this task state: the submitter and the reviewed
        revision's author."""
        return {task_state.workflow_state.requested_by_id, task_state.revision.user_id} - {None}

    def _is_author(self, obj, user):
        workflow_state = obj.current_workflow_state
        task_state = workflow_state.current_task_state if workflow_state else None
        return task_state is not None and user.pk in self.authors_of(task_state)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if self._is_author(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and user.pk in self.authors_of(task_state):
            raise PermissionDenied("The author of a revision cannot approve it.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve, except the person who submitted or wrote "
            "the revision."
        )

    class Meta:
        verbose_name = _("four-eyes approval task")
        verbose_name_plural = _("four-eyes approval tasks")
