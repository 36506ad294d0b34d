"""What keeps one institution's staff out of another's data in Wagtail's own admin.

Wagtail's page and collection permissions already keep the explorer, the page editor, the admin
page search, the image library and chooser, and the admin API's pages to the user's institution
(institutions/scopes.py). The screens below look past those permissions, so they are narrowed here;
superusers, who set the installation up, still see everything:

- the confirmation of a page move, which shows both pages' titles before any check (Wagtail
  checks the move itself only when it is posted), answers only a move the user may make;
- the page chooser lists and finds the pages of the user's institutions' trees only, and a page
  of another institution is not found when the chooser is asked to open or return it by its id;
- the admin API lists the photos and documents the user may choose, as Wagtail's choosers do;
- Wagtail's reports whose rows or filters show every institution's pages, counts or staff
  (page types usage, workflows, workflow tasks, site history, locked pages) are for superusers:
  hidden from the menu and refused by their address. Each institution reads its own history in
  the activity record, and its pages waiting for review on the dashboard.

Redirects per institution are in cms/redirects.py.
"""

from contextvars import ContextVar

from django.http import Http404

from wagtail.admin.auth import permission_denied
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from institutions.scopes import pages_of, sites_of

# Menu item name → the names of the report's views (its page and its results), Wagtail's own.
SUPERUSER_REPORTS = {
    "page-types-usage": (
        "wagtailadmin_reports:page_types_usage",
        "wagtailadmin_reports:page_types_usage_results",
    ),
    "workflows": ("wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_results"),
    "workflow-tasks": (
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:workflow_tasks_results",
    ),
    "site-history": (
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:site_history_results",
    ),
    "locked-pages": (
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:locked_pages_results",
    ),
}
SUPERUSER_REPORT_VIEWS = frozenset(name for names in SUPERUSER_REPORTS.values() for name in names)

# The page chooser's views that take page ids from the address, and no hook.
CHOOSER_BROWSE_VIEW = "wagtailadmin_choose_page_child"
CHOOSER_CHOSEN_VIEW = "wagtailadmin_choose_page_chosen_multiple"
MOVE_CONFIRM_VIEW = "wagtailadmin_pages:move_confirm"

# The user whose request is being answered, for code that Wagtail calls without the request:
# the rich text editor shows the address of a linked page only to its institution's staff
# (cms/rich_text.py).
requesting_user: ContextVar = ContextVar("requesting_user", default=None)


def own_pages(pages, user):
    """The pages of `pages` in the trees of the user's institutions (all for superusers)."""
    if user.is_superuser:
        return pages
    return pages.filter(pages_of(sites_of(user)))


def hide_superuser_reports(request, menu_items):
    """Take the superusers' reports out of a non-superuser's Reports menu."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in SUPERUSER_REPORTS]


class AdminIsolationMiddleware:
    """Refuses the admin views of the module's docstring that no Wagtail hook can narrow:
    the superusers' reports, the page chooser's views asked for another institution's page
    by its id (its title would show, even a draft's), and a move's confirmation. While it
    answers, ``requesting_user`` names the user, for the rich text editor's page links."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = requesting_user.set(request.user)
        try:
            return self.get_response(request)
        finally:
            requesting_user.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None  # the admin's views send them to sign in
        view_name = request.resolver_match.view_name
        if view_name in SUPERUSER_REPORT_VIEWS and not request.user.is_superuser:
            return permission_denied(request)
        if view_name == CHOOSER_BROWSE_VIEW:
            check_pages_are_own(request.user, [view_kwargs["parent_page_id"]], or_root=True)
        elif view_name == CHOOSER_CHOSEN_VIEW:
            check_pages_are_own(request.user, request.GET.getlist("id"))
        elif view_name == MOVE_CONFIRM_VIEW and not may_move(request.user, **view_kwargs):
            return permission_denied(request)
        return None


def may_move(user, page_to_move_id, destination_id) -> bool:
    pages = Page.objects.in_bulk([page_to_move_id, destination_id])
    if len(pages) < len({page_to_move_id, destination_id}):
        return False
    tester = pages[page_to_move_id].permissions_for_user(user)
    return tester.can_move() and tester.can_move_to(pages[destination_id])


def check_pages_are_own(user, page_ids, or_root=False):
    """Not found unless every page is of the user's institutions (or, `or_root`, the tree's
    root, which the chooser opens to offer the home page of each of the user's institutions)."""
    try:
        ids = {int(page_id) for page_id in page_ids}
    except ValueError:
        raise Http404 from None
    pages = Page.objects.filter(pk__in=ids)
    allowed = own_pages(pages, user)
    if or_root:
        allowed |= pages.filter(depth=1)
    if allowed.count() < len(ids):
        raise Http404


class ChoosableOnly:
    """An admin API endpoint of photos or documents listing only those the user may choose, as
    Wagtail's choosers do (its API lists every collection's)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class OwnImagesAPIViewSet(ChoosableOnly, ImagesAdminAPIViewSet):
    pass


class OwnDocumentsAPIViewSet(ChoosableOnly, DocumentsAdminAPIViewSet):
    pass


def register_own_api_endpoints(router):
    """Replace the admin API's photos and documents endpoints (Wagtail's own hooks register
    them; this one runs after them)."""
    router.register_endpoint("images", OwnImagesAPIViewSet)
    router.register_endpoint("documents", OwnDocumentsAPIViewSet)
