"""An admin session left unused for ETALASE_SESSION_IDLE_MINUTES (30) is signed out."""

import pytest

from django.urls import reverse

from cms.security import sessions


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved forward by hand: ``clock.minutes = 31``."""

    class Clock:
        start = sessions.now()
        minutes = 0

    monkeypatch.setattr(sessions, "now", lambda: Clock.start + Clock.minutes * 60)
    return Clock


def test_an_idle_session_is_signed_out(client, officer, clock):
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200

    clock.minutes = 31
    response = client.get("/admin/pages/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/login/?next=/admin/pages/"
    assert "Anda dikeluarkan setelah 30 menit tanpa aktivitas" in response.content.decode()
    clock.minutes = 32
    assert client.get("/admin/").status_code == 302


def test_activity_keeps_the_session(client, officer, clock):
    client.force_login(officer)
    for minutes in (0, 25, 50, 75):
        clock.minutes = minutes
        assert client.get("/admin/").status_code == 200


def test_the_editors_background_ping_is_not_activity(client, officer, clock, home):
    client.force_login(officer)
    client.get("/admin/")
    ping = reverse("wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", home.pk, 0))

    clock.minutes = 20
    client.post(ping)
    clock.minutes = 31

    assert client.get("/admin/").status_code == 302


def test_the_idle_time_is_a_setting(client, officer, clock, settings):
    settings.ETALASE_SESSION_IDLE_MINUTES = 5
    client.force_login(officer)
    client.get("/admin/")

    clock.minutes = 6

    assert client.get("/admin/").status_code == 302
