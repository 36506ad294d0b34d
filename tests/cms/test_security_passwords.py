"""Passwords of admin users are at least 12 characters long, not common (in English or
Indonesian, with digits added or not), not all digits, and contain neither the user's own name
nor an institution's (cms/security/passwords.py)."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.users.models import UserProfile

from cms.setup import create_institution

NEW_USER = {
    "username": "clerk2",
    "email": "clerk2@example.test",
    "first_name": "Sari",
    "last_name": "Dewi",
}


@pytest.fixture
def administrator(client, django_user_model):
    """A superuser signed in to the admin in English."""
    admin = django_user_model.objects.create_superuser("setup", "setup@example.test", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    return admin


def test_a_short_password_is_refused_when_an_administrator_creates_a_user(client, administrator):

    short = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "password1": "Kd8#pq2Lmzx", "password2": "Kd8#pq2Lmzx"},
    )

    assert "This password is too short. It must contain at least 12 characters." in short.text
    assert not get_user_model().objects.filter(username="clerk2").exists()

    long_enough = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "password1": "Kd8#pq2Lmzxy", "password2": "Kd8#pq2Lmzxy"},
    )

    assert long_enough.status_code == 302
    assert get_user_model().objects.filter(username="clerk2").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password1234", "This password is too common."),
        ("482739105612", "This password is entirely numeric."),
        ("clerk2@example.test", "The password is too similar to the email address."),
    ],
)
def test_a_guessable_password_is_refused(client, administrator, password, message):
    response = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "password1": password, "password2": password},
    )

    assert message in response.text
    assert not get_user_model().objects.filter(username="clerk2").exists()


COMMON_WORD = "The password is a common word with digits or signs added."


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("victim1", "victim1victim1", "The password may not contain the username."),
        ("sari.dewi", "Sari.Dewi.2026!", "The password may not contain the username."),
        ("clerk2", "Lapas12345", COMMON_WORD),
        ("clerk2", "Lapas12345678", COMMON_WORD),
        ("clerk2", "bismillah2026", COMMON_WORD),
        ("clerk2", "sayangsayang1", COMMON_WORD),
        ("clerk2", "!Rahasia2026!", COMMON_WORD),
        ("clerk2", "Indonesia1945", COMMON_WORD),
        ("clerk2", "Merdeka17081945", COMMON_WORD),
        ("clerk2", "Dragon2026!!", COMMON_WORD),
    ],
)
def test_a_weak_password_is_refused_for_a_new_user(
    client, administrator, username, password, message
):
    response = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "username": username, "password1": password, "password2": password},
    )

    assert message in response.text
    assert not get_user_model().objects.filter(username=username).exists()


def test_the_name_of_an_institution_is_refused(client, administrator):
    create_institution("Lapas Kelas IIA Nusakambangan", "nusakambangan.etalase.test")
    password = "Nusakambangan2026!"

    response = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "password1": password, "password2": password},
    )

    assert "The password may not contain the name of an institution." in response.text
    assert not get_user_model().objects.filter(username="clerk2").exists()


def change_own_password(client, user, new_password):
    """Submit the admin's account page as a member of staff does to change their password (the
    page's other settings sent back as they are)."""
    return client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Budi",
            "name_email-last_name": "Santoso",
            "name_email-email": user.email,
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": "x",
            "password-new_password1": new_password,
            "password-new_password2": new_password,
        },
    )


@pytest.mark.parametrize("password", ["officerofficer", "Lapas12345", "sayang123456"])
def test_a_weak_password_is_refused_when_staff_change_their_own(client, officer, password):
    client.force_login(officer)

    response = change_own_password(client, officer, password)

    officer.refresh_from_db()
    assert officer.check_password("x")
    # The admin speaks Indonesian to staff.
    assert "Kata sandi tidak boleh" in response.text


def test_a_strong_password_is_accepted_when_staff_change_their_own(client, officer):
    client.force_login(officer)

    change_own_password(client, officer, "kopi tubruk di pagi hari")

    officer.refresh_from_db()
    assert officer.check_password("kopi tubruk di pagi hari")
