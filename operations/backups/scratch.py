"""The private working folder of a backup or a restore.

A backup writes the whole database to a file before archiving it, and a restore unpacks the
whole archive before loading it: password hashes, customers' contacts, every institution's
photos. That folder lives in the system's temporary folder (``TMPDIR``), never in the media
folder the admin serves, is readable by this user only (``mkdtemp``: 0700) and is removed on
every way out of the run. A killed run cannot remove it, so every run first removes the folders
that no running backup or restore holds: each run keeps a lock on its folder, which the kernel
releases however the process ends.
"""

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

PREFIX = "etalase-backup-work-"
# Where restores of earlier versions unpacked the archive: inside the media folder.
OLD_RESTORE_FOLDERS = ".restore-*"


@contextmanager
def private_folder() -> Iterator[Path]:
    """A new empty folder of this user's only, removed when the block ends."""
    remove_leftovers()
    folder, lock = _new_locked_folder()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def remove_leftovers() -> None:
    """Remove the working folders of killed runs, and those earlier versions left in the media
    folder; leave those of runs still going."""
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        _remove_if_abandoned(folder)
    for folder in Path(settings.MEDIA_ROOT).glob(OLD_RESTORE_FOLDERS):
        shutil.rmtree(folder, ignore_errors=True)


def _new_locked_folder() -> tuple[Path, int]:
    while True:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(lock, fcntl.LOCK_EX)
        # Another run may have taken it for a leftover between its making and its lock.
        if folder.exists():
            return folder, lock
        os.close(lock)


def _remove_if_abandoned(folder: Path) -> None:
    try:
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return  # gone, not a folder, or another user's
    try:
        if os.fstat(lock).st_uid != os.getuid():
            return
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a backup or restore still running holds it
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(lock)
