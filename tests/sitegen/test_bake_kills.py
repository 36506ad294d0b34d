"""A bake converges after being killed: `bake --changed` in a process of its own is SIGKILLed at
each step (after rendering a page, after a file written, after a file deleted, before the state
is saved); then the content changes again and a bake runs. The build must then equal a fresh
full bake of the same content, byte for byte, with a manifest that matches its files, and a
publish in between must not send a half-written folder. Also: a worker started before a site
existed bakes it."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from wagtail.models import Page

from sitegen.bake import bake
from sitegen.build_folder import manifest_path
from sitegen.jobs import run_publish
from sitegen.manifest import Manifest, ManifestEntry
from sitegen.sites import build_dir as site_build_dir
from tests.factories import HomePageFactory
from tests.sitegen.bake_process import STEPS
from tests.sitegen.helpers import edit, publish

REPOSITORY = Path(__file__).resolve().parents[2]
STATE = ".etalase/state.json"

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the baking process reads a copy of the test's SQLite database",
)


def copy_database(path: Path) -> str:
    """This test's database (uncommitted rows included) copied to a file another process can
    open; returns its DATABASE_URL."""
    connection.ensure_connection()
    # Read through this connection, whose transaction holds the test's rows: SQLite's backup
    # would wait for that transaction to end.
    # Wagtail's full-text search tables (virtual tables SQLite's dump cannot recreate) are
    # left out: baking never reads them.
    statements = connection.connection.iterdump()
    dump = "\n".join(statement for statement in statements if "_fts" not in statement)
    path.unlink(missing_ok=True)
    copy = sqlite3.connect(path)
    copy.executescript(dump)
    copy.close()
    return f"sqlite:///{path}"


def bake_process(database_url, build_dir, *arguments, **options):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ETALASE_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "ETALASE_BUILD_DIR": str(build_dir),
    }
    command = [sys.executable, "-m", "tests.sitegen.bake_process", *arguments]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env=environment, cwd=REPOSITORY, text=True, **options
    )


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a build but its state (which remembers how it was baked)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).as_posix() != STATE
    }


def manifest_matches_files(folder: Path) -> bool:
    manifest = Manifest.read(manifest_path(folder))
    on_disk = {
        path: ManifestEntry.for_bytes(content)
        for path, content in files_of(folder).items()
        if not path.startswith(".etalase/")
    }
    return {path: (entry.sha256, entry.size) for path, entry in manifest.items()} == {
        path: (entry.sha256, entry.size) for path, entry in on_disk.items()
    }


def kill_points(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The first, a middle and the last occurrence of every step the bake goes through."""
    points = []
    for step in STEPS:
        total = counts.get(step, 0)
        points.extend((step, number) for number in sorted({1, (total + 1) // 2, total}) if total)
    return points


def test_a_killed_bake_is_repaired_by_the_next_one(
    shop, build_dir, tmp_path, folder_deployment, settings
):
    folder_deployment.target()
    withdrawn, gone = shop[0], shop[2]
    approved_title = withdrawn.title
    bake()
    baked = tmp_path / "baked"
    shutil.copytree(build_dir, baked)
    edit(withdrawn, title="Batik Parang DITARIK")
    gone.unpublish()  # its page, listing entry and photos leave
    database_file = tmp_path / "changed.sqlite3"
    database = copy_database(database_file)
    changed_database = tmp_path / "changed-before-any-bake.sqlite3"
    shutil.copyfile(database_file, changed_database)
    edit(withdrawn, title=approved_title)  # what the officer reverts to, after the kill
    reference_dir = tmp_path / "reference"
    settings.SITEGEN_BUILD_DIR = reference_dir
    bake()
    settings.SITEGEN_BUILD_DIR = build_dir
    reference = files_of(reference_dir)

    def start_from_the_first_bake():
        """The first bake's folder, and the database that names it the site's latest bake (each
        bake in the other process takes a new generation there)."""
        shutil.rmtree(build_dir)
        shutil.copytree(baked, build_dir)
        shutil.copyfile(changed_database, database_file)

    start_from_the_first_bake()
    counting = bake_process(
        database, build_dir, "count", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    output, errors = counting.communicate(timeout=120)
    assert counting.returncode == 0, errors
    counts = json.loads(output.splitlines()[-1])  # after the command's summary
    assert counts["record"] and counts["write"] and counts["delete"] and counts["state"]

    divergences = []
    points = kill_points(counts)
    for step, number in points:
        start_from_the_first_bake()
        killed = bake_process(database, build_dir, "kill", step, str(number))
        assert killed.wait(timeout=120) == -9, (step, number)
        if manifest_path(build_dir).exists():
            assert manifest_matches_files(build_dir), (step, number)
        else:
            assert "Nothing to publish" in run_publish(target_name="folder", trigger="t").error

        bake(changed_only=True)

        if files_of(build_dir) != reference or not manifest_matches_files(build_dir):
            divergences.append((step, number))
    assert len(points) >= 8
    assert divergences == [], f"tried {points}"


def test_a_worker_started_before_a_site_existed_bakes_it(
    client, django_user_model, shop, build_dir, tmp_path
):
    database = tmp_path / "shared.sqlite3"
    database_url = copy_database(database)
    worker = bake_process(
        database_url, build_dir, "worker", stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert worker.stdout.readline().strip() == "ready"
        home = publish(HomePageFactory(parent=Page.get_first_root_node(), slug="beranda-baru"))
        client.force_login(django_user_model.objects.create_superuser("root", "r@x.test", "x"))
        added = client.post(
            reverse("wagtailsites:add"),
            {"hostname": "lapas-baru.example", "port": "80", "root_page": home.pk},
        )
        assert added.status_code == 302
        site = home.get_site()
        copy_database(database)  # what the worker reads from now on

        worker.stdin.write(f"{site.pk}\n")
        worker.stdin.flush()
        reply = json.loads(worker.stdout.readline())
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)

    assert reply["error"] == ""
    assert (site_build_dir(site) / "index.html").is_file()
