"""Locks that keep the jobs of one site apart and tell a live task worker from a dead one.

Both kinds are released by the system when the process holding them dies, however it dies, so a
lock never outlives its holder and a free lock means nobody is at work:

- **One bake or publish of a site at a time** (``site_job``), on every worker of every machine:
  two jobs of one site would bake from different states and publish over each other. Jobs of
  different sites never wait for each other. ``site_job_if_free`` is the non-blocking attempt
  recovery makes to tell a site's dead job from a live one.
- **A worker alive** (``worker_alive``) for as long as ``run_worker`` runs; ``gone_worker`` tells
  recovery whether a worker that claimed a task has stopped.

On PostgreSQL these are session advisory locks, keyed by a namespace of ours and the site's id
(or a digest of the worker id), each held on a database connection of its own: the server
releases them when the process dies on whatever machine it ran, and Django may close its own
connection between tasks without dropping them. While it runs, a worker is also registered
(``RegisteredWorker``): a worker id nobody registered (a plain ``db_worker``) is never judged.

The server also releases a lock when its connection ends while the process lives on: a
PostgreSQL restart, ``pg_terminate_backend``, a network cut. The job then runs without its lock
while another worker may take the site, so a job asks ``ensure_site_lock_held`` before each
step that others see (each phase of a publish, recording a bake as the site's latest) and stops
with ``SiteLockLost`` once the lock is gone. The lock connections send TCP keepalives, so a cut
network is noticed in about a minute rather than hours, and are exempt from the server's
``idle_session_timeout`` (a lock connection idles for the whole job by design).

On SQLite, one machine by nature, they are ``fcntl`` locks on files beside the build folders,
released by the kernel; a worker's lock file is its registration.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from sitegen.models import RegisteredWorker
from sitegen.sites import build_dir


def _advisory_key(name: str) -> int:
    """A signed 32-bit key for the two-key form of PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)


SITE_NAMESPACE = _advisory_key("etalase.sitegen.site")
WORKER_NAMESPACE = _advisory_key("etalase.sitegen.worker")

# libpq's TCP keepalives for the lock connections: a peer silent for 30 s is probed every 10 s,
# and the connection counts as broken after 3 unanswered probes.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}

# The sites whose lock this thread holds, each with what tells whether it still holds it: a job
# may run another inside it (a publish bakes a folder that is behind first) without waiting for
# itself.
_held = threading.local()


class SiteLockLost(RuntimeError):
    """The site's lock was released while its job ran (its connection was closed): another
    worker may be doing the site's work now, so this job must not change anything others see."""


def _on_database_server() -> bool:
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def _lock_connection():
    """A connection of its own for holding locks, with TCP keepalives."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    settings_dict = connection.settings_dict  # the project's settings: changed in a copy
    options = {**settings_dict.get("OPTIONS", {}), **KEEPALIVES}
    connection.settings_dict = {**settings_dict, "OPTIONS": options}
    return connection


class _AdvisoryLock:
    """An advisory lock held by a connection, which can tell whether it still holds it."""

    def __init__(self, connection, namespace: int, key: int):
        self.connection = connection
        # pg_locks shows the two keys as unsigned object ids.
        self.object_ids = [namespace & 0xFFFFFFFF, key & 0xFFFFFFFF]

    def ensure_held(self, site) -> None:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND classid = %s::oid AND objid = %s::oid"
                    " AND objsubid = 2)",
                    self.object_ids,
                )
                held = cursor.fetchone()[0]
        except DatabaseError as error:
            raise SiteLockLost(_lost(site, f"its database connection failed: {error}")) from error
        if not held:
            raise SiteLockLost(_lost(site, "its database session no longer holds it"))


def _lost(site, why: str) -> str:
    return (
        f"The lock of site {site.pk} was lost ({why.strip()}); another worker may be updating "
        "the site, so this job stopped before changing anything more"
    )


@contextmanager
def _advisory_lock(namespace: int, key: int, *, wait: bool):
    """Hold an advisory lock on a connection of its own (yields it), or yield None if another
    session holds it and ``wait`` is false. Closing the connection releases it."""
    connection = _lock_connection()
    try:
        with connection.cursor() as cursor:
            # The connection idles while its job runs: the server must not end it for that.
            cursor.execute("SET idle_session_timeout = 0")
            if wait:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [namespace, key])
                held = True
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
                held = cursor.fetchone()[0]
        yield _AdvisoryLock(connection, namespace, key) if held else None
    finally:
        connection.close()


@contextmanager
def _file_lock(path: Path, *, wait: bool):
    """Hold the lock of the file at ``path`` (yields it), or yield None if another process holds
    it and ``wait`` is false."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        try:
            yield _FileLock()
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


class _FileLock:
    """A lock on a file this process keeps open: only the process's end releases it."""

    def ensure_held(self, site) -> None:
        pass


def _site_lock(site, *, wait: bool):
    if _on_database_server():
        return _advisory_lock(SITE_NAMESPACE, site.pk, wait=wait)
    folder = build_dir(site)
    return _file_lock(folder.parent / f".{folder.name}.lock", wait=wait)


def _sites_held() -> dict:
    if not hasattr(_held, "sites"):
        _held.sites = {}
    return _held.sites


@contextmanager
def site_job(site):
    """Hold the site's lock for a bake or publish, waiting while another job of it runs."""
    held = _sites_held()
    if site.pk in held:
        yield
        return
    with _site_lock(site, wait=True) as lock:
        held[site.pk] = lock
        try:
            yield
        finally:
            del held[site.pk]


def in_site_job(site) -> bool:
    """Whether this thread runs inside a job of the site (holds its lock)."""
    return site.pk in _sites_held()


def ensure_site_lock_held(site) -> None:
    """Raise SiteLockLost unless this thread's job still holds the site's lock: call it before
    each step of a job that other workers or the public see."""
    lock = _sites_held().get(site.pk)
    if lock is None:
        raise SiteLockLost(_lost(site, "this job does not hold it"))
    lock.ensure_held(site)


@contextmanager
def site_job_if_free(site):
    """Hold the site's lock if no job of the site runs anywhere (yields True), else yield
    False."""
    if site.pk in _sites_held():
        yield False
        return
    with _site_lock(site, wait=False) as lock:
        yield lock is not None


def _worker_key(worker_id: str) -> str:
    # Worker ids may hold any character and be of any length.
    return hashlib.sha256(worker_id.encode()).hexdigest()


def _worker_advisory_key(key: str) -> int:
    """The advisory lock key of the worker registered as ``key`` (its first 32 bits)."""
    return int.from_bytes(bytes.fromhex(key[:8]), "big", signed=True)


def _workers_dir() -> Path:
    return Path(settings.SITEGEN_BUILD_DIR).parent / ".workers"


def _worker_lock_path(worker_id: str) -> Path:
    return _workers_dir() / f"{_worker_key(worker_id)[:32]}.lock"


class WorkerIdInUse(RuntimeError):
    """Another running worker has the same id: recovery could not tell the two apart."""


@contextmanager
def worker_alive(worker_id: str):
    """Hold the worker's lock, and its registration, for as long as the worker runs.

    The lock is taken before the worker is registered and released after, so a registered
    worker whose lock is free is always a worker that stopped."""
    if not _on_database_server():
        with _worker_lock_file(worker_id):
            yield
        return
    key = _worker_key(worker_id)
    with _advisory_lock(WORKER_NAMESPACE, _worker_advisory_key(key), wait=False) as lock:
        if lock is None:
            raise WorkerIdInUse(f"A worker with the id {worker_id!r} is running already")
        RegisteredWorker.objects.update_or_create(key=key)
        try:
            yield
        finally:
            RegisteredWorker.objects.filter(key=key).delete()


@contextmanager
def _worker_lock_file(worker_id: str):
    """The file is locked before it gets its name, so a lock file found by name is always one a
    worker locked: free means that worker is gone."""
    path = _worker_lock_path(worker_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, unnamed = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(descriptor, "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        os.replace(unnamed, path)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)


@contextmanager
def gone_worker(worker_id: str):
    """Yield True, holding the worker's lock, if ``worker_id`` is a registered worker that
    stopped; False for a live worker and for one never registered (it cannot be judged)."""
    if not worker_id:
        yield False
    elif _on_database_server():
        key = _worker_key(worker_id)
        if not RegisteredWorker.objects.filter(key=key).exists():
            yield False
            return
        with _advisory_lock(WORKER_NAMESPACE, _worker_advisory_key(key), wait=False) as lock:
            yield lock is not None
    else:
        path = _worker_lock_path(worker_id)
        if not path.exists():
            yield False
            return
        with _file_lock(path, wait=False) as lock:
            yield lock is not None


def forget_gone_workers() -> None:
    """Once their tasks are marked, the registrations of stopped workers have served."""
    if _on_database_server():
        for key in RegisteredWorker.objects.values_list("key", flat=True):
            worker_lock = _advisory_lock(WORKER_NAMESPACE, _worker_advisory_key(key), wait=False)
            with worker_lock as lock:
                if lock is not None:
                    RegisteredWorker.objects.filter(key=key).delete()
        return
    for path in _workers_dir().glob("*.lock"):
        with _file_lock(path, wait=False) as lock:
            if lock is not None:
                path.unlink(missing_ok=True)
