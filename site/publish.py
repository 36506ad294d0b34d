"""Publish a build to a target: upload what changed, delete what was removed.

The build's manifest is compared with the manifest the target kept from its last publish, so a
publish never lists a bucket and a publish with no change costs one request.

The order keeps the public site working at every moment, and lets the next publish converge
whenever this one stops (an error, a storage answering 500 or hanging, a killed process):

1. before touching a file, the target's manifest is rewritten with the paths this publish may
   change listed as ``pending`` (and their entries dropped): the target now says which of its
   files nobody can vouch for;
2. the files pages use (styles, images, catalog.json...) go up first, then the pages, so a new
   page never goes live before its assets; old pages keep working because their assets are only
   deleted at the end (theme files carry a hash in their name, so old and new ones coexist);
3. files removed from the build are deleted;
4. the build's manifest is written last, with nothing pending.

A publish that finds pending paths lists the target once (``PublishTarget.inventory``) and
compares those paths with the build by what is really stored, so it uploads exactly what differs
and deletes what the build no longer has, whatever the interrupted publish managed to do, and
even if the build changed since (a page reverted, a product withdrawn). ``recheck`` does the same
for every file, trusting no manifest: ``manage.py publish --verify --repair``.
"""

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.build_folder import manifest_path, read_manifest
from sitegen.manifest import Manifest
from sitegen.targets import PublishError, PublishTarget

__all__ = ["Comparison", "PublishError", "PublishResult", "compare", "publish"]

logger = logging.getLogger(__name__)

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
    resumed: bool = False  # the target showed an interrupted publish, checked by listing it
    dry_run: bool = False
    duration: float = 0.0  # seconds


def publish(
    build_dir: Path,
    target: PublishTarget,
    *,
    dry_run: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    recheck: bool = False,
    before_each_phase: Callable[[], object] | None = None,
) -> PublishResult:
    """Make `target` hold exactly the build in `build_dir`; with `dry_run`, only plan it.

    `workers`: files uploaded at once, by default as many as the target takes
    (``parallel_uploads``, the connections of an S3 target's client).
    `recheck`: compare every file the target holds with the build instead of trusting the
    target's manifest (which is not even read, so a damaged one is replaced).
    `before_each_phase`: called before each step that changes the target (the manifest in
    progress, the assets, the pages, the deletions, the final manifest); whatever it raises
    stops the publish there, and the next publish converges as after any interruption.
    """
    started = time.monotonic()
    requests_before = target.request_count
    target.check_build_dir(build_dir)
    build = _read_build_manifest(build_dir)
    if recheck:
        published = Manifest()
    else:
        with _explained(f"Reading the manifest of {target.describe()}"):
            published = target.read_manifest()
        # Not `or`: the manifest of an interrupted first publish is empty but has pending paths.
        published = Manifest() if published is None else published
    with _explained(f"Listing the files of {target.describe()}"):
        known, stale = _known_state(build_dir, build, published, target, recheck)
    uploads = sorted(path for path, entry in build.items() if known.get(path) != entry)
    result = PublishResult(
        unchanged=len(build) - len(uploads),
        planned_uploads=uploads,
        planned_deletes=sorted((set(known) | stale) - set(build)),
        resumed=bool(published.pending),
        dry_run=dry_run,
    )
    if not dry_run and (uploads or result.planned_deletes or published.pending or recheck):
        workers = workers or target.parallel_uploads
        phase = before_each_phase or (lambda: None)
        _carry_out(result, build_dir, build, known, target, workers, progress, phase)
        _invalidate(result, target)
    if requests_before is not None:
        result.requests = target.request_count - requests_before
    result.duration = time.monotonic() - started
    return result


def _known_state(
    build_dir: Path, build: Manifest, published: Manifest, target: PublishTarget, recheck: bool
) -> tuple[Manifest, set[str]]:
    """What the target holds as far as can be vouched for (path → entry), and the files it holds
    that the build does not have but no entry describes.

    The manifest vouches for its entries, except for the pending paths of an interrupted
    publish (every path, with `recheck`): those are compared with what the target stores."""
    unknown = set(published.pending)
    if not unknown and not recheck:
        return published, set()
    stored = target.inventory()
    if recheck:
        unknown |= set(build) | set(stored)
    known = Manifest({path: entry for path, entry in published.items() if path not in unknown})
    for path in unknown & set(build) & set(stored):
        content = (build_dir / path).read_bytes()
        if stored[path] == target.fingerprint(path, content):
            known[path] = build[path]
    stale = (unknown & set(stored)) - set(build)
    return known, stale


def _read_build_manifest(build_dir: Path) -> Manifest:
    try:
        return read_manifest(build_dir)
    except FileNotFoundError:
        raise PublishError(
            f"Nothing to publish: {build_dir} has no {manifest_path(Path())}; "
            "run `manage.py bake` first"
        ) from None
    except ValueError as error:  # a path outside the site (UnsafePath), or not a manifest
        raise PublishError(
            f"The build's manifest {manifest_path(build_dir)} is refused: {error}. "
            "Run `manage.py bake` again."
        ) from error


def _carry_out(
    result: PublishResult,
    build_dir: Path,
    build: Manifest,
    known: Manifest,
    target: PublishTarget,
    workers: int,
    progress: Progress | None,
    before_each_phase: Callable[[], object],
) -> None:
    changing = {*result.planned_uploads, *result.planned_deletes}
    in_progress = Manifest(
        {path: entry for path, entry in known.items() if path not in changing}, pending=changing
    )
    before_each_phase()
    with _explained(f"Recording the publish in progress on {target.describe()}"):
        target.write_manifest(in_progress)
    uploads = result.planned_uploads
    assets = [path for path in uploads if not _is_page(path)]
    pages = [path for path in uploads if _is_page(path)]
    uploader = _Uploader(build_dir, build, target, workers, progress, total=len(uploads))
    for batch in (assets, pages):  # one after the other: see the module docstring
        before_each_phase()
        result.bytes_uploaded += uploader.upload(batch)
    result.uploaded = len(uploads)
    if result.planned_deletes:
        before_each_phase()
        with _explained(f"Deleting removed files from {target.describe()}"):
            target.delete(result.planned_deletes)
        result.deleted = len(result.planned_deletes)
    before_each_phase()
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


@dataclass
class Comparison:
    """How a target differs from a build, file by file (``manage.py publish --verify``)."""

    missing: list[str] = field(default_factory=list)  # in the build, not on the target
    changed: list[str] = field(default_factory=list)  # on the target with other bytes
    extra: list[str] = field(default_factory=list)  # on the target, not in the build
    manifest_problem: str = ""  # the target's manifest does not describe the build, and why
    checked: int = 0  # files of the build compared

    @property
    def matches(self) -> bool:
        return not (self.missing or self.changed or self.extra or self.manifest_problem)


def compare(build_dir: Path, target: PublishTarget, progress: Progress | None = None) -> Comparison:
    """Compare every file `target` holds with the build in `build_dir`, by their bytes (a folder)
    or ETags (S3), without changing anything."""
    build = _read_build_manifest(build_dir)
    with _explained(f"Listing the files of {target.describe()}"):
        stored = target.inventory()
    comparison = Comparison(extra=sorted(set(stored) - set(build)))
    for path in sorted(build):
        if path not in stored:
            comparison.missing.append(path)
        elif stored[path] != target.fingerprint(path, (build_dir / path).read_bytes()):
            comparison.changed.append(path)
        comparison.checked += 1
        if progress is not None:
            progress(comparison.checked, len(build), path)
    comparison.manifest_problem = _manifest_problem(build, target)
    return comparison


def _manifest_problem(build: Manifest, target: PublishTarget) -> str:
    try:
        published = target.read_manifest()
    except Exception as error:  # a damaged manifest is a difference to report, not a crash
        return f"it cannot be read ({error})"
    if published is None:
        return "there is none"
    if published.pending:
        return f"a publish was interrupted ({len(published.pending)} files pending)"
    if published != build:
        return "it describes another build"
    return ""
