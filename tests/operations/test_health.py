"""/healthz: 200 "ok" while the database answers, 503 otherwise, and never a detail."""

import pytest

from django.db import OperationalError

from operations import healthz


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError('connection to server at "db.internal" (10.0.0.5) failed')


@pytest.mark.django_db
def test_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_unavailable_without_details_when_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(healthz, "connection", UnreachableDatabase())

    response = client.get("/healthz")

    assert (response.status_code, response.content) == (503, b"unavailable")


@pytest.mark.django_db
def test_answered_to_a_probe_inside_the_container(client, settings):
    """Plain HTTP to 127.0.0.1, as the image's HEALTHCHECK asks, with production's host list and
    HTTPS redirect: the probe is answered, the rest of the admin still refuses such requests."""
    settings.ALLOWED_HOSTS = ["admin.lapas.example"]
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/admin/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400
