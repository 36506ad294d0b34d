"""One approval, posted twice at once or 100 ms apart, against a real server: the demo's
database in a SQLite file of its own, served by `manage.py runserver` in its own process, one
thread and one database connection per request, as on an officer's machine. (Django's test
server shares a single connection between its threads on the test suite's in-memory
database, so it cannot run two requests at the same time.)"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.error import URLError

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Posts the edit form the way the editor does when Approve is clicked: every field of the form,
# with the two hidden inputs the button adds. Answers with each post's status (302 for a
# redirect, which the script does not follow) in the order they were sent.
POST_APPROVALS = """async (delays) => {
    const form = document.querySelector("[data-edit-form]");
    const approval = () => {
        const fields = new FormData(form);
        fields.append("action-workflow-action", "true");
        fields.append("workflow-action-name", "approve");
        return fetch(form.action, {method: "POST", body: fields, redirect: "manual"})
            .then((answer) => (answer.type === "opaqueredirect" ? 302 : answer.status));
    };
    const pause = (milliseconds) => new Promise((done) => setTimeout(done, milliseconds));
    return Promise.all(delays.map((delay) => pause(delay).then(approval)));
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url) -> bool:
    try:
        with urllib.request.urlopen(url):  # noqa: S310 - our own server on 127.0.0.1
            return True
    except URLError:
        return False


@pytest.fixture(scope="module")
def review_server(demo_site, tmp_path_factory):
    """The demo admin served from a copy of the demo's database. Yields its URL, the database
    file (read by the test with sqlite3) and the demo logins {username: password}."""
    demo_var_dir = demo_site[1].parent
    var_dir = tmp_path_factory.mktemp("review-server")
    shutil.copy(demo_var_dir / "etalase.sqlite3", var_dir)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "ETALASE_VAR_DIR": str(var_dir),
        "ETALASE_MEDIA_ROOT": str(demo_var_dir / "media"),
        "ETALASE_AUTO_PUBLISH": "false",
    }
    environment.pop("DATABASE_URL", None)
    manage = [sys.executable, "manage.py"]
    seeded = subprocess.run(  # noqa: S603 - our own interpreter and command
        [*manage, "seed_demo"], cwd=ROOT, env=environment, check=True, capture_output=True
    )
    logins = dict(re.findall(r"^  (\w+) +(\S+)$", seeded.stdout.decode(), re.MULTILINE))
    url = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [*manage, "runserver", url.removeprefix("http://"), "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not answers(f"{url}/admin/login/"):
            assert server.poll() is None, "runserver stopped"
            time.sleep(0.2)
        yield SimpleNamespace(url=url, database=var_dir / "etalase.sqlite3", logins=logins)
    finally:
        server.terminate()
        server.wait()


@pytest.fixture
def sign_in(browser, review_server):
    """A browser context signed in to the review server as a demo user."""
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{review_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", review_server.logins[username])
        page.click("button[type=submit]")
        page.wait_for_url(f"{review_server.url}/admin/")
        return page

    yield open_as
    for context in contexts:
        context.close()


class Records:
    """What the server's database says about one product, read as the server left it."""

    def __init__(self, database, code):
        self.database = database
        self.page_id = self.value("SELECT page_ptr_id FROM cms_productpage WHERE code = ?", code)

    def value(self, query, *parameters):
        with sqlite3.connect(self.database) as connection:
            return connection.execute(query, parameters).fetchone()[0]

    def page(self, column):
        # The column names are the test's own, never input.
        return self.value(f"SELECT {column} FROM wagtailcore_page WHERE id = ?", self.page_id)  # noqa: S608

    def logged(self, action) -> int:
        return self.value(
            "SELECT count(*) FROM wagtailcore_pagelogentry WHERE page_id = ? AND action = ?",
            self.page_id,
            action,
        )

    def revision_under_review(self) -> int:
        return self.value(
            "SELECT task.revision_id FROM wagtailcore_taskstate task"
            " JOIN wagtailcore_workflowstate workflow ON task.workflow_state_id = workflow.id"
            " WHERE workflow.object_id = ? AND task.status = 'in_progress'",
            str(self.page_id),
        )


def test_two_approvals_at_once_approve_and_publish_once(review_server, sign_in):
    """Two tabs of the officer post Approve at the same moment on the demo's product waiting in
    moderation."""
    records = Records(review_server.database, "BTK-099")
    reviewed = records.revision_under_review()
    officer = sign_in("officer")
    officer.goto(f"{review_server.url}/admin/pages/{records.page_id}/edit/")

    statuses = officer.evaluate(POST_APPROVALS, [0, 0])

    assert statuses == [302, 302]
    assert records.logged("wagtail.workflow.approve") == 1
    assert records.logged("wagtail.publish") == 1
    assert records.page("live") == 1
    assert records.page("live_revision_id") == reviewed == records.page("latest_revision_id")


def test_approval_posted_twice_100_ms_apart_publishes_the_new_title(review_server, sign_in):
    """The demo's live product with a newer draft, put under review with a new title by the
    manager; the officer's Approve reaches the server twice, 100 ms apart."""
    records = Records(review_server.database, "BTK-002")
    edit_url = f"{review_server.url}/admin/pages/{records.page_id}/edit/"
    manager = sign_in("manager")
    manager.goto(edit_url)
    manager.fill("input[name=title]", "Tas Anyaman Pandan Edisi Baru")
    manager.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with manager.expect_navigation():
        manager.locator("button[name=action-submit]").click()
    reviewed = records.revision_under_review()
    approved_before = records.logged("wagtail.workflow.approve")
    published_before = records.logged("wagtail.publish")
    officer = sign_in("officer")
    officer.goto(edit_url)

    statuses = officer.evaluate(POST_APPROVALS, [0, 100])

    assert statuses == [302, 302]
    assert records.logged("wagtail.workflow.approve") == approved_before + 1
    assert records.logged("wagtail.publish") == published_before + 1
    assert records.page("title") == "Tas Anyaman Pandan Edisi Baru"
    assert records.page("live_revision_id") == reviewed == records.page("latest_revision_id")
