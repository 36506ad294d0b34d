"""Passwords of admin users are at least 10 characters long."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.users.models import UserProfile


def test_a_short_password_is_refused_when_an_administrator_creates_a_user(
    client, django_user_model
):
    admin = django_user_model.objects.create_superuser("setup", "setup@example.test", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    new_user = {
        "username": "clerk2",
        "email": "clerk2@example.test",
        "first_name": "Sari",
        "last_name": "Dewi",
    }

    short = client.post(
        reverse("wagtailusers_users:add"),
        {**new_user, "password1": "Kd8#pq2Lm", "password2": "Kd8#pq2Lm"},
    )

    assert "This password is too short. It must contain at least 10 characters." in short.text
    assert not get_user_model().objects.filter(username="clerk2").exists()

    long_enough = client.post(
        reverse("wagtailusers_users:add"),
        {**new_user, "password1": "Kd8#pq2Lmz", "password2": "Kd8#pq2Lmz"},
    )

    assert long_enough.status_code == 302
    assert get_user_model().objects.filter(username="clerk2").exists()
