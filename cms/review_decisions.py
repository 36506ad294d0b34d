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
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
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
    try:
        take_decision(request, page)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You cannot take this decision."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.success(request, decision_outcome(page))
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url or reverse("wagtailadmin_explore", args=(page.get_parent().pk,)))


def take_decision(request, page):
    """Take the decision the editor posted on the review of `page`, as its task allows it."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied(
            _("This page is no longer in review: the decision was already taken.")
        )
    task = task_state.task.specific
    action = request.POST.get("workflow-action-name", "")
    if action not in [name for name, _label, _modal in task.get_actions(page, request.user)]:
        raise PermissionDenied(_("This decision is not one you can take on this review."))
    task.on_action(task_state, request.user, action, **decision_details(request, task, action))


def decision_details(request, task, action) -> dict:
    """The details the decision's dialog collected (a comment, a confirmation), checked again
    by the dialog's own form: the editor posts them as JSON that anyone could write."""
    form_class = task.get_form_for_action(action)
    if form_class is None:
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
        return _("Changes to '%(title)s' are requested.") % {"title": title}
    return _("'%(title)s' is approved and goes to the next review step.") % {"title": title}
