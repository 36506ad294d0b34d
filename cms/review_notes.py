"""What the review screens say besides the decisions: why *Approve* is missing, what the officer
asked for, and what the privacy review will find.

- In the editor's action menu and on the dashboard's review panel, a reviewer who is not offered
  *Approve* reads why (FourEyesApprovalTask.approval_note): they wrote or submitted the revision,
  or it shows a NIK or a register number (named by kind and field, never in full).
- On the officer's dashboard, their own pages under review are listed too, each with that note:
  otherwise they would wait in no list of theirs.
- The author of a page sent back reads, at the top of its edit screen, the officer's comment (who,
  when) and the privacy findings of the latest revision; a draft not in review shows its findings
  whenever its edit screen opens, so each save of a draft runs the check before submitting.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.template.loader import render_to_string

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, TaskState, WorkflowState

from cms.models import FourEyesApprovalTask
from cms.privacy import findings_shown_to, scan_page


def approval_note(page, user) -> str:
    """Why `user`, a reviewer of `page`'s current review, is not offered *Approve*; empty if
    they are, or if they do not review it."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        return ""
    task = task_state.task.specific
    if not isinstance(task, FourEyesApprovalTask):
        return ""
    return task.approval_note(task_state, user)


class ApprovalWithheldMenuItem(ActionMenuItem):
    """A note in the editor's action menu, where *Approve* would be, saying why it is not."""

    template_name = "cms/workflow/approval_withheld_menu_item.html"
    order = 5  # after Save draft, beside the review's own actions

    def is_shown(self, context):
        return context["view"] == "edit" and bool(
            approval_note(context["page"], context["request"].user)
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["note"] = approval_note(parent_context["page"], parent_context["request"].user)
        return context


class ReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review" panel, with a note on each row whose *Approve* is
    missing, and the reviewer's own pages in review (which Wagtail leaves out) noted as such."""

    template_name = "cms/workflow/objects_to_moderate.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] += [
            self._own_state(task_state) for task_state in own_pages_in_review(user)
        ]
        for state in context["states"]:
            task = state["task_state"].task.specific
            if isinstance(task, FourEyesApprovalTask):
                state["approval_note"] = task.approval_note(state["task_state"], user)
        if context["states"]:
            context["states"].sort(key=lambda state: state["task_state"].started_at, reverse=True)
        return context

    @staticmethod
    def _own_state(task_state):
        """A row like Wagtail's, without actions: its author decides nothing on it."""
        page = task_state.revision.content_object
        return {
            "obj": page,
            "revision": task_state.revision,
            "live_revision_id": page.live_revision_id,
            "task_state": task_state,
            "actions": [],
            "workflow_tasks": task_state.workflow_state.all_tasks_with_status(),
            "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
            "workflow_preview_url_name": "wagtailadmin_pages:workflow_preview",
            "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
        }


def own_pages_in_review(user):
    """The task states in progress, of pages, that `user` would review but for having written
    or submitted the revision."""
    reviewed_by_them = [
        task.pk
        for task in FourEyesApprovalTask.objects.filter(active=True)
        if task.user_can_access_editor(None, user)
    ]
    return (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task__in=reviewed_by_them,
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        )
        .filter(Q(workflow_state__requested_by=user) | Q(revision__user=user))
        .select_related("revision", "workflow_state")
    )


def author_note(request, page) -> str:
    """The top of a page's edit screen for its author, when the page is not under review: the
    officer's request for changes, if it was sent back, and the privacy findings of its latest
    revision (a protected name only to those who may read the list). Empty when there is
    nothing to say."""
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ""
    sent_back = None
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        sent_back = workflow_state.current_task_state
    latest = page.get_latest_revision()
    latest_page = latest.as_object() if latest else page
    findings = findings_shown_to(request.user, scan_page(latest_page))
    if sent_back is None and not findings:
        return ""
    context = {
        "sent_back": sent_back,
        "findings": findings,
        "blocking": any(finding.blocking for finding in findings),
    }
    return render_to_string("cms/workflow/author_note.html", context, request=request)
