"""Fault injection: a publish stopped at any step, whatever stops it, leaves a target that the
next publish brings to exactly the build, uploading only what differs.

The publish under test goes from an old build to a new one that has every kind of change (pages
changed, added and removed, a theme file renamed, photos added and removed, the search index
rebuilt, a redirect moved). It is stopped at each step in turn: a step is a manifest write, an
upload or the delete of one file (``faults.FaultyTarget``), or on S3 each HTTP request, from
which on the storage answers 500. Then the build changes again, forward or back to the old one,
as when a page is reverted and approved again, and a publish runs. Every run has a place of its
own (a folder, a key prefix) and is read back as a visitor would (bodies gunzipped where S3
stores them gzipped).
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from botocore.awsrequest import AWSResponse

from sitegen.build_folder import manifest_path
from sitegen.manifest import Manifest
from sitegen.publish import PublishError, compare, publish
from sitegen.targets import FolderTarget, S3Target

from .conftest import FolderDeployment, S3Deployment, make_build
from .faults import FaultyTarget, target_spec

REPOSITORY = Path(__file__).resolve().parents[2]

OLD = {
    "index.html": b'<link href="/static/theme/site.1111.css"><h1>Etalase</h1>',
    "katalog/batik/index.html": b"<h1>Batik tulis</h1>",
    "katalog/tenun/index.html": b"<h1>Tenun ikat</h1>",
    "static/theme/site.1111.css": b"body { color: #333 }",
    "media/images/batik.fill-300x300.jpg": b"\xff\xd8\xff\xe0 batik",
    "media/images/tenun.fill-300x300.jpg": b"\xff\xd8\xff\xe0 tenun",
    "pagefind/pagefind.js": b"export const search = 1;",
    "pagefind/index/en_1111.pf_index": b"\x00index one",
    "sitemap.xml": b"<urlset><url>batik</url><url>tenun</url></urlset>",
    "catalog.json": b'{"products": ["batik", "tenun"]}',
}
NEW = {
    "index.html": b'<link href="/static/theme/site.2222.css"><h1>Etalase baru</h1>',
    "katalog/batik/index.html": b"<h1>Batik cap</h1>",
    "katalog/anyaman/index.html": b"<h1>Anyaman</h1>",
    "static/theme/site.2222.css": b"body { color: #111 }",
    "media/images/batik.fill-300x300.jpg": OLD["media/images/batik.fill-300x300.jpg"],
    "media/images/anyaman.fill-300x300.jpg": b"\xff\xd8\xff\xe0 anyaman",
    "pagefind/pagefind.js": OLD["pagefind/pagefind.js"],
    "pagefind/index/en_2222.pf_index": b"\x00index two",
    "sitemap.xml": b"<urlset><url>batik</url><url>anyaman</url></urlset>",
    "catalog.json": b'{"products": ["batik", "anyaman"]}',
}
CHANGED_AGAIN = {**NEW, "katalog/batik/index.html": b"<h1>Batik cap, stok habis</h1>"}
OLD_REDIRECTS = {"produk/batik-lama/index.html": "/katalog/batik/"}
NEW_REDIRECTS = {"produk/batik-lama/index.html": "/katalog/anyaman/"}


@dataclass
class Build:
    folder: Path
    files: dict[str, bytes]

    @property
    def manifest(self) -> Manifest:
        return Manifest.read(manifest_path(self.folder))


@pytest.fixture
def builds(tmp_path):
    def build(name, files, redirects):
        folder = make_build(tmp_path / name, files, redirects)
        every_file = {path: (folder / path).read_bytes() for path in [*files, *redirects]}
        return Build(folder, every_file)

    return {
        "old": build("old", OLD, OLD_REDIRECTS),
        "new": build("new", NEW, NEW_REDIRECTS),
        "changed again": build("changed-again", CHANGED_AGAIN, NEW_REDIRECTS),
    }


@pytest.fixture
def places(request, tmp_path):
    """`places(n)`: a fresh place for run n, as (a target maker, a reader of what it serves)."""
    if request.param == "folder":

        def place(run):
            root = tmp_path / f"public-{run}"
            return (lambda: FolderTarget(root)), FolderDeployment(None, root)

        return place
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = request.getfixturevalue("bucket")
    client = request.getfixturevalue("s3_client")

    def place(run):
        prefix = f"run-{run}/"
        # One attempt per request: a 500 is a fault here, not something a retry hides.
        make = lambda: S3Target(bucket, prefix, endpoint_url=endpoint, max_attempts=1)  # noqa: E731
        return make, S3Deployment(None, client, endpoint, bucket, prefix)

    return place


def divergences(reader, target, build: Build, result, before) -> list[str]:
    """How the target differs from `build` after `result`, the publish that followed a fault;
    `before` is the comparison of the target with the build just before that publish."""
    found = []
    if reader.stored_paths() != set(build.files):
        found.append(f"holds {sorted(reader.stored_paths() ^ set(build.files))}")
    found += [f"{path} differs" for path, body in build.files.items() if reader.read(path) != body]
    manifest = target.read_manifest()
    if manifest != build.manifest or manifest.pending:
        found.append("the manifest does not describe the build")
    if result.uploaded != len(before.missing) + len(before.changed):
        found.append(f"uploaded {result.uploaded}, {before.missing + before.changed} differed")
    if result.deleted != len(before.extra):
        found.append(f"deleted {result.deleted}, {before.extra} were extra")
    return found


def converges_after(fault, places, builds, step: int, first_publish=False) -> list[str]:
    """Publish the old build (unless `first_publish`), then the new one with `fault(...)` at
    `step`, then a later build (back to the old one on odd steps): the divergences of the target
    from that later build."""
    make_target, reader = places(f"{step}-first" if first_publish else step)
    target = make_target()
    if not first_publish:
        publish(builds["old"].folder, target)
    fault(make_target, builds["new"].folder, step)
    later = builds["old" if step % 2 else "changed again"]
    before = compare(later.folder, target)
    result = publish(later.folder, target)
    return [
        f"step {step}: {problem}" for problem in divergences(reader, target, later, result, before)
    ]


def count_steps(places, builds, first_publish=False) -> int:
    make_target, _reader = places("counted-first" if first_publish else "counted")
    if not first_publish:
        publish(builds["old"].folder, make_target())
    counting = FaultyTarget(make_target())
    publish(builds["new"].folder, counting, workers=1)
    return counting.steps


def dropped_connection(make_target, build_dir, step):
    with pytest.raises(PublishError, match="connection reset"):
        publish(build_dir, FaultyTarget(make_target(), fail_at=step), workers=1)


def killed_process(make_target, build_dir, step):
    child = subprocess.run(  # noqa: S603 - the test's own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.sitegen.faults",
            target_spec(make_target()),
            str(build_dir),
            str(step),
        ],
        cwd=REPOSITORY,
        env=os.environ,
        capture_output=True,
        check=False,
    )
    assert child.returncode == -9, child.stderr.decode()


def report(capsys, kind: str, tried: int, found: list[str]) -> None:
    with capsys.disabled():
        sys.stdout.write(f"\n{kind}: {tried} fault points tried, {len(found)} divergences\n")


# 2 manifest writes, 9 uploads (two files of the new build are unchanged), 4 deletes.
STEPS = 15
# 2 manifest writes, 11 uploads.
FIRST_PUBLISH_STEPS = 13


@pytest.mark.parametrize("places", ["folder", "s3"], indirect=True)
def test_a_publish_failing_at_any_step_converges_on_the_next(places, builds, capsys):
    steps = count_steps(places, builds)
    found = [
        problem
        for step in range(steps)
        for problem in converges_after(dropped_connection, places, builds, step)
    ]
    report(capsys, "dropped connection", steps, found)
    assert (steps, found) == (STEPS, [])


@pytest.mark.parametrize("places", ["folder", "s3"], indirect=True)
def test_a_first_publish_failing_at_any_step_converges_on_the_next(places, builds, capsys):
    # The target's manifest then has no file, only pending ones.
    steps = count_steps(places, builds, first_publish=True)
    found = [
        problem
        for step in range(steps)
        for problem in converges_after(dropped_connection, places, builds, step, first_publish=True)
    ]
    report(capsys, "dropped connection, first publish", steps, found)
    assert (steps, found) == (FIRST_PUBLISH_STEPS, [])


@pytest.mark.parametrize("places", ["folder", "s3"], indirect=True)
def test_a_publish_killed_at_any_step_converges_on_the_next(places, builds, capsys):
    steps = count_steps(places, builds)
    found = [
        problem
        for step in range(steps)
        for problem in converges_after(killed_process, places, builds, step)
    ]
    report(capsys, "SIGKILL", steps, found)
    assert (steps, found) == (STEPS, [])


class InternalError:
    """The body of a 500 from S3."""

    def stream(self, **kwargs):
        yield b"<Error><Code>InternalError</Code><Message>Internal error</Message></Error>"


def answering_500_from(request_number: int):
    """A botocore hook: the storage answers 500 from request `request_number` (from 0) on, so
    that botocore's retries meet the same failure."""
    requests = []

    def answer(request, **kwargs):
        requests.append(request)
        if len(requests) > request_number:
            return AWSResponse(request.url, 500, {}, InternalError())
        return None

    return answer


def storage_error(make_target, build_dir, step):
    target = make_target()
    target.client.meta.events.register("before-send.s3", answering_500_from(step))
    with pytest.raises(PublishError, match="InternalError"):
        publish(build_dir, target, workers=1)


@pytest.mark.parametrize("places", ["s3"], indirect=True)
def test_a_publish_the_storage_answers_500_at_any_request_converges_on_the_next(
    places, builds, capsys
):
    make_target, _reader = places("counted")
    publish(builds["old"].folder, make_target())
    counted = make_target()
    publish(builds["new"].folder, counted, workers=1)
    found = [
        problem
        for step in range(counted.request_count)
        for problem in converges_after(storage_error, places, builds, step)
    ]
    report(capsys, "S3 answering 500", counted.request_count, found)
    # A GET of the manifest, 2 manifest PUTs, 9 uploads, one DeleteObjects.
    assert (counted.request_count, found) == (13, [])
