"""Fixtures for the publish tests: build folders and a "deployment" per kind of target that knows
how to read back what was published, the way a visitor would. The S3 server (moto) and its
bucket fixtures are in tests/conftest.py, shared with the configuration checks."""

import gzip
import shutil
from pathlib import Path

import pytest

from sitegen.manifest import Manifest, ManifestEntry
from sitegen.queues import REBUILDS_QUEUE
from sitegen.targets import MANIFEST_NAME, get_target


def make_build(tmp_path: Path, files: dict[str, bytes], redirects: dict[str, str] | None = None):
    """Write a build folder like the baker's into `tmp_path/build` (replacing any previous one).

    `redirects` maps a path to its location; its file is a meta-refresh page, as the baker writes.
    """
    build_dir = tmp_path / "build"
    shutil.rmtree(build_dir, ignore_errors=True)
    manifest = Manifest()
    for path, content in files.items():
        manifest[path] = ManifestEntry.for_bytes(content)
        _write(build_dir / path, content)
    for path, location in (redirects or {}).items():
        content = f'<meta http-equiv="refresh" content="0; url={location}">'.encode()
        manifest[path] = ManifestEntry.for_bytes(content, redirect=location)
        _write(build_dir / path, content)
    manifest.write(build_dir / ".etalase" / "manifest.json")
    return build_dir


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


class FolderDeployment:
    """A FolderTarget in a temporary folder, read back from disk."""

    kind = "folder"

    def __init__(self, settings, root: Path):
        self.settings = settings
        self.root = root

    def target(self, invalidate: str | None = None):
        self.settings.SITEGEN_PUBLISH_TARGETS = {
            "folder": {
                "BACKEND": "sitegen.targets.FolderTarget",
                "OPTIONS": {"path": str(self.root)},
                "INVALIDATE": invalidate,
            }
        }
        return get_target("folder")

    def read(self, path: str) -> bytes | None:
        """The file a web server would serve at `path`, or None for a 404."""
        file = self.root / path
        return file.read_bytes() if file.is_file() else None

    def stored_paths(self) -> set[str]:
        if not self.root.exists():
            return set()
        files = (file for file in self.root.rglob("*") if file.is_file())
        return {file.relative_to(self.root).as_posix() for file in files} - {MANIFEST_NAME}


class S3Deployment:
    """An S3Target on the moto server, configured as in production but for endpoint_url.

    `prefix` is the normalised key prefix (`"live/"`) the files are read back from.
    """

    kind = "s3"

    def __init__(self, settings, client, endpoint: str, bucket: str, prefix: str = ""):
        self.settings = settings
        self.client = client
        self.endpoint = endpoint
        self.bucket = bucket
        self.prefix = prefix

    def target(self, **options):
        self.settings.SITEGEN_PUBLISH_TARGETS = {
            "s3": {
                "BACKEND": "sitegen.targets.S3Target",
                "OPTIONS": {
                    "bucket": self.bucket,
                    "prefix": self.prefix,
                    "endpoint_url": self.endpoint,
                    "region_name": None,
                    **options,
                },
            }
        }
        return get_target("s3")

    def head(self, path: str) -> dict:
        return self.client.head_object(Bucket=self.bucket, Key=self.prefix + path)

    def read(self, path: str) -> bytes | None:
        """The body a browser would get at `path` (decompressed), or None for a 404."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + path)
        except self.client.exceptions.NoSuchKey:
            return None
        return served_body(response)

    def stored_paths(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        keys = {item["Key"] for page in pages for item in page.get("Contents", [])}
        return {key.removeprefix(self.prefix) for key in keys} - {MANIFEST_NAME}


def served_body(response) -> bytes:
    """The body of a GetObject response as a browser gets it (decompressed)."""
    body = response["Body"].read()
    return gzip.decompress(body) if response.get("ContentEncoding") == "gzip" else body


@pytest.fixture
def folder_deployment(settings, tmp_path):
    return FolderDeployment(settings, tmp_path / "public")


@pytest.fixture
def s3_deployment(settings, s3_client, s3_endpoint, bucket):
    return S3Deployment(settings, s3_client, s3_endpoint, bucket)


@pytest.fixture(params=["folder", "s3"])
def deployment(request):
    """Each contract test runs once against a folder and once against S3."""
    return request.getfixturevalue(f"{request.param}_deployment")


@pytest.fixture
def shop(home, catalog, workshop):
    """A published home, catalog and workshop with three published products."""
    from tests.factories import ProductPageFactory
    from tests.sitegen.helpers import publish

    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    return [
        publish(ProductPageFactory(parent=catalog, title=title, slug=slug, workshop=workshop))
        for title, slug in [
            ("Batik Parang", "batik-parang"),
            ("Batik Kawung", "batik-kawung"),
            ("Sandal Hotel", "sandal-hotel"),
        ]
    ]


@pytest.fixture
def queued_tasks(settings):
    """Site updates wait in the database for the workers, as in production."""
    settings.SITEGEN_AUTO_PUBLISH = True
    settings.TASKS = {
        **settings.TASKS,
        "sitegen": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", REBUILDS_QUEUE],
        },
    }
