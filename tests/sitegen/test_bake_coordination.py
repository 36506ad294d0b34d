"""Several task workers, each with a build folder on its own disk, bake and publish the sites of
one installation: one job of a site at a time on every worker, sites in parallel, and a worker
whose folder holds an older bake than another worker's catches up (fetching what it lacks from
the target, or baking again) before publishing it, so the public site never goes back.

The tests of several processes run on PostgreSQL (one database, moto's S3 server, a worker per
process with its own ETALASE_BUILD_DIR); on SQLite, one machine by nature, they are skipped."""

import difflib
import itertools
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings as django_settings
from django.db import connection, connections

from wagtail.models import Page, Site

from cms.models import Category
from sitegen import jobs
from sitegen.bake import bake
from sitegen.jobs import (
    REPAIR_TRIGGER,
    run_bake,
    run_bake_and_publish,
    run_publish,
    verify_publish,
)
from sitegen.locks import site_job, site_job_if_free
from sitegen.manifest import Manifest
from sitegen.models import (
    Build,
    Deployment,
    PublishSettings,
    RegisteredWorker,
    SharedBuildState,
    Status,
)
from sitegen.recovery import INTERRUPTED, recover_interrupted_work
from tests.factories import (
    CatalogIndexPageFactory,
    HomePageFactory,
    ProductPageFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
)
from tests.sitegen.conftest import S3Deployment, served_body
from tests.sitegen.helpers import edit, publish
from tests.sitegen.test_bake import home_on_a_flushed_database
from tests.sitegen.test_recovery import task_claimed_by
from tests.sitegen.test_site_update import feed_availability, sell_out
from tests.worker_processes import PATIENCE, wait_for

REPOSITORY = Path(__file__).resolve().parents[2]
# Rounds of approvals on every site, each updated by both workers at once; more as a benchmark:
# ETALASE_TEST_COORDINATION_ROUNDS=17 .venv/bin/pytest tests/sitegen/test_bake_coordination.py
ROUNDS = int(os.environ.get("ETALASE_TEST_COORDINATION_ROUNDS", "3"))

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="workers in several processes need a database server; CI runs this on PostgreSQL",
)


def work_as(settings, tmp_path, worker: str) -> Path:
    """This process bakes as the named worker, in a build folder of that worker's own."""
    settings.SITEGEN_BUILD_DIR = tmp_path / worker / "build"
    return settings.SITEGEN_BUILD_DIR


@pytest.fixture
def published_to_a_folder(shop, folder_deployment, settings):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    return shop


def test_a_worker_whose_folder_is_behind_catches_up_from_the_target_before_publishing(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    product = published_to_a_folder[0]
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    second = work_as(settings, tmp_path, "second")
    edit(product, title="Batik Parang Baru")
    assert not run_bake_and_publish(trigger="approval").error

    first = work_as(settings, tmp_path, "first")  # its folder still shows the old title
    outcome = run_publish(trigger="Publish now")

    assert not outcome.error
    assert b"Batik Parang Baru" in folder_deployment.read("katalog/batik-parang/index.html")
    assert_same_build(first, second)
    assert_target_holds(folder_deployment, second)
    # Fetched from the target, which held the latest bake: no bake, nothing left to send.
    assert not Build.objects.filter(trigger__startswith=REPAIR_TRIGGER).exists()
    assert outcome.value.uploaded == outcome.value.deleted == 0


def test_a_worker_whose_folder_is_behind_bakes_it_again_when_the_target_lacks_the_latest_bake(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    product = published_to_a_folder[0]
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    second = work_as(settings, tmp_path, "second")
    edit(product, title="Batik Parang Baru")
    assert not run_bake(changed_only=True, trigger="approval").error  # not published yet

    work_as(settings, tmp_path, "first")
    outcome = run_publish(trigger="Publish now")

    assert not outcome.error
    assert b"Batik Parang Baru" in folder_deployment.read("katalog/batik-parang/index.html")
    assert_target_holds(folder_deployment, second)
    assert Build.objects.filter(trigger__startswith=REPAIR_TRIGGER, full=True).count() == 1


def test_a_worker_taking_a_site_another_baked_last_fetches_only_what_it_misses(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    """The second worker edits one product and consumes a rebuild request (stock ran out);
    the first, back on the site with another approval, repairs its folder from the target and
    bakes only that approval's pages: nothing the second published is taken back."""
    sold_out, edited, approved = published_to_a_folder
    first = work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    untouched = [first / "robots.txt", *(first / "static").rglob("*.css")]
    files_before = {file: file.stat().st_ino for file in untouched}
    work_as(settings, tmp_path, "second")
    edit(edited, title="Batik Kawung Baru")
    sell_out(sold_out)
    assert not run_bake_and_publish(trigger="approval").error
    hop = Build.objects.latest("pk").pk

    work_as(settings, tmp_path, "first")
    edit(approved, title="Sandal Hotel Baru")
    assert not run_bake_and_publish(trigger="approval").error

    assert not Build.objects.filter(pk__gt=hop, full=True).exists()
    assert {file: file.stat().st_ino for file in untouched} == files_before  # not rewritten
    assert feed_availability(folder_deployment)[sold_out.code] == "sold_out"
    assert b"Batik Kawung Baru" in folder_deployment.read("katalog/batik-kawung/index.html")
    assert b"Sandal Hotel Baru" in folder_deployment.read("katalog/sandal-hotel/index.html")
    alone = work_as(settings, tmp_path, "alone")
    bake()
    assert_same_build(first, alone)
    assert_target_holds(folder_deployment, alone)


def test_a_folder_behind_is_not_caught_up_for_a_bake_in_full_anyway(
    published_to_a_folder, folder_deployment, settings, tmp_path, caplog
):
    """A category changed: every page is baked again, so fetching the other worker's files
    first would be wasted."""
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    work_as(settings, tmp_path, "second")
    edit(published_to_a_folder[0], title="Batik Parang Baru")
    assert not run_bake_and_publish(trigger="approval").error
    Category.objects.create(name="Anyaman", slug="anyaman")

    work_as(settings, tmp_path, "first")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="sitegen.repair"):
        assert not run_bake_and_publish(trigger="category").error

    assert "caught up" not in caplog.text
    assert Build.objects.latest("pk").full
    assert b"Batik Parang Baru" in folder_deployment.read("katalog/batik-parang/index.html")


def test_a_file_the_target_holds_with_other_bytes_than_the_latest_bake_is_never_fetched(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    """Its manifest says the target holds the latest bake, but a file there was changed
    behind the publish's back: the folder is baked in full instead of taking it."""
    product = published_to_a_folder[0]
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    second = work_as(settings, tmp_path, "second")
    edit(product, title="Batik Parang Baru")
    assert not run_bake_and_publish(trigger="approval").error
    page = "katalog/batik-parang/index.html"
    (folder_deployment.root / page).write_bytes(b"<h1>Diubah di luar Etalase</h1>")

    first = work_as(settings, tmp_path, "first")
    assert not run_publish(trigger="Publish now").error

    assert (first / page).read_bytes() == (second / page).read_bytes()
    assert Build.objects.latest("pk").full
    assert_same_build(first, second)


def test_an_approval_on_a_worker_new_to_the_site_is_indexed_with_every_page(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    """The approval's first bake and publish fetch none of the site's files; the search index
    that follows reads every page, fetched for it."""
    product = published_to_a_folder[0]
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    pages_indexed = search_index_page_count(folder_deployment)
    second = work_as(settings, tmp_path, "second")
    edit(product, title="Batik Parang Baru")

    assert not run_bake_and_publish(trigger="approval").error

    assert b"Batik Parang Baru" in folder_deployment.read("katalog/batik-parang/index.html")
    assert search_index_page_count(folder_deployment) == pages_indexed
    assert_target_holds(folder_deployment, second)


def test_a_folder_lacking_files_publishes_every_file_to_a_target_emptied_since(
    published_to_a_folder,
    folder_deployment,
    settings,
    tmp_path,
    queued_tasks,
    django_capture_on_commit_callbacks,
):
    """An approval left the folder without the site's other files (a rebuild was to come);
    then the bucket was emptied behind the installation's back. The next update publishes the
    whole site rather than fail for lack of the files it must send."""
    approved, edited = published_to_a_folder[0], published_to_a_folder[1]
    second = approve_on_a_new_worker_before_a_rebuild(
        approved, settings, tmp_path, django_capture_on_commit_callbacks
    )
    shutil.rmtree(folder_deployment.root)

    edit(edited, title="Batik Kawung Baru")
    assert not run_bake_and_publish(trigger="approval").error

    assert b"Batik Kawung Baru" in folder_deployment.read("katalog/batik-kawung/index.html")
    assert_target_holds(folder_deployment, second)


def search_index_page_count(deployment) -> int:
    entry = json.loads(deployment.read("pagefind/pagefind-entry.json"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_an_approval_on_a_worker_new_to_the_site_fetches_no_page_before_its_rebuild(
    published_to_a_folder,
    folder_deployment,
    settings,
    tmp_path,
    queued_tasks,
    django_capture_on_commit_callbacks,
):
    """While a rebuild of the site is to come, the approval is public without the site's
    other pages fetched; a verification fetches them first, and the rebuild bakes in full."""
    second = approve_on_a_new_worker_before_a_rebuild(
        published_to_a_folder[0], settings, tmp_path, django_capture_on_commit_callbacks
    )

    assert b"Batik Parang Baru" in folder_deployment.read("katalog/batik-parang/index.html")
    assert not (second / "katalog/batik-kawung/index.html").exists()
    assert verify_publish().value.matches  # the folder completed first
    assert (second / "katalog/batik-kawung/index.html").exists()
    assert not run_bake_and_publish(trigger="category", rebuild=True).error
    assert Build.objects.latest("pk").full
    assert_target_holds(folder_deployment, second)


def approve_on_a_new_worker_before_a_rebuild(product, settings, tmp_path, capture) -> Path:
    """The worker "first" publishes the site; a category change queues a rebuild of every site;
    the worker "second", new to the site, updates it after the product's approval (its title
    "Batik Parang Baru"). Returns the second worker's build folder."""
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    with capture(execute=True):
        Category.objects.create(name="Anyaman", slug="anyaman")  # every site to rebuild
    second = work_as(settings, tmp_path, "second")
    edit(product, title="Batik Parang Baru")
    assert not run_bake_and_publish(trigger="approval").error
    return second


def assert_same_build(folder: Path, other: Path) -> None:
    baked = Manifest.read(other / ".etalase" / "manifest.json")
    assert Manifest.read(folder / ".etalase" / "manifest.json") == baked
    assert all((folder / path).read_bytes() == (other / path).read_bytes() for path in baked)


def assert_target_holds(deployment, build: Path) -> None:
    baked = Manifest.read(build / ".etalase" / "manifest.json")
    assert deployment.stored_paths() == set(baked)
    assert all(deployment.read(path) == (build / path).read_bytes() for path in baked)


def test_a_change_only_another_worker_saw_is_not_taken_back(
    published_to_a_folder, folder_deployment, settings, tmp_path
):
    """Stock ran out: the rebuild request is consumed by the worker that baked it; a worker
    whose folder predates it must not publish the product as in stock again."""
    sold_out, edited = published_to_a_folder[0], published_to_a_folder[1]
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    sell_out(sold_out)
    work_as(settings, tmp_path, "second")
    assert not run_bake_and_publish(trigger="stock").error
    assert feed_availability(folder_deployment)[sold_out.code] == "sold_out"

    work_as(settings, tmp_path, "first")
    edit(edited, title="Batik Kawung Baru")
    assert not run_bake_and_publish(trigger="approval").error

    assert feed_availability(folder_deployment)[sold_out.code] == "sold_out"
    assert b"Batik Kawung Baru" in folder_deployment.read("katalog/batik-kawung/index.html")


def test_an_update_holds_its_site_from_its_bake_to_its_publish(
    published_to_a_folder, settings, tmp_path, monkeypatch
):
    """Another worker's job of the site between an approval's bake and its publish (a waiting
    rebuild taken at that moment) would leave this worker's folder behind: its publish would
    then fetch the site or bake it in full, seconds the approval should not wait."""
    product = published_to_a_folder[0]
    site = Site.objects.get(is_default_site=True)
    work_as(settings, tmp_path, "first")
    assert not run_bake_and_publish(trigger="approval").error
    free_when_publishing = []
    publish_as_before = jobs.run_publish

    def publish_once_another_worker_tried_the_site(**job):
        other_worker = threading.Thread(
            target=lambda: free_when_publishing.append(site_free_for_another_worker(site))
        )
        other_worker.start()
        other_worker.join()
        return publish_as_before(**job)

    monkeypatch.setattr(jobs, "run_publish", publish_once_another_worker_tried_the_site)
    edit(product, title="Batik Parang Baru")
    assert not run_bake_and_publish(trigger="approval").error

    assert free_when_publishing and not any(free_when_publishing)


def site_free_for_another_worker(site) -> bool:
    try:
        with site_job_if_free(site) as free:
            return free
    finally:
        connections.close_all()  # this thread's, if it opened any


# -- several processes, on PostgreSQL ---------------------------------------------------------


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )


def worker_environment(tmp_path, name, s3_endpoint, bucket) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ETALASE_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "ETALASE_BUILD_DIR": str(tmp_path / name / "build"),
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": bucket,
        "ETALASE_S3_ENDPOINT_URL": s3_endpoint,
        "ETALASE_S3_ADDRESSING_STYLE": "path",
    }


class Worker:
    """``tests.sitegen.worker_process``: a task worker in a process of its own."""

    def __init__(self, environment, marks: Path, *options):
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.sitegen.worker_process", str(marks), *options],
            env=environment,
            cwd=REPOSITORY,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def update(self, *sites):
        self.process.stdin.write(" ".join(str(site.pk) for site in sites) + "\n")
        self.process.stdin.flush()

    def errors(self) -> list[str]:
        return json.loads(self.process.stdout.readline())

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=PATIENCE)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=PATIENCE)


def publish_marks(marks: Path) -> list[tuple[str, str, str]]:
    return [tuple(line.split()) for line in marks.read_text().splitlines()]


def overlapping_publishes(marks: Path) -> list[str]:
    """The publishes of a site that started while another publish of it was running."""
    running, overlaps = {}, []
    for kind, folder, pid in publish_marks(marks):
        if kind == "start":
            if folder in running:
                overlaps.append(f"{folder}: {pid} started inside {running[folder]}'s publish")
            running[folder] = pid
        else:
            running.pop(folder, None)
    return overlaps


def bucket_contents(s3_client, bucket) -> dict[str, bytes]:
    """Every object of the bucket by key, as a browser reads it (decompressed)."""
    pages = s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
    return {key: served_body(s3_client.get_object(Bucket=bucket, Key=key)) for key in keys}


def differences(found: dict[str, bytes], expected: dict[str, bytes]) -> dict[str, list[str]]:
    """The keys whose objects differ, each with the lines that differ ("missing" or "extra" for
    a key only one bucket has), so that a failure says what went wrong rather than printing
    both buckets."""
    differing = {}
    for key in sorted(found.keys() | expected.keys()):
        mine, theirs = found.get(key), expected.get(key)
        if mine == theirs:
            continue
        if mine is None or theirs is None:
            differing[key] = ["missing" if mine is None else "extra"]
            continue
        lines = difflib.unified_diff(
            theirs.decode(errors="replace").splitlines(),
            mine.decode(errors="replace").splitlines(),
            "expected",
            "found",
            lineterm="",
            n=0,
        )
        differing[key] = [line[:300] for line in itertools.islice(lines, 40)]
    return differing


@pytest.fixture
def three_sites(transactional_db):
    """Three institutions' sites, each with a catalog of three products and a prefix of its
    own in the bucket (the default site too, which none of them may publish over)."""
    default_site = home_on_a_flushed_database().get_site()
    PublishSettings.objects.update_or_create(site=default_site, defaults={"prefix": "default/"})
    sites = []
    for number in range(3):
        home = publish(HomePageFactory(parent=Page.get_first_root_node(), slug=f"lapas-{number}"))
        site = Site.objects.create(
            hostname=f"lapas-{number}.example", port=80, root_page=home, site_name=f"Lapas {number}"
        )
        catalog = publish(CatalogIndexPageFactory(parent=home))
        workshops = publish(WorkshopIndexPageFactory(parent=home))
        workshop = publish(WorkshopPageFactory(parent=workshops))
        products = [
            ProductPageFactory(parent=catalog, workshop=workshop, title=f"Produk {number}-{item}")
            for item in range(3)
        ]
        PublishSettings.objects.create(site=site, prefix=f"lapas-{number}/")
        sites.append((site, products))
    return sites


@on_postgresql
def test_interleaved_approvals_on_two_workers_publish_what_one_worker_alone_would(
    three_sites, s3_client, s3_endpoint, bucket, settings, tmp_path
):
    marks = tmp_path / "publishes"
    workers = [
        Worker(worker_environment(tmp_path, name, s3_endpoint, bucket), marks)
        for name in ("first", "second")
    ]
    try:
        for number in range(ROUNDS):
            for _site, products in three_sites:
                product = products[number % 3]
                edit(product, title=f"{product.title} versi {number}")
            contested, first_only, second_only = (
                three_sites[(number + i) % 3][0] for i in range(3)
            )
            sell_out(three_sites[number % 3][1][(number + 1) % 3])
            # Both start on the contested site at once, then each goes on with another site.
            workers[0].update(contested, first_only)
            workers[1].update(contested, second_only)
            assert [worker.errors() for worker in workers] == [["", ""], ["", ""]]
    finally:
        for worker in workers:
            worker.stop()

    assert overlapping_publishes(marks) == []
    publishers = {(folder, pid) for kind, folder, pid in publish_marks(marks) if kind == "start"}
    assert len({pid for _, pid in publishers}) == 2  # both workers published
    assert len({folder for folder, _ in publishers}) == 3
    alone_bucket = f"{bucket}-alone"
    s3_client.create_bucket(Bucket=alone_bucket)
    S3Deployment(settings, s3_client, s3_endpoint, alone_bucket).target(addressing_style="path")
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    work_as(settings, tmp_path, "alone")
    for site, _products in three_sites:
        assert not run_bake(site=site, trigger="alone").error
        assert not run_publish(site=site, trigger="alone").error
    together = bucket_contents(s3_client, bucket)
    assert differences(together, bucket_contents(s3_client, alone_bucket)) == {}
    assert {key.split("/")[0] for key in together} == {"lapas-0", "lapas-1", "lapas-2"}


@on_postgresql
def test_a_job_of_one_site_never_waits_for_another_site(three_sites, s3_endpoint, bucket, tmp_path):
    (busy, _), (other, _), _third = three_sites
    worker = Worker(worker_environment(tmp_path, "worker", s3_endpoint, bucket), tmp_path / "m")
    try:
        with site_job(busy):
            with site_job_if_free(other) as free:
                assert free
            worker.update(other)
            assert worker.errors() == [""]  # done while the busy site's lock is held
            assert Deployment.objects.get(site=other, trigger="worker").status == Status.SUCCEEDED
    finally:
        worker.stop()


@on_postgresql
def test_a_worker_killed_in_a_publish_frees_the_site_and_recovery_resumes_its_update(
    three_sites, s3_client, s3_endpoint, bucket, settings, tmp_path
):
    site, products = three_sites[0]
    marks = tmp_path / "publishes"
    worker = Worker(worker_environment(tmp_path, "killed", s3_endpoint, bucket), marks, "hold")
    try:
        worker.update(site)
        wait_for(lambda: marks.exists() and marks.read_text(), "the worker's publish")
        with site_job_if_free(site) as free:
            assert not free
        worker.kill()
    finally:
        worker.stop()
    with site_job_if_free(site) as free:
        assert free
    published = S3Deployment(settings, s3_client, s3_endpoint, bucket, prefix="lapas-0/")
    published.target(addressing_style="path")
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    work_as(settings, tmp_path, "recovering")

    assert recover_interrupted_work() == {site.pk: False}

    killed, *resumed = Deployment.objects.filter(site=site).order_by("pk")
    assert (killed.status, killed.error) == (Status.FAILED, INTERRUPTED)
    assert resumed and all(job.status == Status.SUCCEEDED for job in resumed)
    assert products[0].title.encode() in published.read("katalog/produk-0-0/index.html")


@on_postgresql
def test_a_task_of_a_killed_worker_is_judged_from_another_process(
    transactional_db, tmp_path, s3_endpoint, bucket
):
    environment = {
        **worker_environment(tmp_path, "worker", s3_endpoint, bucket),
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
    }
    home_on_a_flushed_database()  # the default site, whose update the task was
    task = task_claimed_by("worker-far-away")
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "manage.py", "run_worker", "--worker-id", "worker-far-away"],
            env=environment,
            cwd=REPOSITORY,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(RegisteredWorker.objects.exists, "the worker's registration")
        recover_interrupted_work()
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=PATIENCE)

    recover_interrupted_work()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert not RegisteredWorker.objects.exists()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


def test_a_bake_with_the_same_outcome_keeps_the_sites_generation(shop, settings, tmp_path):
    """Another worker's folder holding that outcome stays current: no bake in full to catch up."""
    work_as(settings, tmp_path, "first")
    bake()
    latest = SharedBuildState.objects.get()
    work_as(settings, tmp_path, "second")
    bake()

    assert SharedBuildState.objects.get().generation == latest.generation
    edit(shop[0], title="Batik Parang Baru")
    bake(changed_only=True)
    assert SharedBuildState.objects.get().generation != latest.generation
