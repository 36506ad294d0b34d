"""A process keeps the build folder's state and manifest, and each S3 target's manifest, as it
last read or wrote them (sitegen.build_folder, sitegen.targets): an approval then parses
neither again. What it keeps is used only while the record is unchanged: a record another
process or worker wrote since is read again."""

import os

from sitegen.bake import bake
from sitegen.build_folder import read_manifest, read_state, state_path
from sitegen.canonical import canonical_json, parse_json
from sitegen.manifest import Manifest, ManifestEntry
from sitegen.publish import publish
from sitegen.sites import build_dir as site_build_dir
from sitegen.targets import MANIFEST_NAME
from tests.sitegen.helpers import edit

from .conftest import make_build


def replace_behind_the_process(path, content: bytes) -> None:
    """Replace the file as another process does (a new file renamed over it), keeping its size
    and modification time: only the file itself differs."""
    before = path.stat()
    assert len(content) == before.st_size
    replacement = path.with_name("replacement")
    replacement.write_bytes(content)
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(path)


def test_a_state_another_process_wrote_since_is_read_again(shop, build_dir):
    bake()
    folder = site_build_dir()
    generation = read_state(folder)["generation"]
    # Another worker process of this machine bakes the site into the same folder.
    others = parse_json(state_path(folder).read_bytes())
    others["generation"] = generation + 1
    replace_behind_the_process(state_path(folder), canonical_json(others))

    assert read_state(folder)["generation"] == generation + 1


def test_what_a_reader_changes_in_its_copy_is_not_what_the_next_one_reads(shop, build_dir):
    bake()
    folder = site_build_dir()
    state, manifest = read_state(folder), read_manifest(folder)
    state["pages"].clear()
    manifest.clear()

    assert read_state(folder)["pages"]
    assert read_manifest(folder)


def test_an_incremental_bake_goes_on_from_the_state_it_wrote(shop, build_dir):
    bake()
    edit(shop[1], title="Sandal hotel putih")
    first = bake(changed_only=True)
    edit(shop[1], title="Sandal hotel hitam")
    second = bake(changed_only=True)

    assert not first.full and not second.full
    assert second.pages_rendered == first.pages_rendered
    page = (site_build_dir() / shop[1].url.strip("/") / "index.html").read_text()
    assert "Sandal hotel hitam" in page


def test_an_s3_manifest_another_worker_wrote_since_is_read_again(
    s3_deployment, s3_client, tmp_path
):
    build_dir = make_build(tmp_path, {"index.html": b"<h1>Etalase</h1>"})
    publish(build_dir, s3_deployment.target())
    # Another worker publishes another build of the site.
    theirs = Manifest({"index.html": ManifestEntry.for_bytes(b"<h1>Etalase baru</h1>")})
    s3_client.put_object(Bucket=s3_deployment.bucket, Key=MANIFEST_NAME, Body=theirs.to_bytes())

    assert s3_deployment.target().read_manifest() == theirs
