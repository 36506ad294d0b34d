"""Publish a build to a target: upload what changed, delete what was removed.

The build's manifest is compared with the manifest the target kept from its last publish, so a
publish never lists a bucket and a publish with no change costs one request.

The order keeps the public site working at every moment, even if the publish stops half-way:

1. the files pages use (styles, images, catalog.json...) go up first, then the pages, so a new
   page never goes live before its assets; old pages keep working because their assets are only
   deleted at the end (theme files carry a hash in their name, so old and new ones coexist);
2. files removed from the build are deleted;
3. the new manifest is written last. Until then the target keeps its old manifest, so a publish
   that failed anywhere before is simply run again: it re-uploads what still differs from that
   manifest and deletes what is still stale.
"""

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.manifest import Manifest
from sitegen.targets import PublishError, PublishTarget

__all__ = ["PublishError", "PublishResult", "publish"]

logger = logging.getLogger(__name__)

BUILD_MANIFEST = Path(".etalase") / "manifest.json"

# progress(done, total, path), called after each upload from the calling thread.
Progress = Callable[[int, int, str], object]


@dataclass
class PublishResult:
    uploaded: int = 0
    deleted: int = 0
    bytes_uploaded: int = 0
    unchanged: int = 0
    requests: int | None = None  # HTTP requests made, for targets that count them
    invalidation_error: str | None = None
    planned_uploads: list[str] = field(default_factory=list)
    planned_deletes: list[str] = field(default_factory=list)
    dry_run: bool = False
    duration: float = 0.0  # seconds


def publish(
    build_dir: Path,
    target: PublishTarget,
    *,
    dry_run: bool = False,
    workers: int = 16,
    progress: Progress | None = None,
) -> PublishResult:
    """Make `target` hold exactly the build in `build_dir`; with `dry_run`, only plan it."""
    started = time.monotonic()
    requests_before = target.request_count
    target.check_build_dir(build_dir)
    build = _read_build_manifest(build_dir)
    with _explained(f"Reading the manifest of {target.describe()}"):
        published = target.read_manifest() or Manifest()
    uploads = sorted(path for path, entry in build.items() if published.get(path) != entry)
    result = PublishResult(
        unchanged=len(build) - len(uploads),
        planned_uploads=uploads,
        planned_deletes=sorted(set(published) - set(build)),
        dry_run=dry_run,
    )
    if not dry_run and (result.planned_uploads or result.planned_deletes):
        _carry_out(result, build_dir, build, target, workers, progress)
        _invalidate(result, target)
    if requests_before is not None:
        result.requests = target.request_count - requests_before
    result.duration = time.monotonic() - started
    return result


def _read_build_manifest(build_dir: Path) -> Manifest:
    try:
        return Manifest.read(build_dir / BUILD_MANIFEST)
    except FileNotFoundError:
        raise PublishError(
            f"Nothing to publish: {build_dir} has no {BUILD_MANIFEST}; run `manage.py bake` first"
        ) from None


def _carry_out(
    result: PublishResult,
    build_dir: Path,
    build: Manifest,
    target: PublishTarget,
    workers: int,
    progress: Progress | None,
) -> None:
    uploads = result.planned_uploads
    assets = [path for path in uploads if not _is_page(path)]
    pages = [path for path in uploads if _is_page(path)]
    uploader = _Uploader(build_dir, build, target, workers, progress, total=len(uploads))
    for batch in (assets, pages):  # one after the other: see the module docstring
        result.bytes_uploaded += uploader.upload(batch)
    result.uploaded = len(uploads)
    if result.planned_deletes:
        with _explained(f"Deleting removed files from {target.describe()}"):
            target.delete(result.planned_deletes)
        result.deleted = len(result.planned_deletes)
    with _explained(f"Writing the manifest to {target.describe()}"):
        target.write_manifest(build)


@contextmanager
def _explained(doing: str) -> Iterator[None]:
    """Raise any failure as a PublishError saying what was being done (targets' own PublishErrors
    already say it)."""
    try:
        yield
    except PublishError:
        raise
    except Exception as error:
        raise PublishError(f"{doing} failed: {error}") from error


def _is_page(path: str) -> bool:
    # Redirects are pages too: their file is a meta-refresh HTML page.
    return path.endswith(".html")


class _Uploader:
    """Uploads batches of paths in parallel and reports progress across batches."""

    def __init__(
        self,
        build_dir: Path,
        build: Manifest,
        target: PublishTarget,
        workers: int,
        progress: Progress | None,
        *,
        total: int,
    ):
        self.build_dir = build_dir
        self.build = build
        self.target = target
        self.workers = workers
        self.progress = progress
        self.total = total
        self.done = 0

    def upload(self, paths: list[str]) -> int:
        """Upload `paths`; return the bytes sent. The first failure cancels what has not started."""
        bytes_sent = 0
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = {pool.submit(self._upload_one, path): path for path in paths}
            try:
                for future in as_completed(futures):
                    bytes_sent += future.result()
                    self._report(futures[future])
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
        return bytes_sent

    def _upload_one(self, path: str) -> int:
        with _explained(f"Uploading {path} to {self.target.describe()}"):
            return self.target.upload(path, self.build_dir / path, self.build[path])

    def _report(self, path: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, path)


def _invalidate(result: PublishResult, target: PublishTarget) -> None:
    """Purge the changed paths from the CDN; the files are already live, so a failure is reported
    but does not fail the publish (the CDN catches up when its cache expires)."""
    changed = sorted({*result.planned_uploads, *result.planned_deletes})
    try:
        target.invalidate(changed)
    except Exception as error:
        logger.exception("Invalidating the CDN of publish target %r failed", target.name)
        result.invalidation_error = f"{type(error).__name__}: {error}"
