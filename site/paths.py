"""The one check of every path the baker and the publish targets write or delete.

Paths of a build are relative POSIX paths (``katalog/batik/index.html``). They come from page
URLs, redirects' old paths and manifests read back from a target, so they are checked before any
file is touched: a path that could leave the site's build folder, target folder or key prefix
(``../x``, ``/etc/x``, ``a//b``, a backslash) is refused, never cleaned up into something else.
"""

import os
import stat
from pathlib import Path


class UnsafePath(ValueError):
    """A path that could reach outside its site's folder or key prefix."""


def checked(path: str) -> str:
    """``path`` itself if it is a plain relative path inside its root, else UnsafePath."""
    if not isinstance(path, str) or not path:
        raise UnsafePath(f"An empty path is not a file of the site: {path!r}")
    if any(character in path for character in "\\\0") or not path.isprintable():
        raise UnsafePath(f"{path!r} has a backslash or a control character")
    if path.startswith("/"):
        raise UnsafePath(f"{path!r} is absolute; paths of a site are relative to its root")
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise UnsafePath(f"{path!r} has an empty, '.' or '..' folder")
    return path


def inside(root: Path, path: str) -> Path:
    """The file ``path`` names under ``root``, refused if it would lie elsewhere: a checked path
    can leave ``root`` only through a link, so none of its folders or its file may be one.

    Each name below ``root`` is looked at once (``lstat``), not the whole path resolved: a
    publish or catch-up of thousands of files calls this for each (with strings: a Path per
    folder cost more than the lstat calls)."""
    checked(path)
    below = os.fspath(root)
    for name in path.split("/"):
        below = f"{below}{os.sep}{name}"
        try:
            is_link = stat.S_ISLNK(os.lstat(below).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            break  # nothing further down exists yet: no link there to follow
        if is_link:
            raise UnsafePath(f"{path!r} leads outside {root}: {below} is a link")
    return root / path
