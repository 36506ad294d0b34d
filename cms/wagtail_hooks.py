"""Admin registrations of the cms app."""

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import redirects, review_decisions, review_notes, rich_text
from cms.labels import label_sheet
from cms.models import Category, FourEyesApprovalTask, Photo
from cms.models.workflow import findings_in_review
from cms.privacy import findings_shown_to
from cms.protected_names import ProtectedNameViewSet
from institutions.models import InstitutionLogEntry, InstitutionRecord
from sitegen.api import bake_failure_of


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_order = 200
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)
# After Wagtail's own rich text features (order 0): its page link handler is replaced.
hooks.register("register_rich_text_features", rich_text.register_features, order=1)


@hooks.register("register_admin_urls")
def register_label_urls():
    return [path("labels/", label_sheet, name="cms_labels")]


@hooks.register("register_admin_menu_item")
def register_labels_menu_item():
    return MenuItem(_("Packaging labels"), reverse("cms_labels"), icon_name="doc-full", order=900)


@hooks.register("register_log_actions")
def register_privacy_log_action(actions):
    actions.register_action(
        "etalase.privacy_approved",
        _("Approved after checking privacy warnings"),
        _("Approved after checking privacy warnings"),
    )
    actions.register_action(
        "etalase.privacy_rejected",
        _("Changes requested on privacy findings"),
        _("Changes requested on privacy findings"),
    )


@hooks.register("register_log_actions")
def register_institution_log(actions):
    """The records that belong to one institution are logged with its site, so that only its
    staff read their history (institutions/models/log.py); each class stands for its
    subclasses too. Orders registers its stock (orders/wagtail_hooks.py)."""
    for model in (
        InstitutionRecord,  # protected names, sales, inquiries, imports
        Photo,
        Redirect,
        BaseSiteSetting,  # the institution's settings, oversight, shares, publishing
    ):
        actions.register_model(model, InstitutionLogEntry)


@hooks.register("before_edit_page")
def take_review_decisions_apart_from_the_form(request, page):
    """Approve and request changes from the editor, one decision per review, never saving the
    form with it (cms/review_decisions.py)."""
    return review_decisions.decide_from_the_editor(request, page)


@hooks.register("before_edit_page")
def show_the_review_to_the_reviewer(request, page):
    """On the edit screen of a page under review, to those who review it: the findings of the
    privacy scan, and why *Approve* is missing if it is (a protected name only to those who may
    read the list)."""
    task_state = page.current_workflow_task_state
    if request.method != "GET" or task_state is None:
        return
    task = task_state.task.specific
    if not isinstance(task, FourEyesApprovalTask) or not task.get_actions(page, request.user):
        return
    findings = findings_shown_to(request.user, findings_in_review(task_state, request.user))
    note = task.approval_note(task_state, request.user)
    if findings or note:
        context = {"findings": findings, "approval_note": note}
        messages.warning(request, render_to_string("cms/workflow/review_banner.html", context))


@hooks.register("before_edit_page")
def show_the_author_what_the_review_asks(request, page):
    """At the top of the edit screen of a page not under review: the officer's request for
    changes and the privacy findings of its latest version (cms/review_notes.py)."""
    note = request.method == "GET" and review_notes.author_note(request, page)
    if note:
        messages.warning(request, note)


@hooks.register("before_edit_page")
def refuse_publishing_outside_the_review(request, page):
    """A publish posted for a page only the review publishes (a stale or forged form): Wagtail
    would save a draft and say "updated"; nothing is saved, and the message says why."""
    posted_publish = request.method == "POST" and request.POST.get("action-publish")
    if posted_publish and not page.permissions_for_user(request.user).can_publish():
        messages.error(
            request,
            _(
                "Nothing was published or saved: a page is published only when an officer "
                "approves its review. Save it as a draft, then submit it for review."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_page_action_menu_item")
def register_approval_withheld_note():
    return review_notes.ApprovalWithheldMenuItem()


@hooks.register("register_admin_viewset")
def register_governed_page_views():
    """After Wagtail's own page views (order -1): every page type's workflow actions decide as
    the editor does (cms/review_decisions.py)."""
    return review_decisions.GovernedPageViewSet("governed_pages")


@hooks.register("construct_homepage_panels")
def note_why_approve_is_missing_on_the_dashboard(request, panels):
    panels[:] = [
        review_notes.ReviewPanel() if isinstance(panel, WorkflowObjectsToModeratePanel) else panel
        for panel in panels
    ]


@hooks.register("before_edit_page")
def warn_that_the_public_site_lacks_the_page(request, page):
    """The last bake could not render this page: the public site shows its previous version,
    or nothing, until the reason is fixed and the site baked again."""
    reason = request.method == "GET" and bake_failure_of(page)
    if reason:
        message = _(
            "The public site could not be updated with this page; it shows the previous "
            "version, or nothing if there is none. Reason: %(reason)s"
        )
        messages.warning(request, message % {"reason": reason})


@hooks.register("register_admin_viewset")
def register_protected_names():
    return ProtectedNameViewSet("protected_names")


# Before wagtail.contrib.redirects' hook (order 0): the admin's URLs resolve in hook order, so
# these views answer at Wagtail's redirect addresses (cms/redirects.py).
@hooks.register("register_admin_urls", order=-1)
def register_redirect_urls():
    return [path("redirects/", include(redirects))]
