"""Admin registrations of the reach app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from institutions.scopes import site_of
from reach.funnel import may_read
from reach.views.funnel import FunnelView

# What sells: the funnel report, under Reports, for the head and the managers.


class FunnelMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read(request.user, site_of(request.user))


@hooks.register("register_admin_urls")
def register_funnel_url():
    return [path("reach/what-sells/", FunnelView.as_view(), name="reach_funnel")]


@hooks.register("register_reports_menu_item")
def register_funnel_menu_item():
    return FunnelMenuItem(_("What sells"), reverse("reach_funnel"), icon_name="table", order=70)
