"""Admin registrations of the static site: its history and the "Publish site now" action."""

from django.urls import path

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from sitegen.models import Build, Deployment
from sitegen.views import HistoryPermissionPolicy, PublishNowView, StaticSiteViewSetGroup

register_permission_policy(Build, HistoryPermissionPolicy(Build))
register_permission_policy(Deployment, HistoryPermissionPolicy(Deployment))


@hooks.register("register_admin_viewset")
def register_static_site_history():
    return StaticSiteViewSetGroup()


@hooks.register("register_admin_urls")
def register_publish_now_url():
    return [path("static-site/publish/", PublishNowView.as_view(), name="sitegen_publish_now")]
