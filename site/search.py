"""The site's search index, built by Pagefind from the baked HTML: search without a server.

Pagefind indexes the pages whose HTML marks a ``data-pagefind-body`` (products and stories, in
the theme) and writes a compressed, fragmented index that the search page's script loads in
small pieces. It has no incremental mode, so the index is rebuilt after every bake that changed
pages; only files whose bytes changed are published.
"""

import subprocess
import tempfile
from pathlib import Path

from pagefind_bin import get_executable

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


def build_search_index(site_folder: Path) -> dict[str, bytes]:
    """Index the HTML in ``site_folder``; returns the index's files by path in the build."""
    with tempfile.TemporaryDirectory(prefix="etalase-pagefind-") as output:
        command = [
            str(get_executable()),
            "--site",
            str(site_folder),
            "--output-path",
            output,
            "--force-language",
            "id",
            "--silent",
        ]
        try:
            subprocess.run(  # noqa: S603 (the packaged indexer, arguments we build)
                command, check=True, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
            )
        except subprocess.CalledProcessError as error:
            raise SearchIndexError(f"Pagefind failed: {error.stderr.strip()}") from error
        except subprocess.TimeoutExpired as error:
            raise SearchIndexError(f"Pagefind took longer than {TIMEOUT_SECONDS} s") from error
        root = Path(output)
        return {
            f"{INDEX_DIR}/{path.relative_to(root).as_posix()}": path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not path.name.startswith(UNUSED_FILES)
        }
