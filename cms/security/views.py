"""The second sign-in step and the page where a user sets up their authenticator app."""

import base64

import django_otp
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.security.forms import CodeForm
from cms.security.two_factor import confirmed_device, must_use_two_factor


@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the app's code after the password; on success, go where the user was going."""
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_page(request))
    form = CodeForm(request.POST or None, device=device)
    if form.is_valid():
        django_otp.login(request, device)
        return redirect(_next_page(request))
    return render(request, "security/verify.html", {"form": form, "next": _next_page(request)})


@require_http_methods(["GET", "POST"])
def setup(request):
    """Turn two-step sign-in on (scan the QR code, type a code to prove it works), set up a new
    phone, or turn it off when no group requires it."""
    user = request.user
    if not user.is_verified() and confirmed_device(user) is not None:
        return redirect("etalase_two_factor_verify")  # the middleware does too; never rely on one
    if request.method == "POST" and "turn_off" in request.POST:
        return _turn_off(request)
    new_device = _unconfirmed_device(user)
    form = CodeForm(request.POST or None, device=new_device)
    if form.is_valid():
        new_device.confirmed = True
        new_device.save(update_fields=["confirmed"])
        # One app per user: the new phone replaces the old one.
        TOTPDevice.objects.filter(user=user).exclude(pk=new_device.pk).delete()
        django_otp.login(request, new_device)
        messages.success(request, _("Two-step sign-in is on. Keep your phone with you."))
        return redirect(_next_page(request, default=reverse("wagtailadmin_account")))
    context = {
        "form": form,
        "next": request.GET.get("next", ""),
        "current_device": confirmed_device(user),
        "required": must_use_two_factor(user),
        "qr_code": segno.make(new_device.config_url, error="m").svg_inline(scale=4),
        "secret": _grouped(base64.b32encode(new_device.bin_key).decode()),
    }
    return render(request, "security/setup.html", context)


def _turn_off(request):
    if must_use_two_factor(request.user):
        messages.error(request, _("Your role requires two-step sign-in; it cannot be turned off."))
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("etalase_two_factor_setup")


def _unconfirmed_device(user) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so a reload keeps the QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def _grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def _next_page(request, default=None) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default or reverse("wagtailadmin_home")
