"""A real browser (Debian's Chromium, driven by Playwright) against Django's live server."""

import functools
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from cms.demo.seed import DemoSeeder, SeedReport, reset_demo_logins
from orders.demo import seed_orders
from sitegen.management.commands.serve_site import BuildFolderHandler

CHROMIUM = "/usr/bin/chromium"
# Flags for a headless Chromium on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The serialized copy of the migrations' data (channels, roles, the first institution) that
# `serialized_rollback` restores, by database alias.
SERIALIZED_CONTENTS = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """After Playwright's event loop has run, Django hands the test a new connection object,
    without the serialized copy its database was created with: a test marked
    `serialized_rollback` would start from an empty database, and its flush would recreate
    the content types that the next one restores. Carry the copy over, for the test's set-up
    and for its tear-down."""
    carry_serialized_contents()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    carry_serialized_contents()


def carry_serialized_contents():
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        if hasattr(connection, "_test_serialized_contents"):
            SERIALIZED_CONTENTS[alias] = connection._test_serialized_contents
        elif alias in SERIALIZED_CONTENTS:
            connection._test_serialized_contents = SERIALIZED_CONTENTS[alias]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (not by the server thread) are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def login(browser, live_server):
    """Open a fresh browser context logged into the admin as `user` (password "x")."""
    contexts = []

    def log_in(user):
        context = browser.new_context(locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", "x")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield log_in
    for context in contexts:
        context.close()


ROOT = Path(__file__).resolve().parents[2]
# Screenshots of the public site's browser tests, kept after the run for people to look at.
ARTIFACTS = Path(os.environ.get("ETALASE_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))


def run_demo_command(var_dir, *command):
    """Run a manage.py command on the demo installation whose files are in `var_dir` (SQLite,
    media, build), with the dev settings; returns what it printed."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "ETALASE_VAR_DIR": str(var_dir),
        "ETALASE_AUTO_PUBLISH": "false",
    }
    environment.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextmanager
def served(build):
    """Serve a build folder on 127.0.0.1 the way a static host serves it; yields its base URL."""
    handler = functools.partial(BuildFolderHandler, directory=str(build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# The background tasks of the sites, left waiting: `seed_demo` enqueues a rendition task per
# uploaded photo, which a worker runs later; the admin makes any rendition it shows on demand.
TASKS_LEFT_WAITING = {
    **settings.TASKS,
    "sitegen": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []},
}


def seed_demo_in_test_database(with_orders=False):
    """The demo catalog (and its orders) as `seed_demo` makes it, in the test's own database.
    Returns its report and the demo's users by username, each with the password "x" for the
    `login` fixture."""
    report = SeedReport()
    with override_settings(SITEGEN_AUTO_PUBLISH=False, TASKS=TASKS_LEFT_WAITING):
        logins = reset_demo_logins()
        DemoSeeder(seed=1).run(report)
        if with_orders:
            seed_orders(seed=1)
    users = {}
    for user in get_user_model().objects.filter(username__in=logins):
        user.set_password("x")
        user.save()
        users[user.username] = user
    return report, users


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, migrated_sqlite):
    """The demo catalog, seeded and baked by the real commands in a folder of its own (a copy
    of the migrated SQLite file), served on 127.0.0.1 the way a static host serves it. Yields
    (base URL, build folder)."""
    var_dir = tmp_path_factory.mktemp("demo-site")
    shutil.copyfile(migrated_sqlite, var_dir / migrated_sqlite.name)
    for command in (["seed_demo"], ["bake"]):
        run_demo_command(var_dir, *command)
    build = var_dir / "build"
    with served(build) as url:
        yield url, build


@pytest.fixture
def phone(browser, request):
    """A phone-sized browser context (390 × 844 unless given) that records every request it
    makes and saves a screenshot of the whole page per step: ``phone.step("catalog")``."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    contexts = []

    def open_phone(width=390, height=844, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="id-ID",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda sent: page.requested.append(sent.url))
        page.step = lambda name: page.screenshot(
            path=folder / f"{len(list(folder.iterdir())) + 1:02d}-{name}.png", full_page=True
        )
        return page

    yield open_phone
    for context in contexts:
        context.close()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def order_destination(link) -> str:
    """Where an order button leads: its order address on the served build answers with a
    redirect, as S3 does, read here without following it (the destination is off this
    machine)."""
    address = link.evaluate("link => link.href")
    try:
        urllib.request.build_opener(_NoRedirects).open(address)
    except urllib.error.HTTPError as answer:
        assert answer.code == 301, address
        return answer.headers["Location"]
    raise AssertionError(f"{address} is not a redirect")
