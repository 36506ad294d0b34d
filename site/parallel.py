"""Render a full bake in several processes, one per core.

Rendering templates is CPU-bound Python, so threads would not help. Workers are forked after
the parent has worked out what to bake; each renders chunks of pages and returns the results,
and the parent alone writes files and state, taking each chunk as soon as it is rendered: in the
order of the pages, the chunks a worker finishes while the other renders a long one (a catalog
of 10,000 products is one page of 417 listing routes) would wait in the parent's memory.

A database that lives only in this process's memory (SQLite in-memory, as in tests) cannot be
shared with forked processes: then rendering stays in this process.
"""

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context

from django.db import connection, connections

from sitegen.pages import specific_pages
from sitegen.render import PageRenderer, RenderedPage

CHUNK_SIZE = 100

_worker_renderer: PageRenderer | None = None


def render_pages(renderer: PageRenderer, ids: list[int], workers: int) -> Iterator[RenderedPage]:
    """Every page's rendering: in the order of ``ids`` in this process, else as chunks finish."""
    chunks = [ids[start : start + CHUNK_SIZE] for start in range(0, len(ids), CHUNK_SIZE)]
    if workers <= 1 or len(chunks) <= 1 or _database_in_memory():
        for chunk in chunks:
            yield from (renderer.render(page) for page in specific_pages(chunk))
        return
    # Children must open connections of their own, not share the parent's socket.
    connections.close_all()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_start_worker,
        initargs=(renderer,),
    )
    with pool:
        # No list of the futures kept here: each holds its chunk's rendering until let go,
        # which as_completed does once it has handed the chunk over.
        for rendered_chunk in as_completed([pool.submit(_render_chunk, chunk) for chunk in chunks]):
            yield from rendered_chunk.result()


def _database_in_memory() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _start_worker(renderer: PageRenderer) -> None:
    global _worker_renderer
    _worker_renderer = renderer


def _render_chunk(ids: list[int]) -> list[RenderedPage]:
    return [_worker_renderer.render(page) for page in specific_pages(ids)]
