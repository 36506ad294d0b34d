"""Back up an installation into one archive, and restore it on a fresh machine.

A backup holds the database (every row, engine-independent), the media (from the media folder,
or the private bucket of ``ETALASE_MEDIA_S3_BUCKET``: whatever the default storage is) and the
configuration without its secrets (``archive`` describes the file). A restore goes into an empty
database of the same version of Etalase: it checks the whole archive before it changes anything,
migrates, then loads every row in one transaction, so a failed restore leaves the database as it
was. The README's "Backups" section is the operator's guide.
"""

import importlib.metadata
import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from cms.storage import PrivateMediaStorage
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
    with scratch.private_folder() as folder:
        dump_file = folder / archive.DATABASE
        with database.snapshot(), open(dump_file, "w", encoding="utf-8") as stream:
            counts = database.dump(stream)
        media = media_files()
        manifest = _manifest(now, counts, media)
        settings_text = configuration.settings_file(values, secrets, manifest["created_at"])
        with archive.writing(destination) as writer:
            writer.add_bytes(archive.MANIFEST, json.dumps(manifest, indent=2).encode())
            writer.add_bytes(archive.SETTINGS, settings_text.encode())
            writer.add_file(archive.DATABASE, dump_file)
            for name, size in media.items():
                with default_storage.open(name, "rb") as file:
                    writer.add_stream(archive.MEDIA_PREFIX + name, file, size)
    return BackupResult(
        path=destination,
        size=destination.stat().st_size,
        rows=sum(counts.values()),
        media_files=len(media),
        secrets=secrets,
        duration=time.monotonic() - started,
    )


def media_files() -> dict[str, int]:
    """Every file of the media storage (name → size in bytes), sorted by name; hidden ones
    (what a restore of an earlier version left, temporary files) are not media."""
    found = {}
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:  # a media folder that nothing was uploaded to yet
            continue
        folders += [f"{folder}{name}/" for name in subfolders if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                found[folder + name] = default_storage.size(folder + name)
    return dict(sorted(found.items()))


def media_place() -> str:
    """Where the media are, for messages: a folder, or ``s3://bucket/prefix/``."""
    if isinstance(default_storage, PrivateMediaStorage):
        return default_storage.describe()
    return str(default_storage.location)


def _manifest(now, counts: dict[str, int], media: dict[str, int]) -> dict:
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
        "media": {"files": len(media), "bytes": sum(media.values())},
    }


# -- restore ---------------------------------------------------------------------------------


def restore_backup(path: Path, *, replace=False, report: Report = lambda message: None):
    """Restore an archive into this database and media storage.

    Refuses, changing nothing, when the archive is damaged or of another version, or when the
    database holds content and ``replace`` is not given.
    """
    started = time.monotonic()
    manifest = archive.read_manifest(path)
    create_database_folder()
    _check_migrations(path, manifest)
    _check_empty(replace)
    with scratch.private_folder() as staging:
        report("Checking and unpacking the archive...")
        media = archive.unpack(path, staging / "archive", staging / "media")
        settings_text = (staging / "archive" / archive.SETTINGS).read_text()
        if database.pending_migrations():
            report("Migrating the database...")
            call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            _load_database(staging / "archive" / archive.DATABASE, manifest, report)
            report(f"Storing {len(media)} media files in {media_place()}...")
            _store(staging / "media", media)
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


def _store(staged: Path, media: list[str]) -> None:
    """Put each unpacked file in the media storage under its own name, replacing what is there
    (a storage saves a name that is taken under another one)."""
    for name in media:
        default_storage.delete(name)
        with open(staged / name, "rb") as file:
            stored = default_storage.save(name, File(file))
        if stored != name:
            raise BackupError(
                f"{name} was stored as {stored}, its name being taken again at once: stop "
                "whatever writes to the media storage (the admin, the worker) during a restore."
            )
