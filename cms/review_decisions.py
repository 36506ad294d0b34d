"""Review decisions taken on a page's edit screen: approve, request changes.

Wagtail's editor sends a decision as part of the whole edit form: the Approve button adds two
hidden inputs to the form, and the edit view saves the form as a new revision, then acts on the
task state it read at the start of the request. A click could reach it twice (the editor's
autosave serialises the same form, hidden inputs included; a double click; two tabs), and the
second post found the review decided: a 500 after saving the form, or the form saved over the
approved page as a draft of the officer's, while the history said approved and published.

Here a decision posted to the edit view is taken before the view runs, apart from the form:
- it acts on the revision under review, the one the officer read; the form is never saved, so a
  decision never makes a revision, nor restarts the review it decides;
- the task claims its state for the length of the decision (FourEyesApprovalTask.on_action), so
  of two decisions at once one is taken and the other refused with a message;
- a background post of the editor (autosave) never decides anything.

The dashboard's buttons post to Wagtail's workflow action view, replaced for every page type by
ReviewDecisionView: both ways end in `decide`, so the officer reads one message of what the
decision did (approved and published, sent back with the comment) or why it was refused.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import WorkflowState


def decide_from_the_editor(request, page):
    """The response to a decision posted to `page`'s edit view, or None for any other request."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if not request.accepts("text/html"):
        # The autosave's JSON post: saving the form is its job, deciding never is.
        return JsonResponse(
            {
                "success": False,
                "error_code": "decision_not_autosaved",
                "error_message": _("A review decision is only taken by its button."),
            },
            status=400,
        )
    action = request.POST.get("workflow-action-name", "")
    try:
        details = decision_details(request, page, action)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if not decide(request, page, page.current_workflow_task_state, action, details):
        return redirect("wagtailadmin_pages:edit", page.pk)
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url or reverse("wagtailadmin_explore", args=(page.get_parent().pk,)))


def decide(request, page, task_state, action, details) -> bool:
    """Take the decision `action` on `task_state`, the review of `page` the officer read, and
    tell them what it did or why it was refused. Whether it was taken."""
    try:
        take_decision(request.user, page, task_state, action, details)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You cannot take this decision."))
        return False
    messages.success(request, decision_outcome(page))
    return True


def take_decision(user, page, task_state, action, details):
    """Take the decision `action` on `task_state`, as its task allows it; the task refuses a
    task state decided or cancelled meanwhile."""
    if task_state is None:
        raise PermissionDenied(
            _("This page is no longer in review: the decision was already taken.")
        )
    task = task_state.task.specific
    if action not in [name for name, _label, _modal in task.get_actions(page, user)]:
        raise PermissionDenied(refusal_of_an_action_not_offered(task, task_state, user, action))
    task.on_action(task_state, user, action, **details)


def refusal_of_an_action_not_offered(task, task_state, user, action) -> str:
    """Why `action`, which the review does not offer `user`, is refused: an approval says what
    withholds it (four eyes, a privacy finding)."""
    withheld_because = getattr(task, "approval_withheld_because", None)
    if action.startswith("approve") and withheld_because:
        reason = withheld_because(task_state, user)
        if reason:
            return reason
    return _("This decision is not one you can take on this review.")


def decision_details(request, page, action) -> dict:
    """The details the decision's dialog collected (a comment, a confirmation), checked again
    by the dialog's own form: the editor posts them as JSON that anyone could write."""
    task_state = page.current_workflow_task_state
    form_class = task_state and task_state.task.specific.get_form_for_action(action)
    if not form_class:
        return {}
    try:
        posted = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except json.JSONDecodeError:
        posted = None
    form = form_class(data=posted if isinstance(posted, dict) else {})
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        raise PermissionDenied(" ".join(errors))
    return form.cleaned_data


def decision_outcome(page) -> str:
    """What the decision did, in the officer's message: never more than happened."""
    title = page.get_admin_display_title()
    workflow_state = page.workflow_states.order_by("-created_at", "-pk").first()
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return _(
            "'%(title)s' is approved and published as it was submitted; edits not saved "
            "before the decision are not part of it."
        ) % {"title": title}
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = workflow_state.current_task_state.comment
        if comment:
            return _("'%(title)s' is sent back to its author with your comment: %(comment)s") % {
                "title": title,
                "comment": comment,
            }
        return _("'%(title)s' is sent back to its author for changes.") % {"title": title}
    next_task = workflow_state.current_task_state.task
    return _("'%(title)s' is approved and now waits for the next step: %(task)s.") % {
        "title": title,
        "task": next_task.name,
    }


class ReviewDecisionView(WorkflowActionView):
    """Wagtail's workflow action view (the dashboard's buttons and their dialogs), deciding as
    the editor does: one message of what happened or why nothing did, never a bare 403."""

    def add_not_in_moderation_error(self):
        messages.error(
            self.request, _("This page is no longer in review: the decision was already taken.")
        )

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            # The action is not offered to this user on this review (check_action).
            reason = refusal_of_an_action_not_offered(
                self.task, self.task_state, request.user, self.action_name
            )
            messages.error(request, reason)
            return self.answer(request)

    def post(self, request, *args, **kwargs):
        details = {}
        if self.form_class:
            form = self.form_class(request.POST)
            if not form.is_valid():
                if self.action_modal and self.is_xhr(request):
                    return self.render_modal_form(request, form)  # the dialog shows the errors
                errors = [message for messages_ in form.errors.values() for message in messages_]
                messages.error(request, " ".join(errors))
                return self.answer(request)
            details = form.cleaned_data
        decide(request, self.object, self.task_state, self.action_name, details)
        return self.answer(request)

    @staticmethod
    def is_xhr(request):
        return request.headers.get("x-requested-with") == "XMLHttpRequest"

    def answer(self, request):
        """Back where the officer came from, where the message is shown."""
        if self.is_xhr(request):
            return self.render_modal_json(
                request, {"step": "success", "redirect": self.redirect_url}
            )
        return redirect(self.redirect_url)


class GovernedPageViewSet(PageViewSet):
    """Wagtail's views of every page type, with the review's decisions taken as above."""

    workflow_action_view_class = ReviewDecisionView
