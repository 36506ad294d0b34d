"""Admin registrations of the cms app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.labels import label_sheet
from cms.models import Category, ProtectedName


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_order = 200
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


@hooks.register("register_admin_urls")
def register_label_urls():
    return [path("labels/", label_sheet, name="cms_labels")]


@hooks.register("register_admin_menu_item")
def register_labels_menu_item():
    return MenuItem(_("Product labels"), reverse("cms_labels"), icon_name="doc-full", order=900)


@hooks.register("register_log_actions")
def register_privacy_log_action(actions):
    actions.register_action(
        "etalase.privacy_approved",
        _("Approved after checking privacy warnings"),
        _("Approved after checking privacy warnings"),
    )


class ProtectedNameViewSet(ModelViewSet):
    """The private list of names pages are checked for; officers and the head keep it."""

    model = ProtectedName
    icon = "warning"
    menu_label = _("Protected names")
    add_to_settings_menu = True
    form_fields = ["name"]
    list_display = ["name", "added_at"]
    search_fields = ["name"]


@hooks.register("register_admin_viewset")
def register_protected_names():
    return ProtectedNameViewSet("protected_names")


# The activity record (cms/activity.py): under Reports, for officers and the head. Its names
# are imported inside the hooks, so that the block stands alone at the end of this file.


@hooks.register("register_admin_urls")
def register_activity_urls():
    from cms.activity import ActivityView

    return [
        path("reports/activity/", ActivityView.as_view(), name="cms_activity"),
        path(
            "reports/activity/results/",
            ActivityView.as_view(results_only=True),
            name="cms_activity_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    from cms.activity import ActivityMenuItem

    return ActivityMenuItem(
        _("Activity record"),
        reverse("cms_activity"),
        name="activity-record",
        icon_name="history",
        order=1010,
    )
