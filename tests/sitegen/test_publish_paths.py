"""What a publish refuses to touch: a path out of the site's folder or key prefix, whether it
comes from the build, from the manifest a target gives back or from a caller; and a build file
whose bytes are no longer those its manifest lists.

The victim is a file beside the site: next to the publish folder, or in the bucket outside the
S3 target's prefix (the target publishes under ``live/``)."""

import json
import shutil

import pytest

from sitegen.build_folder import manifest_path
from sitegen.manifest import ManifestEntry
from sitegen.paths import UnsafePath
from sitegen.publish import PublishError, publish
from sitegen.targets import MANIFEST_NAME

from .conftest import S3Deployment, make_build

SITE = {"index.html": b"<h1>Etalase</h1>", "catalog.json": b'{"products": []}'}
VICTIM = b"not the site's"


@pytest.fixture(params=["folder", "s3"])
def place(request, settings):
    """A deployment, with its victim planted beside it."""
    if request.param == "folder":
        deployment = request.getfixturevalue("folder_deployment")
        deployment.root.mkdir(parents=True)
        (deployment.root.parent / "victim.txt").write_bytes(VICTIM)
    else:
        client = request.getfixturevalue("s3_client")
        bucket = request.getfixturevalue("bucket")
        endpoint = request.getfixturevalue("s3_endpoint")
        deployment = S3Deployment(settings, client, endpoint, bucket, prefix="live/")
        client.put_object(Bucket=bucket, Key="victim.txt", Body=VICTIM)
    return deployment


def victim(deployment) -> bytes | None:
    if deployment.kind == "folder":
        file = deployment.root.parent / "victim.txt"
        return file.read_bytes() if file.exists() else None
    try:
        response = deployment.client.get_object(Bucket=deployment.bucket, Key="victim.txt")
    except deployment.client.exceptions.NoSuchKey:
        return None
    return response["Body"].read()


def put_target_manifest(deployment, document: dict) -> None:
    content = json.dumps(document).encode()
    if deployment.kind == "folder":
        (deployment.root / MANIFEST_NAME).write_bytes(content)
    else:
        key = deployment.prefix + MANIFEST_NAME
        deployment.client.put_object(Bucket=deployment.bucket, Key=key, Body=content)


ENTRY = ManifestEntry.for_bytes(VICTIM).as_json()


@pytest.mark.parametrize(
    "document",
    [
        {"version": 1, "files": {"../victim.txt": ENTRY}},
        {"version": 1, "files": {}, "pending": ["../victim.txt"]},
    ],
    ids=["file", "pending"],
)
def test_a_manifest_read_back_with_a_path_outside_the_site_is_refused_by_name(
    place, tmp_path, document
):
    publish(make_build(tmp_path, SITE), place.target())
    put_target_manifest(place, document)

    with pytest.raises(PublishError, match=r"'\.\./victim\.txt'"):
        publish(make_build(tmp_path, {"index.html": b"<h1>Baru</h1>"}), place.target())

    assert victim(place) == VICTIM
    assert place.read("index.html") == SITE["index.html"]


def test_a_build_listing_a_path_outside_the_site_is_refused_before_any_upload(place, tmp_path):
    # What a redirect from the old path /../victim.txt would put in a build.
    build_dir = make_build(tmp_path / "baker", SITE)
    manifest = json.loads(manifest_path(build_dir).read_bytes())
    manifest["files"]["../victim.txt"] = ManifestEntry.for_bytes(b"overwritten").as_json()
    manifest_path(build_dir).write_text(json.dumps(manifest))
    (build_dir.parent / "victim.txt").write_bytes(b"overwritten")  # the file the path names

    with pytest.raises(PublishError, match=r"'\.\./victim\.txt'"):
        publish(build_dir, place.target())

    assert victim(place) == VICTIM
    assert place.stored_paths() == set()


@pytest.mark.parametrize("path", ["../victim.txt", "katalog/../../victim.txt", "/victim.txt"])
def test_the_targets_refuse_to_write_or_delete_a_path_outside_the_site(place, tmp_path, path):
    publish(make_build(tmp_path, SITE), place.target())
    source = tmp_path / "overwritten.txt"
    source.write_bytes(b"overwritten")
    target = place.target()

    with pytest.raises(UnsafePath):
        target.upload(path, source, ManifestEntry.for_bytes(b"overwritten"))
    with pytest.raises(UnsafePath):
        target.delete(["index.html", path])

    assert victim(place) == VICTIM
    assert place.read("index.html") == SITE["index.html"]  # refused before any delete


def test_a_build_file_changed_during_the_publish_is_refused_not_published(place, tmp_path):
    build_dir = make_build(tmp_path, SITE)
    (build_dir / "index.html").write_bytes(b"<h1>Edited after the bake</h1>")

    with pytest.raises(PublishError, match="changed after the bake"):
        publish(build_dir, place.target(), workers=1)

    assert place.read("index.html") is None
    assert "index.html" in place.target().read_manifest().pending


@pytest.mark.parametrize("change", ["edited", "removed"])
@pytest.mark.parametrize("link", ["katalog", "katalog/index.html"])
def test_a_link_in_the_publish_folder_is_never_written_or_deleted_through(
    folder_deployment, tmp_path, link, change
):
    """Someone with a shell on the web server replaced a folder or a page of the site with a
    link to a file elsewhere: publishing the page edited must not overwrite that file, nor
    publishing it removed delete it."""
    site = {**SITE, "katalog/index.html": b"<h1>Katalog</h1>"}
    publish(make_build(tmp_path, site), folder_deployment.target())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(VICTIM)
    planted = folder_deployment.root / link
    shutil.rmtree(planted) if planted.is_dir() else planted.unlink()
    planted.symlink_to(elsewhere if link == "katalog" else elsewhere / "index.html")
    edited = {**site, "katalog/index.html": b"<h1>Katalog baru</h1>"}

    with pytest.raises(PublishError, match="is a link"):
        publish(
            make_build(tmp_path, edited if change == "edited" else SITE), folder_deployment.target()
        )

    assert (elsewhere / "index.html").read_bytes() == VICTIM
