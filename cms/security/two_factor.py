"""Two-step sign-in: after the password, a code from an authenticator app (TOTP, django-otp).

A user who has set up an app is asked for its code after every password sign-in, before any
other page of the admin (or a preview) opens. Holders of the roles in ETALASE_REQUIRE_2FA_ROLES
(at any institution), and superusers whenever that setting names any role, who have not set one
up yet are sent to set it up first.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

# Views a user who owes the second step may still open: the step itself and the way out. Setting
# up an app is open only to those who have none yet: otherwise a stolen password would be enough
# to replace the owner's phone.
OPEN_VIEWS = {
    "etalase_two_factor_verify",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    # What the pages of the two steps load: the admin's translations and icons.
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def must_use_two_factor(user) -> bool:
    """Whether the user's roles, at any institution, oblige them to sign in with an
    authenticator app. A superuser can do everything every role can, so the obligation of any
    role is theirs too."""
    required = settings.ETALASE_REQUIRE_2FA_ROLES
    if not required:
        return False
    return user.is_superuser or user.groups.filter(institution_group__role__in=required).exists()


class TwoFactorMiddleware:
    """Send a signed-in user who still owes the second step to the page that asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = request.resolver_match.url_name
        if view_name in OPEN_VIEWS:
            return None
        if confirmed_device(user) is not None:
            return redirect_to_login(request.get_full_path(), reverse("etalase_two_factor_verify"))
        if view_name != "etalase_two_factor_setup" and must_use_two_factor(user):
            return redirect_to_login(request.get_full_path(), reverse("etalase_two_factor_setup"))
        return None
