"""The officer review task of the "Product publication" workflow."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask

from cms.privacy import scan_page


class PrivacyReviewForm(TaskStateCommentForm):
    """Approval of a page with warnings: the officer confirms each was looked at."""

    warnings_checked = forms.BooleanField(
        label=_("I checked each warning; the page may be published as it is."), required=False
    )


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the author.

    Wagtail lets a reviewer approve their own submission. Here nobody approves a revision they
    submitted or wrote, so an officer's own story needs a second officer.

    The revision under review is scanned for personal data (cms/privacy.py): a blocking finding
    (NIK, register number) removes *Approve*; warnings make the officer confirm they were
    checked, and the approval is logged with them.
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
        findings = self._findings_under_review(obj)
        if any(finding.blocking for finding in findings):
            return [action for action in actions if action[0] != "approve"]
        if findings:
            # One way to approve: through the form that lists what to check.
            rest = [action for action in actions if action[0] != "approve"]
            return [*rest, ("approve", _("Approve after checking the warnings"), True)]
        return actions

    def get_form_for_action(self, action):
        if action == "approve":
            return PrivacyReviewForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action in ("approve", "reject"):
            return "cms/workflow/review_action_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        checked = kwargs.pop("warnings_checked", False)
        if action_name == "approve":
            if user.pk in self.authors_of(task_state):
                raise PermissionDenied("The author of a revision cannot approve it.")
            self._record_privacy_decision(task_state, user, checked)
        elif action_name == "reject":
            self._record_findings(task_state, user, "etalase.privacy_rejected")
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def _findings_under_review(obj):
        workflow_state = obj.current_workflow_state
        task_state = workflow_state.current_task_state if workflow_state else None
        if task_state is None:
            return []
        return scan_page(task_state.revision.as_object())

    @classmethod
    def _record_privacy_decision(cls, task_state, user, checked):
        """Refuse an approval the findings forbid; log the findings the officer approved past."""
        page = task_state.revision.as_object()
        findings = scan_page(page)
        if any(finding.blocking for finding in findings):
            raise PermissionDenied("The page shows a national ID or register number.")
        if findings and not checked:
            raise PermissionDenied("Confirm that the warnings were checked.")
        cls._record_findings(task_state, user, "etalase.privacy_approved", findings)

    @staticmethod
    def _record_findings(task_state, user, action, findings=None):
        """Log what the scan found beside the officer's decision, so the record shows what
        they decided on."""
        if findings is None:
            findings = scan_page(task_state.revision.as_object())
        if findings:
            log(
                instance=task_state.revision.content_object,
                action=action,
                user=user,
                revision=task_state.revision,
                data={"findings": [finding.as_log_data() for finding in findings]},
            )

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
