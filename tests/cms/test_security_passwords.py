"""Passwords of admin users are at least 10 characters long, not common, not all digits and not
like the user's own name."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.users.models import UserProfile

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
        {**NEW_USER, "password1": "Kd8#pq2Lm", "password2": "Kd8#pq2Lm"},
    )

    assert "This password is too short. It must contain at least 10 characters." in short.text
    assert not get_user_model().objects.filter(username="clerk2").exists()

    long_enough = client.post(
        reverse("wagtailusers_users:add"),
        {**NEW_USER, "password1": "Kd8#pq2Lmz", "password2": "Kd8#pq2Lmz"},
    )

    assert long_enough.status_code == 302
    assert get_user_model().objects.filter(username="clerk2").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "This password is too common."),
        ("4827391056", "This password is entirely numeric."),
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
