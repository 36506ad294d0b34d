"""Sign out a session left unused for ETALASE_SESSION_IDLE_MINUTES, on a shared office computer
as on a lost phone. The time of the last request is kept in the session; requests the admin
makes by itself (the page editor's "who else is editing" ping) do not count as activity."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import ngettext

LAST_ACTIVITY_KEY = "etalase_last_activity"
# The session is saved at most once a minute for the activity alone.
RECORD_EVERY_SECONDS = 60
BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}


def now() -> float:
    return time.time()


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        current = now()
        last_activity = request.session.get(LAST_ACTIVITY_KEY)
        if last_activity is not None and current - last_activity > idle_seconds():
            return self._sign_out(request)
        if _is_background(request):
            return None
        if last_activity is None or current - last_activity >= RECORD_EVERY_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = current
        return None

    def _sign_out(self, request):
        logout(request)
        minutes = settings.ETALASE_SESSION_IDLE_MINUTES
        messages.info(
            request,
            ngettext(
                "You were signed out after %(minutes)d minute without activity. "
                "Sign in again to continue.",
                "You were signed out after %(minutes)d minutes without activity. "
                "Sign in again to continue.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))


def idle_seconds() -> int:
    return settings.ETALASE_SESSION_IDLE_MINUTES * 60


def _is_background(request) -> bool:
    match = request.resolver_match
    return match is not None and bool(BACKGROUND_NAMESPACES & set(match.namespaces))
