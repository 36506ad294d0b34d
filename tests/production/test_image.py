"""The image's command line, run here without a container engine: the Dockerfile's CMD (gunicorn
with the production settings, after check_config) and its HEALTHCHECK, in this virtualenv, on a
throw-away SQLite database. The admin's sign-in page and its static files must be served, the
latter by WhiteNoise from what `collectstatic` put in ETALASE_STATIC_ROOT, as in the image."""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from django.db import connection

from tests.conftest import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
DOCKERFILE = REPOSITORY / "Dockerfile"
HOST = "admin.lapas.example"
PASSWORD = "a-long-enough-password"
BEHIND_THE_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}


def dockerfile_command(instruction: str) -> list[str]:
    """The exec form (JSON list) of CMD, or of HEALTHCHECK's CMD, with /app as this repository."""
    text = DOCKERFILE.read_text()
    pattern = rf"^{instruction}\b.*?CMD (\[.*\])$" if instruction != "CMD" else r"^CMD (\[.*\])$"
    command = json.loads(re.search(pattern, text, re.MULTILINE)[1])
    return [part.replace("/app/", f"{REPOSITORY}/", 1) for part in command]


def get(url, headers=None, method="GET", body=None):
    """(status, headers, body) of a request to http://host:port/path, following no redirect."""
    address, path = url.removeprefix("http://").split("/", 1)
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.request(method, f"/{path}", body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# The suite's test database must exist to be copied, even when this file runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The data folder, with a SQLite database to migrate: a copy of the suite's own migrated
    test database when that is SQLite (migrating afresh takes 40 s here), otherwise empty."""
    data = tmp_path_factory.mktemp("data")
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(data / "etalase.sqlite3") as copy:
                connection.connection.backup(copy)
    yield data
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def environment(data):
    """The environment `docker run` would pass, and the image's own (Dockerfile ENV)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environment = {
        **base,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "k3V9-production-like-secret-for-the-image-test-4f8a9b2c7d1e0f3",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{data}/etalase.sqlite3",
        "EMAIL_URL": "smtp+tls://etalase:secret@smtp.lapas.example:587",
        "ETALASE_FROM_EMAIL": "etalase@lapas.example",
        "ETALASE_ADMIN_BASE_URL": f"https://{HOST}",
        # The superuser signs in with the password alone: two-step sign-in, which production
        # requires of superusers by default, has tests of its own.
        "ETALASE_REQUIRE_2FA_ROLES": "",
        "ETALASE_VAR_DIR": str(data),
        "ETALASE_MEDIA_ROOT": str(data / "media"),
        "ETALASE_BUILD_DIR": str(data / "build"),
        "ETALASE_STATIC_ROOT": str(data / "static"),
        "ETALASE_BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": "2",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    # What the Dockerfile's RUN does at build time, and the deployment's `migrate`.
    commands = [
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["migrate", "--noinput"],
        ["createsuperuser", "--noinput", "--username", "setup", "--email", "setup@example.test"],
    ]
    for command in commands:  # `migrate` has nothing left to do on a copy
        manage(environment, *command)
    return environment


def manage(environment, *arguments) -> str:
    """Run a management command as the image would; its output, once it has succeeded."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "manage.py", *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def running(environment):
    """The image's CMD, running until the block ends; yields its base URL and the process."""
    server = subprocess.Popen(  # noqa: S603 - the Dockerfile's own command
        dockerfile_command("CMD"),
        cwd="/",
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{environment['ETALASE_BIND']}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if get(f"{url}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    if server.poll() is not None or time.monotonic() >= deadline:
        os.killpg(server.pid, signal.SIGTERM)
        pytest.fail(f"The image's command did not start:\n{server.communicate()[0].decode()}")
    try:
        yield url, server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def admin(environment):
    """The image's CMD, running; yields its base URL."""
    with running(environment) as (url, _server):
        yield url


def test_the_configuration_is_checked_before_gunicorn_starts(environment):
    broken = {**environment, "ETALASE_FROM_EMAIL": "etalase@localhost"}

    result = subprocess.run(  # noqa: S603 - the Dockerfile's own command
        dockerfile_command("CMD"), env=broken, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 1
    assert "PROBLEM e-mail: the sender etalase@localhost" in result.stdout
    assert "gunicorn" not in result.stdout + result.stderr.lower()


def test_missing_secrets_stop_the_start_with_one_line(environment):
    missing = {
        name: value
        for name, value in environment.items()
        if name not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")
    }

    result = subprocess.run(  # noqa: S603 - the Dockerfile's own command
        dockerfile_command("CMD"), env=missing, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 1
    assert result.stderr == (
        "PROBLEM settings: Set the DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS environment "
        "variables: production settings have no default (README, Configuration).\n"
    )
    assert "gunicorn" not in result.stdout.lower()


def test_a_publish_target_that_does_not_answer_does_not_stop_the_admin(environment):
    s3_down = {
        **environment,
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": "etalase-lapas",
        "ETALASE_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",  # nothing listens
        "AWS_ACCESS_KEY_ID": "AKIAETALASETEST00000",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "ETALASE_BIND": f"127.0.0.1:{free_port()}",
    }

    with running(s3_down) as (url, server):
        status, _headers, _body = get(f"{url}/admin/login/", BEHIND_THE_PROXY)
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()

    assert status == 200
    assert "WARNING publish target: Could not reach the S3 endpoint" in output
    assert "starting anyway" in output


def test_healthz_answers_and_the_healthcheck_passes(admin, environment):
    status, _headers, body = get(f"{admin}/healthz")
    healthcheck = subprocess.run(  # noqa: S603 - the Dockerfile's own command
        dockerfile_command("HEALTHCHECK"), env=environment, timeout=30
    )

    assert (status, body) == (200, b"ok")
    assert healthcheck.returncode == 0


def test_the_sign_in_page_and_its_static_files_are_served(admin):
    status, headers, body = get(f"{admin}/admin/login/", BEHIND_THE_PROXY)

    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', body.decode())
    # Names with a hash of the content: the manifest storage of collectstatic is in use.
    assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", css) for css in stylesheets)
    for stylesheet in stylesheets:
        status, headers, css = get(f"{admin}{stylesheet}", BEHIND_THE_PROXY)
        assert (status, headers.get_content_type()) == (200, "text/css")
        # WhiteNoise's answer for a file whose name holds its hash.
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert len(css) > 1000


def test_plain_http_is_sent_to_https(admin):
    status, headers, _body = get(f"{admin}/admin/login/", {"Host": HOST})

    assert status == 301
    assert headers["Location"] == f"https://{HOST}/admin/login/"


def sign_in(admin):
    """Sign in as the set-up user, as a browser does: (CSRF cookie, the answer's headers)."""
    _status, headers, body = get(f"{admin}/admin/login/", BEHIND_THE_PROXY)
    csrf_cookie = headers["Set-Cookie"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())[1]
    form = urllib.parse.urlencode({"username": "setup", "password": PASSWORD})
    signing_in = {
        **BEHIND_THE_PROXY,
        "Cookie": csrf_cookie.split(";")[0],
        "Origin": f"https://{HOST}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    status, headers, _body = get(f"{admin}/admin/login/", signing_in, "POST", form)
    assert status == 302
    return csrf_cookie, headers


def session_cookie(headers):
    return next(c for c in headers.get_all("Set-Cookie") if c.startswith("sessionid="))


def test_cookies_are_for_https_only(admin):
    csrf_cookie, headers = sign_in(admin)

    assert "; Secure" in csrf_cookie
    assert "; Secure" in session_cookie(headers) and "; HttpOnly" in session_cookie(headers)


@pytest.fixture(scope="module")
def rendition_url(environment):
    """The address of a rendition of a photo uploaded to the data folder's media."""
    upload = (
        "from io import BytesIO; from PIL import Image; "
        "from django.core.files.images import ImageFile; from cms.models import Photo; "
        "buffer = BytesIO(); Image.new('RGB', (64, 48), '#2c3e73').save(buffer, 'JPEG'); "
        "photo = Photo.objects.create(title='Kemeja', file=ImageFile(buffer, name='kemeja.jpg')); "
        "print(photo.get_rendition('fill-32x32|format-webp').url)"
    )
    return manage(environment, "shell", "-c", upload).strip().splitlines()[-1]


def test_photos_are_served_to_signed_in_users_only(admin, rendition_url):
    _csrf_cookie, headers = sign_in(admin)
    signed_in = {**BEHIND_THE_PROXY, "Cookie": session_cookie(headers).split(";")[0]}

    status, headers, body = get(f"{admin}{rendition_url}", signed_in)
    anonymous_status, anonymous_headers, anonymous_body = get(
        f"{admin}{rendition_url}", BEHIND_THE_PROXY
    )

    assert rendition_url.startswith("/media/images/")
    assert (status, headers["Content-Type"]) == (200, "image/webp")
    assert body.startswith(b"RIFF") and body[8:12] == b"WEBP"
    assert headers["Cache-Control"] == "private, max-age=86400"
    assert anonymous_status == 302
    assert anonymous_headers["Location"].startswith("/admin/login/?next=/media/")
    assert b"WEBP" not in anonymous_body
