"""``/healthz``: is this process able to serve? For the image's HEALTHCHECK and load balancers.

It answers 200 "ok" when the database answers and 503 otherwise, and says nothing more: no
versions, hosts or error messages for whoever can reach it (the reason goes to the log).
"""

import logging

from django.db import connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # whatever the failure, the answer is the same "unavailable"
        logger.warning("Health check: the database does not answer", exc_info=True)
        return _plain("unavailable", status=503)
    return _plain("ok", status=200)


def _plain(text, status):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect: a probe from inside the
    container (http://127.0.0.1:8000/healthz) has neither an allowed Host nor the proxy's
    X-Forwarded-Proto, and must not be sent to https:// or refused as a bad host."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
