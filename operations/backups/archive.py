"""The backup archive: one gzip-compressed tar file.

    manifest.json    what the archive is: format, versions, migrations, time, counts
    settings.env     the configuration to start from on a new machine, without secrets
    database.jsonl   every row of the database
    media/...        the media (folder or bucket): original photos and their renditions
    SHA256SUMS       the sha256 of every member above

The manifest comes first, so telling what an archive is reads only its first block; the
checksums come last, because each member is hashed as it is written (a file that changes during
the backup cannot make the archive disagree with itself). ``sha256sum -c SHA256SUMS`` checks an
unpacked archive by hand; restore checks it while unpacking and refuses any difference.
"""

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

FORMAT = "etalase-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SETTINGS = "settings.env"
DATABASE = "database.jsonl"
MEDIA_PREFIX = "media/"
CHECKSUMS = "SHA256SUMS"
CHUNK = 1024 * 1024
# What a damaged or cut-off archive raises while it is read.
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


class ArchiveError(Exception):
    """The archive cannot be used: not a backup, damaged, incomplete or of another version."""


class ArchiveWriter:
    """Writes an archive under a temporary name and renames it into place only when complete,
    so a failed backup leaves no archive at all. Readable by its owner only: the database holds
    password hashes and customers' contacts."""

    def __init__(self, destination: Path):
        self.destination = destination
        handle, temporary = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"
        )
        self.temporary = Path(temporary)
        self._file = os.fdopen(handle, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode="w:gz")
        self.checksums: dict[str, str] = {}

    def add_bytes(self, name: str, content: bytes) -> None:
        self._add(name, io.BytesIO(content), len(content), time.time())

    def add_file(self, name: str, source: Path) -> None:
        status = source.stat()
        with open(source, "rb") as file:
            self._add(name, file, status.st_size, status.st_mtime)

    def add_stream(self, name: str, file, size: int) -> None:
        """Add ``size`` bytes read from ``file`` (a media file, from a folder or a bucket)."""
        self._add(name, file, size, time.time())

    def _add(self, name: str, file, size: int, mtime: float) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        hashing = HashingReader(file)
        self._tar.addfile(info, hashing)
        self.checksums[name] = hashing.hexdigest()

    def commit(self) -> None:
        lines = "".join(f"{digest}  {name}\n" for name, digest in self.checksums.items())
        self.add_bytes(CHECKSUMS, lines.encode())
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self.temporary.replace(self.destination)

    def discard(self) -> None:
        self._tar.close()
        self._file.close()
        self.temporary.unlink(missing_ok=True)


@contextmanager
def writing(destination: Path):
    writer = ArchiveWriter(destination)
    try:
        yield writer
    except BaseException:
        writer.discard()
        raise
    writer.commit()


class HashingReader:
    """A file wrapper that hashes what is read through it."""

    def __init__(self, file):
        self._file = file
        self._digest = hashlib.sha256()

    def read(self, size=-1) -> bytes:
        chunk = self._file.read(size)
        self._digest.update(chunk)
        return chunk

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


@contextmanager
def reading(path: Path):
    """The archive opened as a stream (read once, front to back); damage becomes ArchiveError."""
    try:
        with tarfile.open(path, mode="r|gz") as archive:
            yield archive
    except READ_ERRORS as error:
        raise ArchiveError(f"{path.name} is damaged or incomplete ({error}).") from error


def read_manifest(path: Path) -> dict:
    """The manifest of an archive, read from its first member."""
    if not path.is_file():
        raise ArchiveError(f"No archive at {path}.")
    with reading(path) as archive:
        first = archive.next()
        if first is None or first.name != MANIFEST or not first.isfile():
            raise ArchiveError(f"{path.name} is not an Etalase backup (it has no {MANIFEST}).")
        content = archive.extractfile(first).read()
    try:
        manifest = json.loads(content)
    except ValueError as error:
        raise ArchiveError(f"The manifest of {path.name} is damaged ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path.name} is not an Etalase backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"{path.name} is a backup of format {manifest.get('format_version')}, and this "
            f"version of Etalase reads format {FORMAT_VERSION}: restore it with the version "
            f"that made it ({manifest.get('versions', {}).get('etalase', 'unknown')})."
        )
    return manifest


def unpack(path: Path, folder: Path, media_folder: Path) -> list[str]:
    """Unpack every member, checking each against SHA256SUMS: the manifest, settings and
    database into ``folder``, the media into ``media_folder``. Returns the media files'
    relative paths. Raises ArchiveError if anything is missing, extra or different."""
    digests, media = {}, []
    with reading(path) as archive:
        for member in archive:
            if member.isdir():
                continue
            destination = _destination(path, member, folder, media_folder)
            digests[member.name] = _copy(archive.extractfile(member), destination)
            if member.name.startswith(MEDIA_PREFIX):
                media.append(member.name.removeprefix(MEDIA_PREFIX))
    _check(path, digests, folder / CHECKSUMS)
    return media


def _destination(path: Path, member: tarfile.TarInfo, folder: Path, media_folder: Path) -> Path:
    if member.isfile() and member.name in (MANIFEST, SETTINGS, DATABASE, CHECKSUMS):
        return folder / member.name
    relative = PurePosixPath(member.name.removeprefix(MEDIA_PREFIX))
    safe = (
        member.isfile()
        and member.name.startswith(MEDIA_PREFIX)
        and relative.parts
        and not relative.is_absolute()
        and ".." not in relative.parts
    )
    if not safe:
        raise ArchiveError(f"{path.name} holds an unexpected member: {member.name!r}.")
    return media_folder.joinpath(*relative.parts)


def _copy(source, destination: Path) -> str:
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(destination, "wb") as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def _check(path: Path, digests: dict[str, str], checksums_file: Path) -> None:
    missing = [name for name in (MANIFEST, SETTINGS, DATABASE, CHECKSUMS) if name not in digests]
    if missing:
        raise ArchiveError(f"{path.name} is incomplete (it has no {', '.join(missing)}).")
    digests.pop(CHECKSUMS)
    expected = {}
    for line in checksums_file.read_text().splitlines():
        digest, _separator, name = line.partition("  ")
        expected[name] = digest
    problems = [
        *(f"{name} is missing" for name in expected.keys() - digests.keys()),
        *(f"{name} is not listed" for name in digests.keys() - expected.keys()),
        *(
            f"{name} differs"
            for name in expected.keys() & digests.keys()
            if expected[name] != digests[name]
        ),
    ]
    if problems:
        shown = ", ".join(sorted(problems)[:5]) + (", ..." if len(problems) > 5 else "")
        raise ArchiveError(f"{path.name} does not match its checksums: {shown}.")
