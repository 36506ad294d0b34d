"""The state and manifest of each site's latest bake, shared in the database by every task worker
and the admin (``sitegen.bake`` says why in the database, and what the generation is).

The state's pages, routes and feed entries and the manifest's files are rows, one per entry
(``SharedBuildEntry``); the rest of the state is small and kept whole (``SharedBuildState``).
An incremental bake writes the entries it changed and deletes those it removed, so an approval
costs the same in a catalog of 100 products or of 10,000. A full bake replaces them all.

Whether a bake's outcome equals the latest (then it keeps the latest's generation) is told by a
digest. Its entries' part is a sum of one hash per entry, modulo 2**256: an incremental bake
updates it from the entries it changed (the old entry's hash out, the new one's in) instead of
hashing every entry again.
"""

import hashlib
import secrets
from itertools import islice

from django.db import transaction

from wagtail.models import Site

from sitegen.canonical import canonical_json
from sitegen.manifest import FORMAT_VERSION, Manifest
from sitegen.models import SharedBuildEntry, SharedBuildState

# The parts of a bake's state stored as one row per entry; FILES holds the manifest's entries.
ENTRY_SECTIONS = ("pages", "routes", "feed")
FILES = "files"
# Kept in each build folder's state, never shared: they say which shared outcome it holds.
FOLDER_KEYS = ("generation", "entries_digest")

_MODULUS = 2**256
ROWS_PER_INSERT = 500


def outcome_entries(state: dict, manifest: Manifest) -> dict[str, dict]:
    """A bake's entries by section: its state's pages, routes and feed, and its manifest."""
    return {**{section: state[section] for section in ENTRY_SECTIONS}, FILES: manifest}


def _as_json(section: str, value):
    return value.as_json() if section == FILES else value


def _entry_hash(section: str, key: str, value) -> int:
    document = canonical_json([section, key, _as_json(section, value)])
    return int.from_bytes(hashlib.sha256(document).digest(), "big")


def entries_digest(entries: dict[str, dict]) -> int:
    """The sum of the hashes of every entry (a full bake's)."""
    return (
        sum(
            _entry_hash(section, key, value)
            for section, values in entries.items()
            for key, value in values.items()
        )
        % _MODULUS
    )


class EntryChanges:
    """What a bake changed in the entries it started from: written, removed, and the digest of
    the outcome's entries."""

    def __init__(self, before: dict[str, dict], before_digest: int, after: dict[str, dict]):
        self.written: dict[str, dict] = {}
        self.removed: dict[str, set[str]] = {}
        digest = before_digest
        for section, values in after.items():
            old = before[section]
            # Unchanged entries are mostly the very objects read from the state: `is` first.
            written = {
                key: value
                for key, value in values.items()
                if old.get(key) is not value and old.get(key) != value
            }
            removed = set(old).difference(values)
            for key in (*written, *removed):
                if key in old:
                    digest -= _entry_hash(section, key, old[key])
            for key, value in written.items():
                digest += _entry_hash(section, key, value)
            self.written[section], self.removed[section] = written, removed
        self.digest = digest % _MODULUS


def share(
    site: Site, state: dict, entries: dict[str, dict], changes: EntryChanges | None
) -> tuple[int, int]:
    """Record a bake as the site's latest; returns its generation and its entries' digest.

    ``state``: the state without its entries; ``changes``: what an incremental bake changed in
    the latest outcome, None to replace every entry (a full bake).

    A generation is drawn at random, not counted: a database restored from a backup must never
    hand out again a number some folder already carries for other files. A bake whose outcome
    equals the latest keeps its generation: every folder holding it holds the same files, so
    the other workers' folders stay current (a worker that baked again in full to catch up does
    not send them all baking in turn)."""
    entries_sum = entries_digest(entries) if changes is None else changes.digest
    digest = hashlib.sha256(canonical_json(state) + f"\n{entries_sum:064x}".encode()).hexdigest()
    latest = SharedBuildState.objects.filter(site=site).values_list("generation", "digest")
    for generation, latest_digest in latest:
        if latest_digest == digest:
            return generation, entries_sum
    generation = secrets.randbits(63)
    with transaction.atomic():
        if changes is None:
            _delete_unloaded(SharedBuildEntry.objects.filter(site=site))
            written = entries
        else:
            written = changes.written
            for section, keys in changes.removed.items():
                if keys:
                    _delete_unloaded(
                        SharedBuildEntry.objects.filter(site=site, section=section, key__in=keys)
                    )
        rows = (
            SharedBuildEntry(site=site, section=section, key=key, value=_as_json(section, value))
            for section, values in written.items()
            for key, value in values.items()
        )
        # A batch at a time: a full bake of 10,000 products writes some 60,000 rows, which made
        # at once raised the bake's peak memory by 35 MiB.
        while batch := list(islice(rows, ROWS_PER_INSERT)):
            SharedBuildEntry.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["site", "section", "key"],
                update_fields=["value"],
            )
        SharedBuildState.objects.update_or_create(
            site=site, defaults={"generation": generation, "digest": digest, "state": state}
        )
    return generation, entries_sum


def _delete_unloaded(rows) -> None:
    """Delete the rows in one statement. ``QuerySet.delete`` would load each of them first, to
    send ``post_delete``, which the handler of content changes hears for every model
    (``sitegen.signal_handlers``): a full bake of 10,000 products replaces some 60,000 entries,
    and loading them took 0.8 s and 125 MiB. No receiver is concerned with these rows."""
    rows._raw_delete(rows.db)


def shared_entries(site: Site, section: str) -> dict[str, dict]:
    """One section of the site's latest shared state (``pages``, ``routes``...) by key; empty
    before the first bake."""
    rows = SharedBuildEntry.objects.filter(site=site, section=section)
    return dict(rows.values_list("key", "value"))


def shared_manifest(site: Site) -> Manifest:
    """The manifest of the site's latest bake, checked path by path as any manifest read."""
    return Manifest.from_json({"version": FORMAT_VERSION, "files": shared_entries(site, FILES)})


def latest_files(site: Site, prefix: str) -> Manifest:
    """The entries of the site's latest manifest whose paths start with ``prefix``."""
    rows = SharedBuildEntry.objects.filter(site=site, section=FILES, key__startswith=prefix)
    return Manifest.from_json(
        {"version": FORMAT_VERSION, "files": dict(rows.values_list("key", "value"))}
    )


def latest_state_value(site: Site, key: str):
    """A value of the site's latest state other than its entries (None: none, or no bake yet)."""
    latest = SharedBuildState.objects.filter(site=site).values_list("state", flat=True).first()
    return (latest or {}).get(key)


def latest_generation(site: Site) -> int | None:
    """The generation of the site's latest bake on any worker (None: never baked)."""
    return SharedBuildState.objects.filter(site=site).values_list("generation", flat=True).first()


def latest_outcome(site: Site) -> tuple[dict, Manifest] | None:
    """The site's latest bake as a build folder holds it: its whole state (with the generation
    and the entries' digest a folder records) and its manifest; None before the first bake.
    It reads every entry: for a folder that must catch up, not for every bake."""
    latest = SharedBuildState.objects.filter(site=site).first()
    if latest is None:
        return None
    manifest = shared_manifest(site)
    state = {
        **latest.state,
        **{section: shared_entries(site, section) for section in ENTRY_SECTIONS},
    }
    entries_sum = entries_digest(outcome_entries(state, manifest))
    state.update(generation=latest.generation, entries_digest=f"{entries_sum:064x}")
    return state, manifest
