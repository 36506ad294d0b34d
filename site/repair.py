"""Bring a worker's build folder up to its site's latest bake by fetching only what it misses.

Any worker may take any site (``sitegen.bake``), so a folder often holds an older bake than the
latest one (another worker baked the site since) or none at all (a new machine). Baking it in
full again costs the whole site, however little it misses. When the site's publish target holds
exactly the latest bake (its manifest equals the shared one, with no publish pending), the files
the folder lacks are there: the folder fetches those whose entry in the latest manifest differs
from its own, deletes those the latest bake no longer has, and takes the latest bake's manifest
and state, generation included. It then holds the latest bake, and an incremental bake goes on
from it as on the worker that made it.

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
from sitegen.build_folder import forget_bake, manifest_path, read_manifest, read_state, write_bake
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


def catch_up(site) -> int | None:
    """Make the site's build folder hold the site's latest bake, fetching from the site's
    publish target the files it misses; returns how many were fetched (0: it held it already),
    or None when the folder must be baked in full instead. Call it holding the site's lock."""
    generation = latest_generation(site)
    if generation is None:
        return None  # never baked anywhere
    folder = build_dir(site)
    state = read_state(folder) or {}
    if state.get("generation") == generation and manifest_path(folder).exists():
        return 0
    try:
        # Read in full (megabytes at thousands of pages) only now that it is needed.
        fetched = _fetch_latest(site, folder, *latest_outcome(site))
    except (CannotCatchUp, PublishError, OSError) as reason:
        logger.info("The build of %s cannot catch up from its target: %s", site, reason)
        return None
    logger.info("The build of %s caught up with its latest bake: %d files fetched", site, fetched)
    return fetched


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


def _fetch_latest(site, folder, state: dict, baked: Manifest) -> int:
    if state.get("version") != STATE_VERSION or state.get("site") != site.pk:
        raise CannotCatchUp("the latest bake was made by another version")
    target = _holding(site, baked)
    own = _own_manifest(folder)
    missing = sorted(
        path
        for path, entry in baked.items()
        if own.get(path) != entry or not inside(folder, path).is_file()
    )
    forget_bake(folder)
    with ThreadPoolExecutor(max_workers=target.parallel_uploads) as pool:
        for path, content in zip(missing, pool.map(target.download, missing), strict=True):
            _write_verified(folder, path, content, baked[path])
    for path in set(own) - set(baked):
        inside(folder, path).unlink(missing_ok=True)
    write_bake(folder, baked, state)
    return len(missing)


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
