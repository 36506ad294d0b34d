"""Admin registrations of the oversight app: the catalog's health, the activity record and the
accountability report, under Reports; the health also on the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from institutions.scopes import site_of
from oversight.accountability import REPORT_PERMISSION, accountability_report_view
from oversight.activity import ACTIVITY_PERMISSION, ActivityView
from oversight.health import HEALTH_PERMISSION, CatalogHealthPanel, catalog_health_view


class PermissionMenuItem(MenuItem):
    """A menu item shown only to the users who hold `permission`."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_oversight_urls():
    return [
        path("reports/catalog-health/", catalog_health_view, name="oversight_catalog_health"),
        path("reports/activity/", ActivityView.as_view(), name="oversight_activity"),
        path(
            "reports/activity/results/",
            ActivityView.as_view(results_only=True),
            name="oversight_activity_results",
        ),
        path(
            "reports/accountability/",
            accountability_report_view,
            name="oversight_accountability_report",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_catalog_health_menu_item():
    return PermissionMenuItem(
        _("Catalog health"),
        reverse("oversight_catalog_health"),
        icon_name="warning",
        order=50,
        permission=HEALTH_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_accountability_report_menu_item():
    return PermissionMenuItem(
        _("Accountability report"),
        reverse("oversight_accountability_report"),
        icon_name="doc-full",
        order=60,
        permission=REPORT_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    return PermissionMenuItem(
        _("Activity record"),
        reverse("oversight_activity"),
        name="activity-record",
        icon_name="history",
        order=1010,
        permission=ACTIVITY_PERMISSION,
    )


@hooks.register("construct_homepage_panels")
def add_catalog_health_panel(request, panels):
    site = site_of(request.user)  # none without an institution: no catalog of theirs to show
    if site is not None and request.user.has_perm(HEALTH_PERMISSION):
        panels.append(CatalogHealthPanel(site, request.user))
