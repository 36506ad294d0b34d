"""The manifest of a build: every published path with its sha256 and size.

The baker writes it next to the build (never published as a page); each publish target keeps a copy
of the last manifest it received, so a publish compares two manifests instead of listing a bucket.
Paths are relative POSIX paths without a leading slash (``katalog/batik/index.html``). A path may
carry a ``redirect`` target: the file is a meta-refresh page and targets that support it (S3) also
answer with an HTTP redirect.

The copy a target keeps may also list ``pending`` paths: a publish writes them before it touches
the target, so that if it is interrupted the next publish knows which files may differ from the
manifest and checks them against what the target really holds. A manifest read from anywhere is
checked path by path (``sitegen.paths.checked``): a bad path is refused with its name, never used
to write or delete a file outside the site.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.canonical import canonical_json, parse_json
from sitegen.paths import checked

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    size: int
    redirect: str | None = None

    @classmethod
    def for_bytes(cls, content: bytes, redirect: str | None = None) -> "ManifestEntry":
        return cls(hashlib.sha256(content).hexdigest(), len(content), redirect)

    def as_json(self) -> dict:
        document = {"sha256": self.sha256, "size": self.size}
        if self.redirect is not None:
            document["redirect"] = self.redirect
        return document


class Manifest(dict[str, ManifestEntry]):
    """A mapping of path → ManifestEntry that serialises deterministically.

    ``pending``: the paths an unfinished publish may have changed; their entries (if any) describe
    the target before that publish, not necessarily what it holds now.
    """

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = frozenset(pending)

    def copy(self) -> "Manifest":
        """A copy the caller may change (``dict.copy`` would give a plain dict)."""
        return Manifest(self, pending=self.pending)

    def to_bytes(self) -> bytes:
        files = {path: entry.as_json() for path, entry in self.items()}  # sorted when written
        document = {"version": FORMAT_VERSION, "files": files}
        if self.pending:
            document["pending"] = sorted(self.pending)
        return canonical_json(document)

    def as_json(self) -> dict:
        return parse_json(self.to_bytes())

    @classmethod
    def from_bytes(cls, content: bytes) -> "Manifest":
        return cls.from_json(parse_json(content))

    @classmethod
    def from_json(cls, document: dict) -> "Manifest":
        if document.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported manifest version {document.get('version')!r}")
        files = {checked(path): ManifestEntry(**entry) for path, entry in document["files"].items()}
        pending = [checked(path) for path in document.get("pending", [])]
        return cls(files, pending=pending)

    def write(self, path: Path) -> None:
        write_atomically(path, self.to_bytes())

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        return cls.from_bytes(path.read_bytes())


def write_atomically(path: Path, content: bytes) -> os.stat_result:
    """Write a file so that readers see the old or the new content, never a part of it; returns
    the written file's status, taken before it replaced the old one (so nothing else can have
    written it since)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    written = temporary.stat()
    temporary.replace(path)
    return written
