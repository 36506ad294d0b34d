"""Admin views of the static site: the history of bakes and publications, and "Publish now"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from cms.institutions import OwnInstitutionIndex, OwnInstitutionObject, site_of, sites_of
from sitegen.models import Build, Deployment
from sitegen.tasks import update_public_site

PUBLISH_PERMISSION = "sitegen.publish_site"


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


class StaticSiteViewSetGroup(ModelViewSetGroup):
    menu_label = _("Static site")
    menu_icon = "globe"
    menu_order = 300
    items = [DeploymentViewSet, BuildViewSet]


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
