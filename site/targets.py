"""Publish targets: the places a baked site is copied to, configured by name in settings.

``SITEGEN_PUBLISH_TARGETS`` maps a name to a BACKEND class and its OPTIONS, the way Django
configures caches or Wagtail its frontend caches, so that a deployment switches from a local
folder to a bucket through environment variables only. A target knows how to store one file,
delete files and keep the manifest of what it holds; deciding *what* to upload is
``sitegen.publish``'s job, so that every target behaves the same way.

Errors a person can fix (a wrong bucket, an unreachable endpoint, missing credentials) are raised
as ``PublishError`` or ``InvalidPublishTarget`` with a message that names the setting to check.
"""

import functools
import gzip
import hashlib
import mimetypes
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
import botocore.handlers
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from sitegen.manifest import Manifest, ManifestEntry, write_atomically
from sitegen.paths import checked, inside
from sitegen.recently_used import RecentlyUsed

# Name of the copy of the last published manifest, kept on the target next to the site. It starts
# with a dot so that a web server configured to hide dotfiles does not serve it.
MANIFEST_NAME = ".etalase-manifest.json"

Invalidator = Callable[[str, list[str]], object]


class InvalidPublishTarget(ImproperlyConfigured):
    """The settings do not describe a usable publish target."""


class PublishError(Exception):
    """A publish could not complete; the message says what went wrong in plain words."""


@dataclass(frozen=True)
class Placement:
    """Which site a target is built for, when an installation has several: the default site
    goes where the settings say; another goes to its own bucket or prefix (blank: the
    settings'), or, on a folder target, to a sibling folder named after it."""

    name: str  # the site's name in file names, e.g. "lapas-b.example"
    default: bool
    bucket: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Location:
    """Where a target writes, to tell whether two sites would write into each other."""

    root: str  # the folder target's kind, or an S3 endpoint and bucket
    path: str  # a folder or key prefix, ending with "/" (or empty: the whole bucket)

    def overlaps(self, other: "Location") -> bool:
        """The same place, or one inside the other."""
        return self.root == other.root and (
            self.path.startswith(other.path) or other.path.startswith(self.path)
        )


def get_target(name: str | None = None, placement: Placement | None = None) -> "PublishTarget":
    """Build the target called `name` (default: settings.SITEGEN_PUBLISH_TARGET), placed for a
    site when `placement` is given."""
    name = name or settings.SITEGEN_PUBLISH_TARGET
    targets = settings.SITEGEN_PUBLISH_TARGETS
    if name not in targets:
        known = ", ".join(sorted(targets))
        raise InvalidPublishTarget(
            f"Unknown publish target {name!r}; the known targets are: {known}. "
            "Set ETALASE_PUBLISH_TARGET to one of them."
        )
    config = targets[name]
    backend = _import(config["BACKEND"], f"SITEGEN_PUBLISH_TARGETS[{name!r}]['BACKEND']")
    invalidate_path = config.get("INVALIDATE")
    invalidate = _import(invalidate_path, "ETALASE_CDN_INVALIDATE") if invalidate_path else None
    options = config.get("OPTIONS", {})
    if placement is not None:
        options = backend.placed_options(options, placement)
    return backend(name=name, invalidate=invalidate, **options)


def _import(dotted_path: str, setting: str):
    try:
        return import_string(dotted_path)
    except ImportError as error:
        raise InvalidPublishTarget(
            f"Cannot import {dotted_path!r} ({error}); check {setting}."
        ) from error


class PublishTarget(ABC):
    """Where a build is published. Subclasses store files; `sitegen.publish` decides which."""

    # Targets that talk to a server count their HTTP requests; the others leave this at None.
    request_count: int | None = None
    # Files a publish uploads at once: a folder is bound by the disk, a server by its latency.
    parallel_uploads: int = 8

    def __init__(self, *, name: str, invalidate: Invalidator | None = None):
        self.name = name
        self.invalidator = invalidate

    @classmethod
    def placed_options(cls, options: dict, placement: Placement) -> dict:
        """The OPTIONS for one site of several. A target that cannot tell sites apart puts them
        all in one place, so only one site may publish to it."""
        return options

    @abstractmethod
    def describe(self) -> str:
        """Where the files go, for messages: ``folder /srv/www`` or ``s3://bucket/prefix/``."""

    @abstractmethod
    def location(self) -> Location:
        """Where the files go, to compare with another site's target."""

    @abstractmethod
    def read_manifest(self) -> Manifest | None:
        """The manifest last written (with the paths of an unfinished publish in its `pending`),
        or None if nothing was ever published."""

    @abstractmethod
    def upload(self, path: str, source: Path, entry: ManifestEntry) -> int:
        """Store the file `source` at `path`, replacing any previous version; return bytes sent.

        The bytes stored are those `entry` describes (see `read_verified`). Called from several
        threads at once, for different paths.
        """

    @abstractmethod
    def inventory(self) -> dict[str, str]:
        """Every file the target holds in its place (the manifest aside), path → fingerprint.

        The one operation that lists the target: only a publish after an interrupted one and
        a verification call it."""

    @abstractmethod
    def fingerprint(self, path: str, content: bytes) -> str:
        """The fingerprint `inventory` gives for `path` once `content` is uploaded there."""

    @abstractmethod
    def download(self, path: str) -> bytes | None:
        """The bytes of the build file published at `path` (as uploaded, not as stored), or
        None if the target has no such file."""

    @abstractmethod
    def write_manifest(self, manifest: Manifest) -> None:
        """Record `manifest` as the description of what the target now holds."""

    @abstractmethod
    def delete(self, paths: list[str]) -> None:
        """Remove the files at `paths`; a path that is already gone is not an error."""

    def check_build_dir(self, build_dir: Path) -> None:  # noqa: B027 - an optional hook
        """Raise PublishError if this target cannot receive the build in `build_dir`."""

    def invalidate(self, paths: list[str]) -> None:
        """Tell the CDN in front of the target that `paths` changed (setting INVALIDATE)."""
        if self.invalidator is not None:
            self.invalidator(self.name, paths)


def read_verified(source: Path, entry: ManifestEntry) -> bytes:
    """The bytes of a build file, refused unless they are those its manifest entry describes: a
    build changed during a publish must not go out under a manifest that says otherwise."""
    content = source.read_bytes()
    if hashlib.sha256(content).hexdigest() != entry.sha256:
        raise PublishError(
            f"{source} changed after the bake that listed it; the build was modified during the "
            "publish. Run `manage.py bake`, then publish again."
        )
    return content


class FolderTarget(PublishTarget):
    """A local folder, served by any web server (or opened from disk to preview the site)."""

    def __init__(
        self, path: str | Path, *, name: str = "folder", invalidate: Invalidator | None = None
    ):
        super().__init__(name=name, invalidate=invalidate)
        self.path = Path(path)

    @classmethod
    def placed_options(cls, options: dict, placement: Placement) -> dict:
        if placement.default:
            return options
        # A sibling, not a sub-folder: a web server serving the default site's folder would
        # serve the other site inside it, where its links (from the site's root) break.
        path = Path(options["path"])
        return {**options, "path": path.with_name(f"{path.name}-{placement.name}")}

    def describe(self) -> str:
        return f"folder {self.path}"

    def location(self) -> Location:
        return Location("folder", f"{self.path.resolve().as_posix().rstrip('/')}/")

    def check_build_dir(self, build_dir: Path) -> None:  # noqa: B027 - an optional hook
        # Publishing into the build would mix the site with its own copy, and the next bake, which
        # starts from an empty build folder, would wipe the public site.
        folder, build = self.path.resolve(), build_dir.resolve()
        if folder == build or build in folder.parents:
            raise PublishError(
                f"The publish folder {folder} is inside the build folder {build}. "
                "Set ETALASE_PUBLISH_DIR to a folder outside ETALASE_BUILD_DIR."
            )

    def read_manifest(self) -> Manifest | None:
        try:
            return Manifest.read(self.path / MANIFEST_NAME)
        except FileNotFoundError:
            return None

    def upload(self, path: str, source: Path, entry: ManifestEntry) -> int:
        # A redirect is just its meta-refresh page here: a plain folder has no HTTP redirects.
        file = inside(self.path, path)
        content = read_verified(source, entry)
        write_atomically(file, content)
        return len(content)

    def download(self, path: str) -> bytes | None:
        try:
            return inside(self.path, path).read_bytes()
        except FileNotFoundError:
            return None

    def write_manifest(self, manifest: Manifest) -> None:
        manifest.write(self.path / MANIFEST_NAME)

    def inventory(self) -> dict[str, str]:
        if not self.path.is_dir():
            return {}
        files = (file for file in self.path.rglob("*") if file.is_file())
        stored = {file.relative_to(self.path).as_posix(): file for file in files}
        stored.pop(MANIFEST_NAME, None)
        return {
            path: hashlib.sha256(file.read_bytes()).hexdigest() for path, file in stored.items()
        }

    def fingerprint(self, path: str, content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    def delete(self, paths: list[str]) -> None:
        files = [inside(self.path, path) for path in paths]  # all refused before any is deleted
        for file in files:
            file.unlink(missing_ok=True)
            self._remove_empty_directories(file.parent)

    def _remove_empty_directories(self, directory: Path) -> None:
        """Remove `directory` and its parents while they are empty, so no empty folder lingers."""
        while directory != self.path and directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
            directory = directory.parent


# Content types browsers need exactly; `mimetypes` varies with the machine's /etc/mime.types.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
# Text compresses well; images and fonts are compressed already.
GZIPPED_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg"}


def _is_gzipped(path: str) -> bool:
    return Path(path).suffix.lower() in GZIPPED_SUFFIXES


# Above this size (catalog.json and the product feeds of a large catalog, rebuilt at every
# approval), the smallest gzip costs three times the time for 1-6% fewer bytes.
LARGE_TEXT = 1_000_000


def stored_body(path: str, content: bytes) -> bytes:
    """The bytes an S3 object holds for a file of the build: text is stored gzipped."""
    if not _is_gzipped(path):
        return content
    level = 6 if len(content) > LARGE_TEXT else 9
    # mtime=0: the same file always gives the same bytes, hence the same ETag, so browsers and
    # CDNs keep their cached copy of what did not change, and `fingerprint` can predict it.
    return gzip.compress(content, compresslevel=level, mtime=0)


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def cache_control(path: str) -> str:
    if path.startswith("static/"):
        # The theme's files carry a hash of their content in their name: a change is a new name.
        return "public, max-age=31536000, immutable"
    if path.startswith("media/"):
        return "public, max-age=86400"
    # Pages, sitemap.xml, catalog.json...: short, so an approved change shows up within minutes.
    return "public, max-age=300"


# The manifest of the S3 targets used last, as this process last read or wrote it, with its
# ETag: (endpoint, bucket, key) → (ETag, manifest).
_manifests_seen = RecentlyUsed(size=4)


def _key_prefix(prefix: str) -> str:
    """The prefix of every key, as `name/` (or empty), whatever slashes the setting has."""
    name = prefix.strip("/")
    return f"{name}/" if name else ""


@functools.cache
def _service_models() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


def _new_session() -> boto3.session.Session:
    """A session of its own (boto3's default one is not safe to set up from several threads),
    with credentials read afresh, sharing the service models loaded once per process: a new
    client then costs 30 ms instead of 150, a fifth of the one-edit publish."""
    core = botocore.session.get_session()
    core.register_component("data_loader", _service_models())
    return boto3.session.Session(botocore_session=core)


class S3Target(PublishTarget):
    """An S3 bucket (AWS or any S3-compatible service), optionally under a key prefix.

    Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
    Every HTTP request is counted in `request_count` (PUTs also in `put_count`), so a publish can
    report what it cost.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region_name: str | None = None,
        *,
        name: str = "s3",
        invalidate: Invalidator | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 30,
        max_attempts: int = 4,
        addressing_style: str = "auto",
        parallel_uploads: int = 32,
    ):
        super().__init__(name=name, invalidate=invalidate)
        if not bucket:
            raise InvalidPublishTarget(
                f"The publish target {name!r} has no bucket: set ETALASE_S3_BUCKET."
            )
        self.bucket = bucket
        self.prefix = _key_prefix(prefix)
        self.endpoint_url = endpoint_url
        self.region_name = region_name
        self.parallel_uploads = parallel_uploads
        # Without timeouts and a bound on retries, an unreachable endpoint hangs the publish.
        self.config = Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": max_attempts, "mode": "standard"},
            max_pool_connections=parallel_uploads,  # one connection per upload at once
            # MinIO and several local providers only answer path-style (endpoint/bucket/key).
            s3={"addressing_style": addressing_style},
        )
        self.request_count = 0
        self.put_count = 0
        self._count_lock = threading.Lock()
        self._client = None
        self._client_lock = threading.Lock()

    @property
    def client(self):
        """The boto3 client, made on first use (by one thread): comparing the places of every
        site's target needs none."""
        with self._client_lock:
            if self._client is None:
                self._client = _new_session().client(
                    "s3",
                    endpoint_url=self.endpoint_url,
                    region_name=self.region_name,
                    config=self.config,
                )
                # `before-send` fires once per HTTP attempt, retries included.
                self._client.meta.events.register("before-send.s3", self._count_request)
                # "Expect: 100-continue" makes every upload wait a round trip for the server's
                # go-ahead before sending its body: worth it for bodies of many megabytes that a
                # server may refuse, not for the pages and photos of a site.
                self._client.meta.events.unregister(
                    "before-call.s3", botocore.handlers.add_expect_header
                )
            return self._client

    @classmethod
    def placed_options(cls, options: dict, placement: Placement) -> dict:
        return {
            **options,
            "bucket": placement.bucket or options.get("bucket", ""),
            "prefix": placement.prefix or options.get("prefix", ""),
        }

    def _count_request(self, request, **kwargs) -> None:
        with self._count_lock:
            self.request_count += 1
            if request.method == "PUT":
                self.put_count += 1

    def describe(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} ({self.endpoint_url})" if self.endpoint_url else where

    def location(self) -> Location:
        return Location(f"s3 {self.endpoint_url or 'AWS'} {self.bucket}", self.prefix)

    def read_manifest(self) -> Manifest | None:
        """The manifest last written; asked only if it changed since this process last read or
        wrote it (megabytes at thousands of pages, read at every publish)."""
        kept = _manifests_seen.get(self._manifest_address)
        unless_still = {"IfNoneMatch": kept[0]} if kept else {}
        with self._plain_errors("reading the manifest of the last publish"):
            try:
                response = self.client.get_object(
                    Bucket=self.bucket, Key=self._manifest_key, **unless_still
                )
            except ClientError as error:
                code = error.response["Error"]["Code"]
                if code in {"304", "NotModified"} and kept:
                    return kept[1].copy()
                if code in {"NoSuchKey", "404"}:
                    return None
                raise
            manifest = Manifest.from_bytes(response["Body"].read())
        self._remember_manifest(response["ETag"], manifest)
        return manifest

    def upload(self, path: str, source: Path, entry: ManifestEntry) -> int:
        key = self._key(path)
        body = stored_body(path, read_verified(source, entry))
        headers = {"ContentType": content_type(path), "CacheControl": cache_control(path)}
        if _is_gzipped(path):
            headers["ContentEncoding"] = "gzip"
        if entry.redirect:
            headers["WebsiteRedirectLocation"] = entry.redirect
        with self._plain_errors(f"uploading {path}"):
            self.client.put_object(Bucket=self.bucket, Key=key, Body=body, **headers)
        return len(body)

    def download(self, path: str) -> bytes | None:
        with self._plain_errors(f"downloading {path}"):
            try:
                response = self.client.get_object(Bucket=self.bucket, Key=self._key(path))
            except ClientError as error:
                if error.response["Error"]["Code"] in {"NoSuchKey", "404"}:
                    return None
                raise
            body = response["Body"].read()
        return gzip.decompress(body) if response.get("ContentEncoding") == "gzip" else body

    def inventory(self) -> dict[str, str]:
        """Keys under the prefix with their ETag: the MD5 of the stored body, since every object
        is stored by one PutObject (S3 gives another ETag to multipart uploads and to objects
        encrypted with SSE-KMS; such a bucket shows every file as changed)."""
        stored = {}
        with self._plain_errors("listing the files under the prefix"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for item in page.get("Contents", []):
                    stored[item["Key"].removeprefix(self.prefix)] = item["ETag"].strip('"')
        stored.pop(MANIFEST_NAME, None)
        return stored

    def fingerprint(self, path: str, content: bytes) -> str:
        return hashlib.md5(stored_body(path, content), usedforsecurity=False).hexdigest()

    def write_manifest(self, manifest: Manifest) -> None:
        with self._plain_errors("writing the manifest"):
            response = self.client.put_object(
                Bucket=self.bucket,
                Key=self._manifest_key,
                Body=manifest.to_bytes(),
                ContentType="application/json",
                CacheControl="no-cache",
            )
        self._remember_manifest(response["ETag"], manifest)

    def _remember_manifest(self, etag: str, manifest: Manifest) -> None:
        # A copy: the caller may change its own.
        _manifests_seen.put(self._manifest_address, (etag, manifest.copy()))

    @property
    def _manifest_address(self) -> tuple:
        return (self.endpoint_url, self.bucket, self._manifest_key)

    def delete(self, paths: list[str]) -> None:
        batch_size = 1000  # the most keys S3 accepts in one DeleteObjects request
        all_keys = [{"Key": self._key(path)} for path in paths]  # all refused before any delete
        for start in range(0, len(all_keys), batch_size):
            keys = all_keys[start : start + batch_size]
            with self._plain_errors("deleting removed files"):
                response = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )
            # DeleteObjects answers 200 even when some keys could not be deleted.
            if errors := response.get("Errors"):
                failures = ", ".join(f"{error['Key']} ({error['Code']})" for error in errors[:5])
                raise PublishError(
                    f"S3 refused to delete {len(errors)} file(s) from {self.describe()}: "
                    f"{failures}. Check that AWS_ACCESS_KEY_ID may delete objects in the bucket."
                )

    @property
    def _manifest_key(self) -> str:
        return self.prefix + MANIFEST_NAME

    def _key(self, path: str) -> str:
        """The key of a site's file: the path is checked before the prefix makes it a key."""
        return self.prefix + checked(path)

    @contextmanager
    def _plain_errors(self, doing: str) -> Iterator[None]:
        """Turn botocore's exceptions into a PublishError that says which setting to check."""
        try:
            yield
        except (NoCredentialsError, PartialCredentialsError) as error:
            raise PublishError(
                f"No S3 credentials were found while {doing}: "
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
            ) from error
        except (BotoConnectionError, HTTPClientError) as error:
            endpoint = self.endpoint_url or "AWS S3"
            raise PublishError(
                f"Could not reach the S3 endpoint {endpoint} while {doing} ({error}). "
                "Check ETALASE_S3_ENDPOINT_URL and that the service is up."
            ) from error
        except ClientError as error:
            raise PublishError(self._explain(error, doing)) from error
        except BotoCoreError as error:
            raise PublishError(f"S3 failed while {doing}: {error}") from error

    def _explain(self, error: ClientError, doing: str) -> str:
        code = error.response["Error"].get("Code", "")
        advice = {
            "NoSuchBucket": f"the bucket {self.bucket!r} does not exist; check ETALASE_S3_BUCKET "
            "and ETALASE_S3_ENDPOINT_URL",
            "InvalidAccessKeyId": "the access key is unknown to this service; "
            "check AWS_ACCESS_KEY_ID",
            "SignatureDoesNotMatch": "the secret key does not match the access key; "
            "check AWS_SECRET_ACCESS_KEY",
            "AccessDenied": "access was denied; check that AWS_ACCESS_KEY_ID may read, write, "
            "delete and list objects in the bucket (without list permission S3 also answers "
            "AccessDenied for a file that does not exist yet)",
        }.get(code, error.response["Error"].get("Message", str(error)))
        return f"S3 answered {code} while {doing} at {self.describe()}: {advice}."
