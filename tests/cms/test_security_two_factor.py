"""Two-step sign-in with an authenticator app (TOTP, cms/security/), driven like a person would:
the password, the secret read off the set-up page into a "phone" (the RFC 6238 computation
below), and the code that phone shows."""

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wagtail.users.models import UserProfile

PASSWORD = "a-long-enough-password"
SETUP_URL = "/admin/two-step/setup/"
VERIFY_URL = "/admin/two-step/"


class Phone:
    """An authenticator app: the secret it was given and the code it shows at a time."""

    def __init__(self, secret: str):
        self.key = base64.b32decode(secret.replace(" ", ""))

    def code(self, seconds_from_now: float = 0) -> str:
        step = int((time.time() + seconds_from_now) // 30)
        digest = hmac.new(self.key, struct.pack(">Q", step), hashlib.sha1).digest()
        offset = digest[-1] & 0x0F
        number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
        return f"{number % 1_000_000:06d}"


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user):
    return client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )


def set_up_phone(client) -> Phone:
    page = client.get(SETUP_URL).content.decode()
    phone = Phone(re.search(r"<code data-totp-secret>([A-Z2-7 ]+)</code>", page)[1])
    response = client.post(SETUP_URL, {"code": phone.code()}, follow=True)
    assert "Two-step sign-in is on" in response.content.decode()
    return phone


def landing_path(response):
    return response.redirect_chain[-1][0].split("?")[0] if response.redirect_chain else None


@pytest.fixture
def required_for_officers_and_head(settings):
    settings.ETALASE_REQUIRE_2FA_ROLES = ["Officer", "Head"]


REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production_required_roles():
    """ETALASE_REQUIRE_2FA_ROLES as production settings set it when a deployment leaves it out
    (read in a process of its own: production settings change lists shared with these)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ETALASE_"))},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "k3V9-production-like-secret-for-the-two-step-test-4f8a9b2c7d1e",
        "DJANGO_ALLOWED_HOSTS": "admin.lapas.example",
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.ETALASE_REQUIRE_2FA_ROLES))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("role", ["officer", "head", "superuser"])
def test_production_settings_require_it_of_officers_heads_and_superusers(
    client, request, django_user_model, settings, production_required_roles, role
):
    settings.ETALASE_REQUIRE_2FA_ROLES = production_required_roles
    if role == "superuser":
        user = django_user_model.objects.create_superuser("setup", "setup@example.test", "x")
    else:
        user = request.getfixturevalue(role)

    response = sign_in(client, in_english(user))

    assert landing_path(response) == SETUP_URL
    assert landing_path(client.get("/admin/pages/", follow=True)) == SETUP_URL


def test_production_settings_leave_it_to_managers_and_clerks(
    client, manager, clerk, settings, production_required_roles
):
    settings.ETALASE_REQUIRE_2FA_ROLES = production_required_roles

    for user in (manager, clerk):
        assert landing_path(sign_in(client, in_english(user))) == "/admin/"
        client.logout()


def test_a_required_role_sets_up_the_app_then_signs_in_with_its_code(
    client, officer, required_for_officers_and_head
):
    in_english(officer)

    # Before setting up, every page of the admin leads to the set-up page.
    response = sign_in(client, officer)
    assert landing_path(response) == SETUP_URL
    assert "Your role requires two-step sign-in" in response.content.decode()
    assert landing_path(client.get("/admin/pages/", follow=True)) == SETUP_URL
    phone = set_up_phone(client)
    assert client.get("/admin/").status_code == 200

    client.logout()
    response = sign_in(client, officer)

    # The password alone opens nothing: the code is asked for first.
    assert landing_path(response) == VERIFY_URL
    assert landing_path(client.get("/admin/pages/", follow=True)) == VERIFY_URL
    # The page asking for the code has its icons and translations.
    assert client.get("/admin/sprite/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    # The code used to set the phone up cannot be used again; the next one can.
    right = client.post(VERIFY_URL, {"code": phone.code(30), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_others_are_not_asked_until_they_choose_it(client, manager, required_for_officers_and_head):
    in_english(manager)

    assert landing_path(sign_in(client, manager)) == "/admin/"
    account = client.get("/admin/account/").content.decode()
    assert "Two-step sign-in" in account
    set_up_phone(client)
    client.logout()

    assert landing_path(sign_in(client, manager)) == VERIFY_URL


def test_a_stolen_password_cannot_replace_the_phone(client, manager):
    in_english(manager)
    sign_in(client, manager)
    set_up_phone(client)
    client.logout()
    sign_in(client, manager)

    response = client.get(SETUP_URL, follow=True)

    assert landing_path(response) == VERIFY_URL
    assert "data-totp-secret" not in response.content.decode()
    # Whoever it is can still leave.
    assert 'action="/admin/logout/" method="post"' in response.content.decode()
    assert landing_path(client.post("/admin/logout/", follow=True)) == "/admin/login/"
    assert landing_path(client.get("/admin/", follow=True)) == "/admin/login/"


def test_after_a_wrong_code_the_next_try_must_wait(client, manager, settings):
    # Seconds to wait after the first wrong code (1 by default): long enough for a slow machine.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    in_english(manager)
    sign_in(client, manager)
    phone = set_up_phone(client)
    client.logout()
    sign_in(client, manager)

    wrong = client.post(VERIFY_URL, {"code": "000000"})
    assert "This code is not right" in wrong.content.decode()
    response = client.post(VERIFY_URL, {"code": phone.code(30)})

    assert "Too many wrong codes in a row" in response.content.decode()
    assert landing_path(client.get("/admin/", follow=True)) == VERIFY_URL


def test_turning_it_off_is_refused_to_a_required_role(
    client, head, manager, required_for_officers_and_head
):
    for user in (head, manager):
        in_english(user)
        sign_in(client, user)
        set_up_phone(client)

        response = client.post(SETUP_URL, {"turn_off": "1"}, follow=True).content.decode()

        if user == head:
            assert "Your role requires two-step sign-in; it cannot be turned off." in response
            assert "Two-step sign-in is on" in response
        else:
            assert "Two-step sign-in is off." in response
        client.logout()

    assert landing_path(sign_in(client, head)) == VERIFY_URL
    client.logout()
    assert landing_path(sign_in(client, manager)) == "/admin/"


def test_a_superuser_must_set_it_up_whenever_any_role_must(
    client, django_user_model, required_for_officers_and_head
):
    superuser = in_english(
        django_user_model.objects.create_superuser("setup", "setup@example.test", PASSWORD)
    )

    response = sign_in(client, superuser)

    assert landing_path(response) == SETUP_URL
    assert landing_path(client.get("/admin/pages/", follow=True)) == SETUP_URL
    set_up_phone(client)
    response = client.post(SETUP_URL, {"turn_off": "1"}, follow=True).content.decode()
    assert "Your role requires two-step sign-in; it cannot be turned off." in response
    client.logout()
    assert landing_path(sign_in(client, superuser)) == VERIFY_URL


def test_a_superuser_is_not_asked_when_no_role_must(client, django_user_model):
    superuser = in_english(
        django_user_model.objects.create_superuser("setup", "setup@example.test", PASSWORD)
    )

    assert landing_path(sign_in(client, superuser)) == "/admin/"
