"""Back up an installation into one archive, and restore it on a fresh machine.

A backup holds the database (every row, engine-independent), the media folder and the
configuration without its secrets (``archive`` describes the file). A restore goes into an empty
database of the same version of Etalase: it checks the whole archive before it changes anything,
migrates, then loads every row in one transaction, so a failed restore leaves the database as it
was. The README's "Backups" section is the operator's guide.
"""

import importlib.metadata
import io
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from operations.backups import archive, configuration, database, scratch
from operations.backups.archive import ArchiveError
from operations.sqlite import create_database_folder

__all__ = ["ArchiveError", "BackupError", "create_backup", "restore_backup"]

Report = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused to run; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    size: int
    rows: int
    media_files: int
    secrets: list[str]
    duration: float


@dataclass
class RestoreResult:
    manifest: dict
    rows: int
    media_files: int
    settings_text: str
    duration: float


def default_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def archive_path(output: str | None, now) -> Path:
    """``output`` if it names a file; else a dated name in the folder ``output`` (one that
    exists, or ends with a slash) or in the default folder."""
    name = f"etalase-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    if output is None:
        return default_folder() / name
    if Path(output).is_dir() or output.endswith(os.sep):
        return Path(output) / name
    return Path(output)


# -- backup ----------------------------------------------------------------------------------


def create_backup(output: str | None = None) -> BackupResult:
    started = time.monotonic()
    now = timezone.localtime()
    destination = archive_path(output, now)
    pending = database.pending_migrations()
    if pending:
        raise BackupError(
            f"The database lacks {len(pending)} migrations of this code: run `manage.py migrate` "
            "first, so that the backup matches this version of Etalase."
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    values, secrets = configuration.read_configuration()
    media_root = Path(settings.MEDIA_ROOT)
    with scratch.private_folder() as folder:
        dump_file = folder / archive.DATABASE
        with database.snapshot(), open(dump_file, "w", encoding="utf-8") as stream:
            counts = database.dump(stream)
        media = media_files(media_root)
        manifest = _manifest(now, counts, media_root, media)
        settings_text = configuration.settings_file(values, secrets, manifest["created_at"])
        with archive.writing(destination) as writer:
            writer.add_bytes(archive.MANIFEST, json.dumps(manifest, indent=2).encode())
            writer.add_bytes(archive.SETTINGS, settings_text.encode())
            writer.add_file(archive.DATABASE, dump_file)
            for relative in media:
                writer.add_file(archive.MEDIA_PREFIX + relative, media_root / relative)
    return BackupResult(
        path=destination,
        size=destination.stat().st_size,
        rows=sum(counts.values()),
        media_files=len(media),
        secrets=secrets,
        duration=time.monotonic() - started,
    )


def media_files(root: Path) -> list[str]:
    """Every file of the media folder, as sorted relative paths; hidden ones (what a restore
    of an earlier version left, temporary files) are not media."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)


def _manifest(now, counts: dict[str, int], media_root: Path, media: list[str]) -> dict:
    return {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "versions": {
            package: importlib.metadata.version(package)
            for package in ("etalase", "Django", "wagtail")
        },
        "migrations": database.migration_state(),
        "database": {"engine": connection.vendor, "rows": sum(counts.values()), "models": counts},
        "media": {
            "files": len(media),
            "bytes": sum((media_root / relative).stat().st_size for relative in media),
        },
    }


# -- restore ---------------------------------------------------------------------------------


def restore_backup(path: Path, *, replace=False, report: Report = lambda message: None):
    """Restore an archive into this database and media folder.

    Refuses, changing nothing, when the archive is damaged or of another version, or when the
    database holds content and ``replace`` is not given.
    """
    started = time.monotonic()
    manifest = archive.read_manifest(path)
    create_database_folder()
    _check_migrations(path, manifest)
    _check_empty(replace)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with scratch.private_folder() as staging:
        report("Checking and unpacking the archive...")
        media = archive.unpack(path, staging / "archive", staging / "media")
        settings_text = (staging / "archive" / archive.SETTINGS).read_text()
        if database.pending_migrations():
            report("Migrating the database...")
            call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            _load_database(staging / "archive" / archive.DATABASE, manifest, report)
            report(f"Moving {len(media)} media files into {media_root}...")
            _move_into_place(staging / "media", media_root, media)
    return RestoreResult(
        manifest=manifest,
        rows=manifest["database"]["rows"],
        media_files=len(media),
        settings_text=settings_text,
        duration=time.monotonic() - started,
    )


def _check_migrations(path: Path, manifest: dict) -> None:
    here, there = database.migration_state(), manifest.get("migrations")
    if here == there:
        return
    there = there or {}
    differences = [
        f"{app} {'/'.join(there.get(app, ['none']))} (here {'/'.join(here.get(app, ['none']))})"
        for app in sorted(here.keys() | there.keys())
        if here.get(app) != there.get(app)
    ]
    made_by = manifest.get("versions", {}).get("etalase", "unknown")
    raise ArchiveError(
        f"{path.name} was made by another version of Etalase ({made_by}), whose database is at "
        f"other migrations: {', '.join(differences)}. Restore it with the version that made "
        "it, then upgrade."
    )


def _check_empty(replace: bool) -> None:
    counts = database.content_counts()
    if any(counts.values()) and not replace:
        held = ", ".join(f"{label}: {count}" for label, count in counts.items())
        raise BackupError(
            f"The database already holds content ({held}). Restoring replaces all of it with "
            "the archive's: run again with --replace to do that."
        )


def _load_database(dump_file: Path, manifest: dict, report: Report) -> None:
    report(f"Loading {manifest['database']['rows']} rows...")
    database.clear_tables()
    database.load(dump_file)
    database.check_counts(manifest["database"]["models"])
    report("Rebuilding the search index...")
    call_command("update_index", stdout=io.StringIO())


def _move_into_place(staged: Path, media_root: Path, media: list[str]) -> None:
    for relative in media:
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copied when the working folder is on another disk than the media folder.
        shutil.move(staged / relative, target)
