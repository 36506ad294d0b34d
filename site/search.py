"""The site's search index, built by Pagefind from the baked HTML: search without a server.

Pagefind indexes the pages whose HTML marks a ``data-pagefind-body`` (products and stories, in
the theme) and writes a compressed, fragmented index that the search page's script loads in
small pieces. It has no incremental mode, so the index is rebuilt after every bake that changed
pages; only files whose bytes changed are published.

Pagefind runs as a service (``pagefind --service``) that hands the index back over its pipe:
its command line would write the index's thousands of files to a temporary folder for the
baker to read back, and creating files is a good part of a bake's time. The ``pagefind``
package's own client of this service waits a tenth of a second for every answer, so the few
lines speaking its protocol are here: each message is JSON, base64-encoded, ended by a comma.
"""

import base64
import contextlib
import hashlib
import json
import os
import selectors
import subprocess
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from pagefind_bin import get_executable

from sitegen.canonical import canonical_json

INDEX_DIR = "pagefind"
# Pagefind's ready-made search interfaces: the theme has its own (theme/static/theme/search.js).
UNUSED_FILES = (
    "pagefind-ui.",
    "pagefind-component-ui.",
    "pagefind-modular-ui.",
    "pagefind-highlight.",
)
# The index of a few thousand pages takes seconds; a stuck indexer must not hold the bake lock.
TIMEOUT_SECONDS = 300


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_source(html_files: dict[str, str]) -> str:
    """What an index of these HTML files (path → sha256) is made from, as a digest: Pagefind
    makes the same index, byte for byte, from the same files, so an index whose source has not
    changed need not be built again."""
    made_from = [version("pagefind-bin"), sorted(html_files.items())]
    return hashlib.sha256(canonical_json(made_from)).hexdigest()


def build_search_index(site_folder: Path) -> dict[str, bytes]:
    """Index the HTML in ``site_folder``; returns the index's files by path in the build."""
    with tempfile.TemporaryFile() as errors, _Indexer(errors) as indexer:
        index = indexer.ask({"type": "NewIndex", "config": {"force_language": "id"}})
        index_id = index["index_id"]
        indexer.ask({"type": "AddDir", "index_id": index_id, "path": str(site_folder)})
        files = indexer.ask({"type": "GetFiles", "index_id": index_id})["files"]
    return {
        f"{INDEX_DIR}/{file['path']}": base64.b64decode(file["content"])
        for file in sorted(files, key=lambda file: file["path"])
        if not Path(file["path"]).name.startswith(UNUSED_FILES)
    }


class _Indexer:
    """One ``pagefind --service`` process, asked one request at a time."""

    def __init__(self, errors):
        self.errors = errors
        self.deadline = time.monotonic() + TIMEOUT_SECONDS
        self.received = b""
        self.last_id = 0

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 (the packaged indexer, arguments we build)
            [str(get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        return self

    def __exit__(self, *exception):
        self.process.kill()
        self.process.wait()
        with contextlib.suppress(BrokenPipeError):  # a request it stopped before reading
            self.process.stdin.close()
        self.process.stdout.close()

    def ask(self, payload: dict) -> dict:
        self.last_id += 1
        request = {"message_id": self.last_id, "payload": payload}
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(request).encode()) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self._failure("stopped") from None
        while True:
            answer = self._next_message()
            # Pagefind also sends empty messages, and echoes the id of the request answered.
            if answer and answer.get("message_id") in (self.last_id, None):
                break
        if answer["payload"]["type"] == "Error":
            raise SearchIndexError(f"Pagefind failed: {answer['payload']['message']}")
        return answer["payload"]

    def _next_message(self):
        while b"," not in self.received:
            self.received += self._read()
        message, self.received = self.received.split(b",", 1)
        return json.loads(base64.b64decode(message))

    def _read(self) -> bytes:
        stdout = self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            if not selector.select(timeout=max(0.0, self.deadline - time.monotonic())):
                raise SearchIndexError(f"Pagefind took longer than {TIMEOUT_SECONDS} s")
        chunk = os.read(stdout, 1 << 20)
        if not chunk:
            raise self._failure("stopped")
        return chunk

    def _failure(self, what: str) -> SearchIndexError:
        self.process.wait()
        self.errors.seek(0)
        said = self.errors.read().decode(errors="replace").strip()
        return SearchIndexError(f"Pagefind {what} (exit status {self.process.returncode}): {said}")
