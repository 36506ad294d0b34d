"""The publish contract: every test runs against a folder and against S3 (moto's server), and
checks what a visitor of the published site would see."""

import threading
import time

import pytest

from sitegen.manifest import Manifest
from sitegen.publish import PublishError, publish

from .conftest import make_build

SITE = {
    "index.html": b'<link rel="stylesheet" href="/static/theme/site.1111.css"><h1>Etalase</h1>',
    "katalog/batik/index.html": b"<h1>Batik tulis</h1>",
    "katalog/tenun/index.html": b"<h1>Tenun ikat</h1>",
    "static/theme/site.1111.css": b"body { color: #333 }",
    "media/images/batik.fill-300x300.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    "sitemap.xml": b"<urlset></urlset>",
    "catalog.json": b'{"products": []}',
}
REDIRECTS = {"produk/batik-lama/index.html": "/katalog/batik/"}


class WatchedTarget:
    """A real target that records the uploads asked of it, in order, and can fail like a dropped
    connection: every upload after `fail_after` successful ones raises."""

    def __init__(self, target, fail_after: int | None = None):
        self._target = target
        self._fail_after = fail_after
        self._lock = threading.Lock()
        self.uploaded_paths = []
        self.attempts = 0

    def __getattr__(self, name):
        return getattr(self._target, name)

    def upload(self, path, source, entry):
        with self._lock:
            self.attempts += 1
            failing = self._fail_after is not None and len(self.uploaded_paths) >= self._fail_after
            if not failing:
                self.uploaded_paths.append(path)
        if failing:
            time.sleep(0.05)  # a dropped connection takes a moment to notice
            raise ConnectionResetError("connection reset by peer")
        return self._target.upload(path, source, entry)


def build_manifest(build_dir):
    return Manifest.read(build_dir / ".etalase" / "manifest.json")


def test_first_publish_uploads_everything_and_serves_the_same_bytes(deployment, tmp_path):
    build_dir = make_build(tmp_path, SITE, REDIRECTS)
    target = deployment.target()

    result = publish(build_dir, target)

    assert (result.uploaded, result.unchanged, result.deleted) == (8, 0, 0)
    assert result.bytes_uploaded > 0
    assert deployment.stored_paths() == set(SITE) | set(REDIRECTS)
    for path, content in SITE.items():
        assert deployment.read(path) == content, path
    assert deployment.target().read_manifest() == build_manifest(build_dir)
    if deployment.kind == "s3":
        # One GET of the (missing) manifest, one PUT of the manifest naming the pending files,
        # one PUT per file, one PUT of the final manifest.
        assert (result.requests, target.put_count) == (11, 10)


def test_publishing_the_same_build_again_uploads_nothing(deployment, tmp_path):
    build_dir = make_build(tmp_path, SITE)
    publish(build_dir, deployment.target())
    target = WatchedTarget(deployment.target())

    result = publish(build_dir, target)

    assert target.uploaded_paths == []
    assert (result.uploaded, result.deleted, result.unchanged) == (0, 0, len(SITE))
    if deployment.kind == "s3":
        assert (result.requests, target.put_count) == (1, 0)  # the manifest's GET, nothing else
    else:
        assert result.requests is None


def test_only_the_changed_file_is_uploaded(deployment, tmp_path):
    publish(make_build(tmp_path, SITE), deployment.target())
    build_dir = make_build(tmp_path, {**SITE, "katalog/batik/index.html": b"<h1>Batik cap</h1>"})
    target = WatchedTarget(deployment.target())

    result = publish(build_dir, target)

    assert target.uploaded_paths == ["katalog/batik/index.html"]
    assert (result.uploaded, result.unchanged) == (1, len(SITE) - 1)
    assert deployment.read("katalog/batik/index.html") == b"<h1>Batik cap</h1>"


def test_a_file_removed_from_the_build_is_deleted(deployment, tmp_path):
    publish(make_build(tmp_path, SITE), deployment.target())
    remaining = {path: content for path, content in SITE.items() if "tenun" not in path}

    result = publish(make_build(tmp_path, remaining), deployment.target())

    assert result.deleted == 1
    assert deployment.read("katalog/tenun/index.html") is None
    assert deployment.stored_paths() == set(remaining)


def test_a_dry_run_lists_the_plan_and_changes_nothing(deployment, tmp_path):
    publish(make_build(tmp_path, SITE), deployment.target())
    published_manifest = deployment.target().read_manifest()
    changed = {**SITE, "index.html": b"<h1>Etalase baru</h1>", "katalog/anyaman/index.html": b"x"}
    del changed["katalog/tenun/index.html"]
    target = WatchedTarget(deployment.target())

    result = publish(make_build(tmp_path, changed), target, dry_run=True)

    assert result.dry_run
    assert result.planned_uploads == ["index.html", "katalog/anyaman/index.html"]
    assert result.planned_deletes == ["katalog/tenun/index.html"]
    assert (result.uploaded, result.deleted) == (0, 0)
    assert target.uploaded_paths == []
    assert deployment.stored_paths() == set(SITE)
    assert deployment.read("index.html") == SITE["index.html"]
    assert deployment.target().read_manifest() == published_manifest


def test_a_redirect_is_its_meta_refresh_page_and_an_http_redirect_on_s3(deployment, tmp_path):
    publish(make_build(tmp_path, SITE, REDIRECTS), deployment.target())

    page = deployment.read("produk/batik-lama/index.html")

    assert b'url=/katalog/batik/"' in page
    if deployment.kind == "s3":
        head = deployment.head("produk/batik-lama/index.html")
        assert head["WebsiteRedirectLocation"] == "/katalog/batik/"
        assert "WebsiteRedirectLocation" not in deployment.head("katalog/batik/index.html")


def test_assets_are_uploaded_before_the_pages_that_use_them(deployment, tmp_path):
    target = WatchedTarget(deployment.target())

    publish(make_build(tmp_path, SITE, REDIRECTS), target, workers=4)

    kinds = ["page" if path.endswith(".html") else "asset" for path in target.uploaded_paths]
    assert kinds == ["asset"] * 4 + ["page"] * 4


def test_an_interrupted_publish_keeps_the_site_working_and_the_next_one_completes(
    deployment, tmp_path
):
    old_site = SITE
    old_manifest = build_manifest(make_build(tmp_path, old_site))
    publish(make_build(tmp_path, old_site), deployment.target())
    new_site = {
        "index.html": b'<link rel="stylesheet" href="/static/theme/site.2222.css"><h1>Baru</h1>',
        "katalog/batik/index.html": b"<h1>Batik cap</h1>",
        "katalog/anyaman/index.html": b"<h1>Anyaman</h1>",
        "static/theme/site.2222.css": b"body { color: #111 }",
        "media/images/batik.fill-300x300.jpg": SITE["media/images/batik.fill-300x300.jpg"],
        "sitemap.xml": b"<urlset><url/></urlset>",
        "catalog.json": b'{"products": [1]}',
    }
    build_dir = make_build(tmp_path, new_site)

    # The three changed assets go up, then one of the three pages, then the connection drops.
    with pytest.raises(PublishError, match="connection reset"):
        publish(build_dir, WatchedTarget(deployment.target(), fail_after=4), workers=2)

    pages = ["index.html", "katalog/batik/index.html", "katalog/anyaman/index.html"]
    assert sum(deployment.read(page) == new_site[page] for page in pages) == 1
    for path in old_site.keys() & new_site.keys():
        assert deployment.read(path) in (old_site[path], new_site[path]), path
    # Old pages still find their stylesheet; the removed page stays until the publish completes.
    assert deployment.read("static/theme/site.1111.css") == old_site["static/theme/site.1111.css"]
    assert deployment.read("katalog/tenun/index.html") == old_site["katalog/tenun/index.html"]
    # The target's manifest still vouches for the files this publish did not touch, and names
    # the ones it may have changed.
    in_progress = deployment.target().read_manifest()
    changing = {path for path in old_manifest.keys() | new_site.keys()} - {
        "media/images/batik.fill-300x300.jpg"
    }
    assert in_progress.pending == changing
    assert in_progress == {
        path: entry for path, entry in old_manifest.items() if path not in changing
    }

    result = publish(build_dir, deployment.target())

    assert result.resumed and result.deleted == 2
    assert deployment.stored_paths() == set(new_site)
    assert all(deployment.read(path) == content for path, content in new_site.items())
    assert deployment.target().read_manifest() == build_manifest(build_dir)


def test_a_failed_upload_stops_the_publish_instead_of_trying_every_file(
    folder_deployment, tmp_path
):
    photos = {f"media/images/{number}.jpg": b"jpeg" for number in range(50)}
    target = WatchedTarget(folder_deployment.target(), fail_after=0)

    with pytest.raises(PublishError):
        publish(make_build(tmp_path, photos), target, workers=2)

    assert target.attempts < 10


def test_progress_is_reported_after_each_upload(deployment, tmp_path):
    calls = []

    publish(
        make_build(tmp_path, SITE), deployment.target(), progress=lambda *call: calls.append(call)
    )

    assert [done for done, _total, _path in calls] == list(range(1, len(SITE) + 1))
    assert {total for _done, total, _path in calls} == {len(SITE)}
    assert sorted(path for _done, _total, path in calls) == sorted(SITE)


def test_publishing_without_a_build_says_to_bake_first(folder_deployment, tmp_path):
    with pytest.raises(PublishError, match=r"Nothing to publish.*run `manage.py bake` first"):
        publish(tmp_path / "build", folder_deployment.target())


invalidations = []


def record_invalidation(target_name, paths):
    invalidations.append((target_name, paths))


def fail_invalidation(target_name, paths):
    raise RuntimeError("CDN answered 503")


@pytest.fixture
def recorded_invalidations():
    invalidations.clear()
    yield invalidations
    invalidations.clear()


def test_the_cdn_is_told_which_paths_changed(folder_deployment, tmp_path, recorded_invalidations):
    invalidate = f"{__name__}.record_invalidation"
    publish(make_build(tmp_path, SITE), folder_deployment.target(invalidate=invalidate))
    changed = {**SITE, "index.html": b"<h1>Baru</h1>"}
    del changed["katalog/tenun/index.html"]
    build_dir = make_build(tmp_path, changed)

    publish(build_dir, folder_deployment.target(invalidate=invalidate))
    publish(build_dir, folder_deployment.target(invalidate=invalidate))  # no change: no call

    assert recorded_invalidations == [
        ("folder", sorted(SITE)),
        ("folder", ["index.html", "katalog/tenun/index.html"]),
    ]


def test_a_failing_cdn_invalidation_is_reported_but_the_site_is_published(
    folder_deployment, tmp_path
):
    target = folder_deployment.target(invalidate=f"{__name__}.fail_invalidation")

    result = publish(make_build(tmp_path, SITE), target)

    assert result.invalidation_error == "RuntimeError: CDN answered 503"
    assert result.uploaded == len(SITE)
    assert folder_deployment.read("index.html") == SITE["index.html"]
    assert folder_deployment.target().read_manifest() is not None
