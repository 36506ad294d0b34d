"""Targets on their own: choosing one from settings, what S3 stores with each file, and the
errors a person gets when the configuration is wrong."""

import copy
import gzip
import json
import uuid

import boto3
import moto.settings
import pytest
from botocore.stub import Stubber

from sitegen.publish import compare, publish
from sitegen.targets import (
    LARGE_TEXT,
    InvalidPublishTarget,
    Location,
    Placement,
    PublishError,
    S3Target,
    get_target,
)
from tests.conftest import free_port

from .conftest import S3Deployment, make_build

SITE = {
    "index.html": b"<h1>Etalase</h1>" * 20,
    "katalog/batik/index.html": b"<h1>Batik</h1>",
    "static/theme/site.3f2a9c1d.css": b"body { margin: 0 }" * 20,
    "static/theme/app.3f2a9c1d.js": b"console.log('etalase');",
    "static/theme/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "static/theme/font.woff2": b"wOF2 font bytes",
    "media/images/batik.fill-300x300.jpg": b"\xff\xd8\xff\xe0 jpeg bytes",
    "sitemap.xml": b"<urlset></urlset>",
    "robots.txt": b"User-agent: *\n",
    "catalog.json": b'{"products": []}',
}


def editable_targets(settings) -> dict:
    """A copy of SITEGEN_PUBLISH_TARGETS to edit (the settings fixture restores what is assigned,
    not what is changed inside it)."""
    settings.SITEGEN_PUBLISH_TARGETS = copy.deepcopy(settings.SITEGEN_PUBLISH_TARGETS)
    return settings.SITEGEN_PUBLISH_TARGETS


# Choosing a target


def test_unknown_target_names_the_known_ones_and_the_setting(settings):
    with pytest.raises(InvalidPublishTarget) as error:
        get_target("bucket")

    assert "'bucket'" in str(error.value)
    assert "folder, s3" in str(error.value)
    assert "ETALASE_PUBLISH_TARGET" in str(error.value)


def test_s3_without_a_bucket_says_to_set_it(settings):
    editable_targets(settings)["s3"]["OPTIONS"]["bucket"] = ""

    with pytest.raises(InvalidPublishTarget, match="set ETALASE_S3_BUCKET"):
        get_target("s3")


@pytest.mark.parametrize(
    ("key", "setting"),
    [("BACKEND", "'BACKEND'"), ("INVALIDATE", "ETALASE_CDN_INVALIDATE")],
)
def test_a_dotted_path_that_does_not_import_names_the_setting(settings, key, setting):
    editable_targets(settings)["folder"][key] = "sitegen.targets.NoSuchThing"

    with pytest.raises(InvalidPublishTarget, match=f"NoSuchThing.*{setting}"):
        get_target("folder")


def test_the_default_target_is_the_one_the_setting_names(settings, s3_endpoint):
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    editable_targets(settings)["s3"]["OPTIONS"].update(
        bucket="etalase", prefix="/preview/", endpoint_url=s3_endpoint
    )

    target = get_target()

    assert isinstance(target, S3Target)
    assert target.describe() == f"s3://etalase/preview/ ({s3_endpoint})"


def test_a_site_other_than_the_default_gets_a_place_of_its_own(settings, tmp_path):
    targets = editable_targets(settings)
    targets["folder"]["OPTIONS"]["path"] = str(tmp_path / "public")
    targets["s3"]["OPTIONS"].update(bucket="etalase", prefix="lapas-a/")
    other = Placement(name="lapas-b.example", default=False)

    assert get_target("folder", other).path == tmp_path / "public-lapas-b.example"
    assert get_target("s3", other).describe() == "s3://etalase/lapas-a/"  # then refused
    own = Placement(name="lapas-b.example", default=False, bucket="lapas-b", prefix="katalog")
    assert get_target("s3", own).describe() == "s3://lapas-b/katalog/"
    default = Placement(name="localhost", default=True)
    assert get_target("folder", default).path == tmp_path / "public"


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        (("s3 AWS etalase", "lapas-a/"), ("s3 AWS etalase", "lapas-a/"), True),
        (("s3 AWS etalase", "lapas-a/"), ("s3 AWS etalase", "lapas-a/katalog/"), True),
        (("s3 AWS etalase", ""), ("s3 AWS etalase", "lapas-b/"), True),
        (("s3 AWS etalase", "lapas-a/"), ("s3 AWS etalase", "lapas-ab/"), False),
        (("s3 AWS etalase", "lapas-a/"), ("s3 AWS lapas-b", "lapas-a/"), False),
        (("folder", "/srv/public/"), ("folder", "/srv/public-lapas-b.example/"), False),
    ],
)
def test_places_overlap_when_one_is_the_other_or_inside_it(first, second, overlap):
    assert Location(*first).overlaps(Location(*second)) is overlap
    assert Location(*second).overlaps(Location(*first)) is overlap


# What S3 stores


IMMUTABLE = "public, max-age=31536000, immutable"
# path: (Content-Type, Cache-Control, Content-Encoding)
EXPECTED_HEADERS = {
    "index.html": ("text/html; charset=utf-8", "public, max-age=300", "gzip"),
    "sitemap.xml": ("application/xml", "public, max-age=300", "gzip"),
    "robots.txt": ("text/plain; charset=utf-8", "public, max-age=300", "gzip"),
    "catalog.json": ("application/json", "public, max-age=300", "gzip"),
    "static/theme/site.3f2a9c1d.css": ("text/css; charset=utf-8", IMMUTABLE, "gzip"),
    "static/theme/app.3f2a9c1d.js": ("text/javascript; charset=utf-8", IMMUTABLE, "gzip"),
    "static/theme/logo.svg": ("image/svg+xml", IMMUTABLE, "gzip"),
    "static/theme/font.woff2": ("font/woff2", IMMUTABLE, None),
    "media/images/batik.fill-300x300.jpg": ("image/jpeg", "public, max-age=86400", None),
    # Read by every publish, so a CDN in front must never serve an old copy.
    ".etalase-manifest.json": ("application/json", "no-cache", None),
}


def test_s3_objects_carry_the_headers_of_their_kind(s3_deployment, tmp_path):
    publish(make_build(tmp_path, SITE), s3_deployment.target())

    heads = {path: s3_deployment.head(path) for path in EXPECTED_HEADERS}

    stored_headers = {
        path: (head["ContentType"], head["CacheControl"], head.get("ContentEncoding"))
        for path, head in heads.items()
    }
    assert stored_headers == EXPECTED_HEADERS
    assert all(s3_deployment.read(path) == content for path, content in SITE.items())


def test_two_prefixes_in_one_bucket_do_not_see_each_other(
    settings, s3_client, s3_endpoint, bucket, tmp_path
):
    preview = S3Deployment(settings, s3_client, s3_endpoint, bucket, prefix="preview/")
    live = S3Deployment(settings, s3_client, s3_endpoint, bucket, prefix="live/")
    publish(make_build(tmp_path, SITE), preview.target())

    # Written as a person might: the slashes are normalised to "live/".
    result = publish(make_build(tmp_path, {"index.html": b"live"}), live.target(prefix="/live"))

    assert result.uploaded == 1 and result.deleted == 0
    assert preview.stored_paths() == set(SITE)
    assert live.stored_paths() == {"index.html"}
    keys = {item["Key"] for item in s3_client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert {"live/index.html", "preview/index.html", "live/.etalase-manifest.json"} <= keys


def test_the_same_text_file_is_stored_as_the_same_bytes(
    settings, s3_client, s3_endpoint, bucket, tmp_path
):
    # Identical bytes keep the ETag, so browsers and CDNs keep their cached copy.
    first = S3Deployment(settings, s3_client, s3_endpoint, bucket, prefix="first/")
    second = S3Deployment(settings, s3_client, s3_endpoint, bucket, prefix="second/")
    build_dir = make_build(tmp_path, SITE)
    publish(build_dir, first.target())
    publish(build_dir, second.target())

    for path in SITE:
        assert first.head(path)["ETag"] == second.head(path)["ETag"], path
    stored = s3_client.get_object(Bucket=bucket, Key="first/index.html")["Body"].read()
    assert stored[4:8] == b"\0\0\0\0"  # no timestamp in the gzip header
    assert gzip.decompress(stored) == SITE["index.html"]


def test_a_large_text_file_is_verified_as_published(s3_deployment, tmp_path):
    """catalog.json of a large catalog is stored with a quicker gzip: what the target holds is
    still what a verification predicts, and what a browser reads is the file."""
    products = [
        {"code": f"BTK-{number:04d}", "name": f"Batik {number}"} for number in range(40_000)
    ]
    catalog = json.dumps(products).encode()
    assert len(catalog) > LARGE_TEXT
    build_dir = make_build(tmp_path, {**SITE, "catalog.json": catalog})
    publish(build_dir, s3_deployment.target())

    assert compare(build_dir, s3_deployment.target()).matches
    assert s3_deployment.read("catalog.json") == catalog


def test_deletes_go_by_thousands(s3_deployment, s3_client):
    for key in ("old/0.html", "old/1000.html", "kept.html"):
        s3_client.put_object(Bucket=s3_deployment.bucket, Key=key, Body=b"x")
    target = s3_deployment.target()

    target.delete([f"old/{number}.html" for number in range(1001)])

    assert target.request_count == 2
    assert s3_deployment.stored_paths() == {"kept.html"}


def test_a_file_s3_refuses_to_delete_fails_the_publish(s3_deployment):
    target = s3_deployment.target()
    refusal = {"Key": "katalog/index.html", "Code": "AccessDenied", "Message": "Access Denied"}

    with Stubber(target.client) as s3, pytest.raises(PublishError) as error:
        s3.add_response("delete_objects", {"Errors": [refusal]})
        target.delete(["katalog/index.html"])

    assert "katalog/index.html (AccessDenied)" in str(error.value)
    assert "AWS_ACCESS_KEY_ID" in str(error.value)


# Errors a person can fix


def test_an_unreachable_endpoint_names_the_endpoint_setting(settings, s3_client, tmp_path):
    closed = S3Deployment(settings, s3_client, f"http://127.0.0.1:{free_port()}", "etalase")
    target = closed.target(connect_timeout=1, read_timeout=1, max_attempts=1)

    with pytest.raises(PublishError, match="Could not reach .* Check ETALASE_S3_ENDPOINT_URL"):
        publish(make_build(tmp_path, SITE), target)


def test_a_missing_bucket_names_the_bucket_setting(settings, s3_client, s3_endpoint, tmp_path):
    missing = S3Deployment(settings, s3_client, s3_endpoint, "etalase-no-such-bucket")

    with pytest.raises(PublishError, match="'etalase-no-such-bucket' does not exist.*BUCKET"):
        publish(make_build(tmp_path, SITE), missing.target())


def test_missing_credentials_name_the_variables(s3_deployment, tmp_path, monkeypatch):
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    # Nor from files or the cloud's metadata service: boto3 would look there next.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    with pytest.raises(PublishError, match="set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"):
        publish(make_build(tmp_path, SITE), s3_deployment.target())


@pytest.fixture
def s3_user(s3_endpoint):
    """The access key of a new IAM user on the moto server, allowed to do nothing."""
    iam = boto3.client("iam", endpoint_url=s3_endpoint)
    name = f"publisher-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    return iam.create_access_key(UserName=name)["AccessKey"]


@pytest.mark.parametrize(
    ("credentials", "advice"),
    [
        ("unknown key", "the access key is unknown.*check AWS_ACCESS_KEY_ID"),
        ("wrong secret", "check AWS_SECRET_ACCESS_KEY"),
        ("no permission", "access was denied; check that AWS_ACCESS_KEY_ID may read, write"),
    ],
)
def test_refused_credentials_name_what_to_check(
    s3_deployment, s3_user, monkeypatch, tmp_path, credentials, advice
):
    key_id, secret = {
        "unknown key": ("AKIAETALASEUNKNOWN00", "secret"),
        "wrong secret": (s3_user["AccessKeyId"], "not-the-secret"),
        "no permission": (s3_user["AccessKeyId"], s3_user["SecretAccessKey"]),
    }[credentials]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    # moto accepts any credentials unless told to check them from now on.
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)

    with pytest.raises(PublishError, match=advice):
        publish(make_build(tmp_path, SITE), s3_deployment.target())


@pytest.mark.parametrize("inside", [".", "public"])
def test_a_folder_inside_the_build_is_refused(settings, tmp_path, inside):
    build_dir = make_build(tmp_path, SITE)
    editable_targets(settings)["folder"]["OPTIONS"]["path"] = str(build_dir / inside)

    with pytest.raises(PublishError, match="inside the build folder.*ETALASE_PUBLISH_DIR"):
        publish(build_dir, get_target("folder"))

    assert not (build_dir / inside / ".etalase-manifest.json").exists()


def test_deleting_the_last_file_of_a_folder_removes_the_empty_folders(folder_deployment, tmp_path):
    publish(make_build(tmp_path, SITE), folder_deployment.target())
    without_batik = {path: content for path, content in SITE.items() if "batik" not in path}

    publish(make_build(tmp_path, without_batik), folder_deployment.target())

    assert not (folder_deployment.root / "katalog").exists()
    assert not (folder_deployment.root / "media").exists()
    assert (folder_deployment.root / "static" / "theme").is_dir()
