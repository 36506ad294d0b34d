"""How much admin traffic one installation serves: the head's dashboard (with the orders and
catalog health panels) and the sales list, through gunicorn with the production settings, at
1, 2 and 4 workers and 8 clients at once. The figures of the README's scale notes.

    python benchmarks/admin_load.py                 # the demo in a throw-away SQLite folder
    DATABASE_URL=postgres://…/etalase_load python benchmarks/admin_load.py
                                                    # PostgreSQL (that database is emptied)

Each client is a thread with its own signed-in session; it asks for the two pages in turn for
DURATION seconds. Prints requests per second and the median and 95th percentile latency.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORKERS = (1, 2, 4)
CLIENTS = 8
DURATION = 15
PAGES = ("/admin/", "/admin/orders/sale/")

NEW_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
head = get_user_model().objects.get(username="head")
for _ in range({count}):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(head.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = head.get_session_auth_hash()
    store.create()
    print(store.session_key)
"""


def manage(*arguments, environment, capture=False):
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", *arguments],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout if capture else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(workers, port, environment):
    server = subprocess.Popen(  # noqa: S603 (gunicorn from this virtualenv)
        [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=REPOSITORY,
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
    )  # fmt: skip
    for _attempt in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def client(port, session_key, deadline, latencies, errors):
    """One person clicking between the dashboard and the sales list, as fast as it answers."""
    headers = {
        "Cookie": f"sessionid={session_key}",
        "X-Forwarded-Proto": "https",  # as the HTTPS proxy in front of the admin says
        "Host": "127.0.0.1",
    }
    number = 0
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{PAGES[number % len(PAGES)]}", headers=headers
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http://127.0.0.1)
                response.read()
                if response.status != 200 or "/login/" in response.url:
                    errors.append(response.url)
        except urllib.error.URLError as error:
            errors.append(str(error))
        latencies.append(time.monotonic() - started)
        number += 1


def measure(workers, sessions, environment):
    port = free_port()
    server = serve(workers, port, environment)
    try:
        latencies, errors = [], []
        deadline = time.monotonic() + DURATION
        threads = [
            threading.Thread(target=client, args=(port, key, deadline, latencies, errors))
            for key in sessions
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    cut = statistics.quantiles(latencies, n=20)
    print(
        f"{workers} worker(s), {CLIENTS} clients: {len(latencies) / DURATION:6.1f} requests/s, "
        f"median {statistics.median(latencies) * 1000:4.0f} ms, "
        f"95th percentile {cut[18] * 1000:4.0f} ms"
    )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="etalase-load-"))
    environment = {
        **os.environ,
        "ETALASE_VAR_DIR": str(workdir),
        "DJANGO_SECRET_KEY": "benchmark-only-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "ETALASE_LOG_LEVEL": "WARNING",
        "ETALASE_AUTO_PUBLISH": "false",
    }
    database = environment.get("DATABASE_URL", "SQLite")
    print(f"Database: {database.split('@')[-1]}; {os.cpu_count()} cores; demo catalog")
    try:
        setup = {**environment, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
        if "DATABASE_URL" in environment:
            manage("flush", "--no-input", environment=setup)
        manage("migrate", "--no-input", environment=setup)
        manage("seed_demo", environment=setup)
        production = {**environment, "DJANGO_SETTINGS_MODULE": "cms.settings.production"}
        manage("collectstatic", "--no-input", environment=production)
        sessions = manage(
            "shell",
            "--no-imports",
            "-c",
            NEW_SESSION.format(count=CLIENTS),
            environment=production,
            capture=True,
        ).split()
        for workers in WORKERS:
            measure(workers, sessions, environment)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
