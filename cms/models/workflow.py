"""The officer review task of the "Penerbitan produk" (product publication) workflow."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.admin.utils import get_user_display_name
from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from cms.privacy import scan_page

# The approval of a page with warnings: its own action, so that its form (which requires the
# officer's confirmation) is never the form of a plain approval.
APPROVE_AFTER_CHECKING = "approve_checked"
APPROVALS = ("approve", APPROVE_AFTER_CHECKING)


class DecisionRefused(PermissionDenied):
    """A review decision that was not taken; its message tells the reviewer why."""


class PrivacyReviewForm(TaskStateCommentForm):
    """Approval of a page with warnings: the officer confirms each was looked at."""

    warnings_checked = forms.BooleanField(
        label=_("I checked each warning; the page may be published as it is."),
        error_messages={"required": _("Tick the box to confirm that you checked each warning.")},
    )


def findings_in_review(task_state, user) -> list:
    """The findings in the revision under review (cms/privacy.py), scanned once per request.

    Drawing one admin screen asks for them several times (the action menu, the review banner,
    the modal, the decision). They are kept on the request's user object, which lives as long
    as the request (Wagtail keeps its group checks there too), by revision: the next request
    scans again, with the protected names as they are then.
    """
    scans = getattr(user, "_privacy_scans", None)
    if scans is None:
        scans = {}
        user._privacy_scans = scans
    if task_state.revision_id not in scans:
        scans[task_state.revision_id] = scan_page(task_state.revision.as_object())
    return scans[task_state.revision_id]


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the author.

    Wagtail lets a reviewer approve their own submission. Here nobody approves a revision they
    submitted or wrote, so an officer's own story needs a second officer.

    The revision under review is scanned for personal data (cms/privacy.py): a blocking finding
    (NIK, register number) removes *Approve*; warnings replace it with *Approve after checking
    the warnings*, whose form makes the officer confirm they were checked, and the approval is
    logged with them.
    """

    @staticmethod
    def authors_of(task_state):
        """The people who may not approve this task state: the submitter and the reviewed
        revision's author."""
        return {task_state.workflow_state.requested_by_id, task_state.revision.user_id} - {None}

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        workflow_state = obj.current_workflow_state
        task_state = workflow_state.current_task_state if workflow_state else None
        if not actions or task_state is None:
            return actions
        without_approve = [action for action in actions if action[0] != "approve"]
        if self.approval_withheld_because(task_state, user):
            return without_approve
        if findings_in_review(task_state, user):
            # One way to approve: through the form that lists what to check.
            approve = (APPROVE_AFTER_CHECKING, _("Approve after checking the warnings"), True)
            return [*without_approve, approve]
        return actions

    def get_form_for_action(self, action):
        if action == APPROVE_AFTER_CHECKING:
            return PrivacyReviewForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action in ("approve", APPROVE_AFTER_CHECKING, "reject"):
            return "cms/workflow/review_action_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Decide on the task state, one decision at a time.

        The task state is claimed first, inside the decision's transaction: a second decision
        posted at the same time (a double click, the editor's autosave, two tabs) waits for the
        first and is then refused, instead of approving or saving a second time.
        """
        checked = kwargs.pop("warnings_checked", False)
        with transaction.atomic():
            task_state = self._claim_undecided(task_state)
            if action_name in APPROVALS and not task_state.revision.is_latest_revision():
                # Approving an older revision would not publish it: Wagtail would restart the
                # review on the latest one after logging an approval. Restart it without one.
                task_state.cancel(user=user, resume=True)
            else:
                self._decide(task_state, user, action_name, checked, **kwargs)
                return
        raise DecisionRefused(
            _(
                "The page was edited after it was submitted, so nothing was approved: the "
                "review starts again on the latest revision. Check it, then decide again."
            )
        )

    def _decide(self, task_state, user, action_name, checked, **kwargs):
        if action_name in APPROVALS:
            self._refuse_a_forbidden_approval(task_state, user, action_name, checked)
            self._record_findings(task_state, user, "etalase.privacy_approved")
            action_name = "approve"
        elif action_name == "reject":
            self._record_findings(task_state, user, "etalase.privacy_rejected")
        super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def _claim_undecided(task_state):
        """The task state, fresh from the database and held until the decision commits.

        An UPDATE rather than select_for_update(), which Django ignores on SQLite (the
        default database): the UPDATE takes the row lock on PostgreSQL and the write lock on
        SQLite, so a concurrent decision waits on both, then finds the state decided.
        """
        in_progress = TaskState.objects.filter(
            pk=task_state.pk, status=TaskState.STATUS_IN_PROGRESS
        )
        if not in_progress.update(status=TaskState.STATUS_IN_PROGRESS):
            decided = TaskState.objects.select_related("finished_by").get(pk=task_state.pk)
            if decided.status not in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED):
                # Cancelled: the review restarted on a newer revision, or was withdrawn.
                raise DecisionRefused(
                    _(
                        "This review was already closed; nothing was changed. See the page's "
                        "history."
                    )
                )
            raise DecisionRefused(
                _("%(officer)s already decided this review; nothing was changed.")
                % {"officer": get_user_display_name(decided.finished_by)}
            )
        return TaskState.objects.get(pk=task_state.pk)

    @classmethod
    def approval_withheld_because(cls, task_state, user) -> str:
        """Why `user`, a reviewer, may not approve the revision under review at all (they wrote
        or submitted it; it shows a NIK or a register number), in a sentence for them; empty
        when nothing withholds it. The actions offered, the refusal of a forged approval and
        the notes that say why *Approve* is missing all read it here."""
        if user.pk in cls.authors_of(task_state):
            return str(_("You submitted or wrote this revision: another officer must approve it."))
        blocking = [finding for finding in findings_in_review(task_state, user) if finding.blocking]
        if blocking:
            found = "; ".join(
                _("%(kind)s in %(field)s (%(excerpt)s)")
                % {"kind": finding.label, "field": finding.field, "excerpt": finding.shown_excerpt}
                for finding in blocking
            )
            return _(
                "Approval is not possible while the page shows %(found)s: request changes "
                "from the author to remove it."
            ) % {"found": found}
        return ""

    def approval_note(self, task_state, user) -> str:
        """Why a reviewer of this task is not offered *Approve*, for the screens that leave it
        out; empty when they are offered it, and for those who do not review this task."""
        if not self.user_can_access_editor(task_state.revision.content_object, user):
            return ""
        return self.approval_withheld_because(task_state, user)

    @classmethod
    def _refuse_a_forbidden_approval(cls, task_state, user, action_name, checked):
        """The last line of defence behind the actions offered: refuse an approval that is
        withheld, or past warnings the officer did not confirm."""
        withheld_because = cls.approval_withheld_because(task_state, user)
        if withheld_because:
            raise DecisionRefused(withheld_because)
        findings = findings_in_review(task_state, user)
        if findings and not (action_name == APPROVE_AFTER_CHECKING and checked):
            raise DecisionRefused(_("Confirm that the warnings were checked."))

    @staticmethod
    def _record_findings(task_state, user, action):
        """Log what the scan found beside the officer's decision, so the record shows what
        they decided on."""
        findings = findings_in_review(task_state, user)
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
