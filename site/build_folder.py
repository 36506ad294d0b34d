"""A build folder's own record of what it holds: the manifest and state of the bake it holds,
in ``<build>/.etalase/`` (never published).

The baker, the publish and the repair (``sitegen.repair``) read them at every job, and they are
megabytes at thousands of pages, so a process keeps the copy it last read or wrote and uses it
again while the file is the same one: same inode, size and modification time, since every write
replaces the file whole. An approval then parses neither again, whatever the catalog's size.
Readers get copies they may change (the baker changes its own in place).

A folder caught up without its files (``sitegen.repair``) holds the manifest and state of the
latest bake but only some of its files (every file it holds matches the manifest): it says so
(``files_missing``) until a catch-up with files completes it, and only a bake that writes no search
index, and the publish of what that bake changed, may use it so.
"""

import os
from collections.abc import Callable
from pathlib import Path

from sitegen.canonical import canonical_json, parse_json
from sitegen.manifest import Manifest, write_atomically
from sitegen.recently_used import RecentlyUsed

PRIVATE_DIR = ".etalase"

# path → (the file's identity when read or written, its parsed content): a job reads its
# site's state and manifest several times.
_parsed = RecentlyUsed(size=4)


def manifest_path(folder: Path) -> Path:
    return folder / PRIVATE_DIR / "manifest.json"


def state_path(folder: Path) -> Path:
    return folder / PRIVATE_DIR / "state.json"


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest (FileNotFoundError: none, the folder's bake is not complete;
    ValueError: it names a path outside the site)."""
    return _read(manifest_path(folder), Manifest.from_bytes).copy()


def read_state(folder: Path) -> dict | None:
    """The folder's state (None: none, or unreadable)."""
    try:
        state = _read(state_path(folder), parse_json)
    except (OSError, ValueError):
        return None
    return {key: dict(value) if isinstance(value, dict) else value for key, value in state.items()}


def write_bake(folder: Path, manifest: Manifest, state: dict) -> None:
    """Record the bake the folder now holds: the manifest, then the state, which says the folder
    holds it (``sitegen.bake``)."""
    _write(manifest_path(folder), manifest.to_bytes(), manifest.copy())
    _write(state_path(folder), canonical_json(state), state)


def forget_bake(folder: Path) -> None:
    """Remove the state and manifest, durably, before the folder's files change: if the change
    stops anywhere (an error, a kill, a power cut), the files no longer match them, so the next
    bake must be a full one and a publish must find nothing to publish."""
    (folder / PRIVATE_DIR).mkdir(parents=True, exist_ok=True)
    state_path(folder).unlink(missing_ok=True)
    manifest_path(folder).unlink(missing_ok=True)
    _sync_private_dir(folder)


def files_missing(folder: Path) -> bool:
    """Whether the folder lacks files of the bake its manifest describes."""
    return _files_missing_path(folder).exists()


def mark_files_missing(folder: Path) -> None:
    """Say, durably, that the folder lacks files of its bake: between ``forget_bake`` and
    ``write_bake``, so that no folder ever claims a bake it lacks files of without saying so."""
    _files_missing_path(folder).touch()
    _sync_private_dir(folder)


def mark_files_complete(folder: Path) -> None:
    """Once the folder holds every file of its bake (after ``write_bake``: a folder stopped in
    between is still marked, and its next catch-up finds nothing to fetch)."""
    _files_missing_path(folder).unlink(missing_ok=True)


def files_held(folder: Path) -> set[str]:
    """The site paths of the regular files in the folder (its private folder's aside), in one
    pass over it: where thousands of paths are looked up, not a ``stat`` each. A link is not a
    file of the site, nor is anything under a linked folder."""
    held: set[str] = set()
    if not folder.is_dir():
        return held
    to_list = [(folder, "")]
    while to_list:
        directory, prefix = to_list.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or entry.name != PRIVATE_DIR:
                        to_list.append((Path(entry.path), f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    held.add(prefix + entry.name)
    return held


def _files_missing_path(folder: Path) -> Path:
    return folder / PRIVATE_DIR / "files-missing"


def _sync_private_dir(folder: Path) -> None:
    private = os.open(folder / PRIVATE_DIR, os.O_RDONLY)
    try:
        os.fsync(private)
    finally:
        os.close(private)


def _identity(stat: os.stat_result) -> tuple:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _read(path: Path, parse: Callable[[bytes], object]):
    # Taken before reading: if the file is replaced in between, the copy kept is marked with the
    # old file's identity and is read again next time, never taken for the new file.
    identity = _identity(path.stat())
    kept = _parsed.get(path)
    if kept is not None and kept[0] == identity:
        return kept[1]
    parsed = parse(path.read_bytes())
    _parsed.put(path, (identity, parsed))
    return parsed


def _write(path: Path, content: bytes, parsed) -> None:
    """Write a file readers see whole or not at all, and keep its parsed content."""
    _parsed.put(path, (_identity(write_atomically(path, content)), parsed))
