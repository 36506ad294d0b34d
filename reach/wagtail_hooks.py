"""Admin registrations of the reach app: the share kits, and the funnel report under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reach.funnel import FUNNEL_PERMISSION
from reach.views import share_kit
from reach.views.funnel import FunnelView


# Share kits (reach/views/share_kit.py).
@hooks.register("register_admin_urls")
def register_share_kit_urls():
    return [
        path("share-kit/<int:page_id>/", share_kit.share_kit, name="reach_share_kit"),
        path(
            "share-kit/<int:page_id>/<str:layout>.jpg",
            share_kit.share_kit_image,
            name="reach_share_kit_image",
        ),
    ]


@hooks.register("register_page_header_buttons")
def share_kit_header_button(page, user, view_name, next_url=None):
    yield share_kit.ShareKitButton(page=page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def share_kit_listing_button(page, user, next_url=None):
    yield share_kit.ShareKitButton(page=page, priority=7)


# What sells: the funnel report, under Reports, for the head and the managers.


class FunnelMenuItem(MenuItem):
    def is_shown(self, request):
        # The report's view also needs an institution; the permission is read once per request.
        return request.user.has_perm(FUNNEL_PERMISSION)


@hooks.register("register_admin_urls")
def register_funnel_url():
    return [path("reach/what-sells/", FunnelView.as_view(), name="reach_funnel")]


@hooks.register("register_reports_menu_item")
def register_funnel_menu_item():
    return FunnelMenuItem(_("What sells"), reverse("reach_funnel"), icon_name="table", order=70)
