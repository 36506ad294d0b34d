"""Bring a worker's build folder up to its site's latest bake by fetching only what it misses.

Any worker may take any site (``sitegen.bake``), so a folder often holds an older bake than the
latest one (another worker baked the site since) or none at all (a new machine). Baking it in
full again costs the whole site, however little it misses. When the site's publish target holds
exactly the latest bake (its manifest equals the shared one, with no publish pending), the files
the folder lacks are there: the folder fetches those whose entry in the latest manifest differs
from its own, deletes those the latest bake no longer has, and takes the latest bake's manifest
and state, generation included. It then holds the latest bake, and an incremental bake goes on
from it as on the worker that made it.

A bake that leaves the search index for later (an approval's first bake, ``sitegen.jobs``) reads
none of the site's files, and the publish that follows reads only those the bake wrote: for it
the folder catches up without files (``files=False``). It takes the latest bake's manifest and
state, deletes the files it holds that differ from them, and is marked as missing files
(``sitegen.build_folder.files_missing``) until a catch-up with files completes it. An approval in
a site this worker never held then costs its own pages, not a download of the whole site.

Nothing stale can come of it: every fetched file is checked against the latest manifest's hash
and size, and the folder forgets its state and manifest before its first file changes (as an
incremental bake does), so a repair that stops anywhere (a file that differs, a target that
fails, a kill) leaves a folder that is baked in full next. When the target does not hold the
latest bake (it was never published, a publish is pending, the site moved), the caller bakes in
full as before.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

from sitegen.bake import STATE_VERSION
from sitegen.build_folder import (
    files_held,
    files_missing,
    forget_bake,
    manifest_path,
    mark_files_complete,
    mark_files_missing,
    read_manifest,
    read_state,
    write_bake,
)
from sitegen.fingerprint import site_wide_fingerprint
from sitegen.manifest import Manifest, ManifestEntry, write_atomically
from sitegen.models import SharedBuildState
from sitegen.paths import inside
from sitegen.queues import rebuild_to_come
from sitegen.shared_state import latest_generation, latest_outcome
from sitegen.sites import build_dir, publish_target
from sitegen.targets import PublishError, PublishTarget

logger = logging.getLogger(__name__)


class CannotCatchUp(Exception):
    """The folder cannot be brought to the latest bake from the target: bake it in full."""


def catch_up(site, files=True) -> int | None:
    """Make the site's build folder hold the site's latest bake, fetching from the site's
    publish target the files it misses (``files=False``: none, see above); returns how many
    were fetched (0: none were needed), or None when the folder must be baked in full instead.
    Call it holding the site's lock."""
    generation = latest_generation(site)
    if generation is None:
        return None  # never baked anywhere
    folder = build_dir(site)
    state = read_state(folder) or {}
    holds_latest = state.get("generation") == generation and manifest_path(folder).exists()
    if holds_latest and not (files and files_missing(folder)):
        return 0
    try:
        # Read in full (megabytes at thousands of pages) only now that it is needed.
        fetched = _fetch_latest(site, folder, *latest_outcome(site), files=files)
    except (CannotCatchUp, PublishError, OSError) as reason:
        logger.info("The build of %s cannot catch up from its target: %s", site, reason)
        return None
    logger.info(
        "The build of %s caught up with its latest bake: %d files fetched%s",
        site,
        fetched,
        "" if files else " (its other files only when needed)",
    )
    return fetched


def target_holds_what_the_folder_lacks(site) -> bool:
    """Whether a publish of the site's build folder, which lacks files of its bake, can send
    what it changes: the site's target holds every file the folder lacks, as the folder's
    manifest describes it, with no publish pending. (Not so after a publish cut short, or a
    bucket emptied: the folder must then be completed first.) Call it holding the site's lock."""
    folder = build_dir(site)
    if not files_missing(folder):
        return True
    try:
        published = publish_target(site).read_manifest()
        own = read_manifest(folder)
    except Exception:  # unreachable, misconfigured, damaged: nothing to rely on
        return False
    if published is None or published.pending:
        return False
    held = files_held(folder)
    return all(published.get(path) == entry for path, entry in own.items() if path not in held)


def worth_catching_up_for_a_bake(site, rebuild=False) -> bool:
    """Whether a bake would go on incrementally from the latest bake: not after a change every
    page shows (a category, the theme), which it bakes in full whatever the folder holds, unless
    a rebuild on its way takes that change (``sitegen.bake``; ``rebuild``: the bake is that
    rebuild)."""
    latest_fingerprint = (
        SharedBuildState.objects.filter(site=site)
        .values_list("state__fingerprint", flat=True)
        .first()
    )
    return latest_fingerprint == site_wide_fingerprint(site) or (
        not rebuild and rebuild_to_come(site)
    )


def _fetch_latest(site, folder, state: dict, baked: Manifest, *, files: bool) -> int:
    if state.get("version") != STATE_VERSION or state.get("site") != site.pk:
        raise CannotCatchUp("the latest bake was made by another version")
    # Without files too: the publish that follows sends what differs from the target's files.
    target = _holding(site, baked)
    own = _own_manifest(folder)
    held = files_held(folder)
    missing = sorted(
        path for path, entry in baked.items() if own.get(path) != entry or path not in held
    )
    forget_bake(folder)
    if files:
        with ThreadPoolExecutor(max_workers=target.parallel_uploads) as pool:
            for path, content in zip(missing, pool.map(target.download, missing), strict=True):
                _write_verified(folder, path, content, baked[path])
    else:
        mark_files_missing(folder)
        # Every file the folder keeps is one of the latest bake.
        _delete(folder, held.intersection(missing))
    _delete(folder, held.intersection(set(own) - set(baked)))
    write_bake(folder, baked, state)
    if not files:
        return 0
    mark_files_complete(folder)
    return len(missing)


def _delete(folder, paths) -> None:
    for path in paths:
        inside(folder, path).unlink(missing_ok=True)


def _holding(site, baked: Manifest) -> PublishTarget:
    """The site's target, if it holds exactly the bake described by ``baked``."""
    try:
        target = publish_target(site)
        published = target.read_manifest()
    except Exception as error:  # misconfigured or unreachable: nothing to fetch from
        raise CannotCatchUp(f"its target cannot be read ({error})") from error
    if published is None or published.pending or published != baked:
        raise CannotCatchUp("its target does not hold the latest bake")
    return target


def _own_manifest(folder) -> Manifest:
    """What the folder's files are, as its manifest vouches (none: trust no file)."""
    try:
        return read_manifest(folder)
    except (OSError, ValueError):
        return Manifest()


def _write_verified(folder, path: str, content: bytes | None, entry: ManifestEntry) -> None:
    if content is None:
        raise CannotCatchUp(f"its target has no {path}")
    fetched = ManifestEntry.for_bytes(content, entry.redirect)
    if fetched != entry:
        raise CannotCatchUp(f"its target holds other bytes at {path} than the latest bake")
    write_atomically(inside(folder, path), content)
