"""Throttling of password guessing with django-axes: its authentication back end, how it sees a
visitor, and what it answers once their sign-in is locked."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import ngettext

from wagtail.admin.views.account import get_user_login_form


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' gate in front of the password check, for sign-ins over HTTP.

    A password checked without a request (a script, Django's test client) has no visitor to
    count; axes would refuse it with an exception, so it is left to the next back end."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The visitor's address: the connection's, or behind ETALASE_TRUSTED_PROXIES proxies, the
    one the outermost proxy saw (each proxy appends the address it received from, so the entries
    before that one could be written by the visitor and are not trusted)."""
    proxies = settings.ETALASE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if proxies and len(addresses) >= proxies:
        return addresses[-proxies]
    return request.META.get("REMOTE_ADDR")


def forgive_own_failures(sender, request, user, **kwargs):
    """On a successful sign-in, forget the failed passwords typed for this username from this
    address: the person who just proved they know the password made them.

    Only those. django-axes' own reset (AXES_RESET_ON_SUCCESS) also forgets every failure from
    the address, whatever username it was for, so anyone with one valid account could guess a
    colleague's password without end, signing in as themselves between rounds. Colleagues behind
    one office address still do not lock one another out with typos each follows with a
    successful sign-in; failures nobody redeems (guesses at other usernames) keep counting
    against the address.
    """
    address = client_ip(request) if request is not None else None
    if address is None:  # a sign-in without a visitor (a script): axes counted nothing
        return
    # Both given: the rows of this username *and* this address (axes ANDs them).
    AxesProxyHandler.reset_attempts(ip_address=address, username=user.get_username())


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minute "
        "after the last attempt; try again later or ask an administrator.",
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minutes "
        "after the last attempt; try again later or ask an administrator.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, with the lockout explained instead of "wrong password"."""
    messages.error(request, lockout_message())
    context = {"form": get_user_login_form()(request), "next": request.POST.get("next", "")}
    return render(request, "wagtailadmin/login.html", context, status=429)
