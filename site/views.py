"""Admin views of the static site: whether the public site matches the approved state, the
history of bakes and publications, and "Publish now"."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from institutions.scopes import OwnInstitutionIndex, OwnInstitutionObject, site_of, sites_of
from sitegen.manifest import Manifest
from sitegen.models import Build, Deployment, Status
from sitegen.pages import public_pages
from sitegen.shared_state import shared_entries, shared_manifest
from sitegen.sites import publish_target, site_label
from sitegen.tasks import update_public_site

PUBLISH_PERMISSION = "sitegen.publish_site"
# Who reads the publications' history may read the public site's status too.
STATUS_PERMISSION = "sitegen.view_deployment"


class HistoryPermissionPolicy(ModelPermissionPolicy):
    """The records are history: they can be read, never added, edited or deleted by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class HistoryIndexView(OwnInstitutionIndex, IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        # One institution needs no site column; several do, to tell their records apart.
        if Site.objects.count() > 1:
            columns.insert(1, self._get_custom_column("site"))
        return columns


class HistoryInspectView(OwnInstitutionObject, InspectView):
    pass


class DeploymentIndexView(HistoryIndexView):
    @cached_property
    def header_buttons(self):
        if not self.request.user.has_perm(PUBLISH_PERMISSION):
            return []
        return [
            HeaderButton(
                _("Publish site now"), url=reverse("sitegen_publish_now"), icon_name="upload"
            )
        ]


class HistoryViewSet(ModelViewSet):
    index_view_class = HistoryIndexView
    inspect_view_class = HistoryInspectView
    inspect_view_enabled = True
    list_filter = ["status"]
    common_columns = ["started_at", "trigger", "triggered_by", "status", "duration"]
    # The add and edit views exist but HistoryPermissionPolicy refuses them to everyone.
    exclude_form_fields = []


class DeploymentViewSet(HistoryViewSet):
    model = Deployment
    icon = "upload"
    url_prefix = "static-site/publications"
    url_namespace = "sitegen_deployment"
    index_view_class = DeploymentIndexView
    list_display = [
        *HistoryViewSet.common_columns,
        "target",
        "files_uploaded",
        "files_deleted",
        "error",
    ]
    list_export = ["site", *list_display, "bytes_uploaded"]


class BuildViewSet(HistoryViewSet):
    model = Build
    icon = "cogs"
    url_prefix = "static-site/bakes"
    url_namespace = "sitegen_build"
    list_display = [
        *HistoryViewSet.common_columns,
        "full",
        "pages_rendered",
        "files_written",
        "error",
    ]
    list_export = ["site", *list_display, "files_deleted"]


@dataclass
class PublicSiteStatus:
    """How far a site's public copy is behind what its officers approved, read from the bake's
    state, the build's manifest and the target's manifest (no listing of the target)."""

    label: str
    pages_not_baked: list[str] = field(default_factory=list)  # URLs approved, not yet baked
    pages_not_removed: list[str] = field(default_factory=list)  # URLs baked, no longer public
    files_not_published: int = 0  # files of the build the target's manifest does not describe
    files_pending: int = 0  # files an interrupted publish may have left half done
    target_problem: str = ""
    failed_bake: Build | None = None
    failed_publish: Deployment | None = None

    @property
    def matches(self) -> bool:
        return not (
            self.pages_not_baked
            or self.pages_not_removed
            or self.files_not_published
            or self.files_pending
            or self.target_problem
            or self.failed_bake
            or self.failed_publish
        )


def public_site_status(site: Site) -> PublicSiteStatus:
    """Read from the shared state of the site's latest bake, whichever worker made it: the
    admin needs no build folder."""
    status = PublicSiteStatus(label=site_label(site))
    # Never baked: no entries, every page is behind.
    _compare_pages_with_bake(status, site, shared_entries(site, "pages"))
    _compare_build_with_target(status, site, shared_manifest(site))
    # A failure is news only until a later run of the same kind succeeds.
    for model, attribute in ((Build, "failed_bake"), (Deployment, "failed_publish")):
        last = model.objects.filter(site=site).first()
        if last is not None and last.status == Status.FAILED:
            setattr(status, attribute, last)
    return status


def _compare_pages_with_bake(status: PublicSiteStatus, site: Site, baked: dict) -> None:
    public = public_pages(site)
    status.pages_not_baked = sorted(
        page.url
        for page_id, page in public.items()
        if baked.get(str(page_id), {}).get("revision") != page.revision
    )
    status.pages_not_removed = sorted(
        entry["url"] for page_id, entry in baked.items() if int(page_id) not in public
    )


def _compare_build_with_target(status: PublicSiteStatus, site: Site, build: Manifest) -> None:
    try:
        published = publish_target(site).read_manifest()
    except Exception as error:  # shown to the officer: the setting or endpoint to check
        status.target_problem = str(error)
        return
    if published is None:  # never published (not `or`: an interrupted first publish is empty)
        published = Manifest()
    differing = {path for path, entry in build.items() if published.get(path) != entry}
    status.files_not_published = len(differing | (set(published) - set(build)))
    status.files_pending = len(published.pending)


class PublicSiteStatusView(TemplateView):
    """Officers see at a glance whether the public site shows what they approved."""

    template_name = "sitegen/status.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(STATUS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sites = sites_of(self.request.user).order_by("hostname")
        statuses = [public_site_status(site) for site in sites]
        return super().get_context_data(statuses=statuses, **kwargs)


class PublicSiteStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(STATUS_PERMISSION)


class PublicSiteStatusViewSet(ViewSet):
    name = "sitegen_status"
    icon = "view"
    menu_label = _("Public site status")
    url_prefix = "static-site/status"
    menu_item_class = PublicSiteStatusMenuItem

    def get_urlpatterns(self):
        return [path("", PublicSiteStatusView.as_view(), name="index")]


class StaticSiteViewSetGroup(ModelViewSetGroup):
    menu_label = _("Static site")
    menu_icon = "globe"
    menu_order = 300
    items = [PublicSiteStatusViewSet, DeploymentViewSet, BuildViewSet]


class PublishNowView(TemplateView):
    """Officers bring the public site up to date at once, e.g. after a failed publish."""

    template_name = "sitegen/publish_now.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sites = list(sites_of(self.request.user).order_by("hostname"))
        return super().get_context_data(sites=sites if len(sites) > 1 else [], **kwargs)

    def post(self, request):
        """The site chosen, or the officer's own; never another institution's."""
        chosen = request.POST.get("site", "")
        mine = sites_of(request.user)
        site = mine.filter(pk=chosen).first() if chosen.isdigit() else site_of(request.user)
        if site is None:
            raise PermissionDenied
        update_public_site.enqueue(
            trigger=str(_("Publish site now (admin)")),
            user_id=request.user.pk,
            full=True,
            site_id=site.pk,
        )
        messages.success(
            request, _("The site is being baked and published. The list shows the result.")
        )
        return redirect("sitegen_deployment:index")
