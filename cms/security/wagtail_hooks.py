from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from cms.security import views
from cms.security.two_factor import confirmed_device


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-step/", views.verify, name="etalase_two_factor_verify"),
        path("two-step/setup/", views.setup, name="etalase_two_factor_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    enabled = confirmed_device(request.user) is not None
    return {
        "url": reverse("etalase_two_factor_setup"),
        "label": _("Two-step sign-in"),
        "help_text": _("On: each sign-in asks for a code from your phone.")
        if enabled
        else _("Off: ask for a code from an app on your phone after the password."),
    }
