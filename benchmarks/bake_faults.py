"""Fault injection over every step of the demo's incremental bake: does the next bake converge?

    python benchmarks/bake_faults.py               # every step of the bake
    python benchmarks/bake_faults.py --stride 5    # every 5th step of each kind, and the last ones

Bakes the demo catalog (migrate, seed_demo --seed 1, bake) in a throw-away folder, then replays
the incident of tests/sitegen/test_bake_kills.py on the whole demo: a product's title is edited
and another product unpublished, and `bake --changed` runs in a process of its own
(tests/sitegen/bake_process.py), SIGKILLed at step k: after rendering the k-th page, after
writing or deleting the k-th file, or before saving its state. A publish of what the killed bake
left must then refuse (no manifest) or publish a consistent build: the files of the bake before
the change or of the changed content, as the manifest describes them. Then the title is
reverted, a third product's title edited, and a bake runs. The build folder must equal a fresh
full bake of that content byte for byte (every file, nothing extra; the private `.etalase/`
folder aside, except that its manifest must describe the files). Prints the fault points tried
and the divergences found; exits with status 1 if any.
"""

import argparse
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from site_budget import bake_demo  # noqa: E402 - the benchmarks' one way to bake the demo

from tests.sitegen.bake_process import STEPS, setup_django  # noqa: E402

WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-bake-faults-"))
VAR_DIR = WORKDIR / "var"
BUILD_DIR = WORKDIR / "build"
PRIVATE_PREFIX = ".etalase/"


def environment(database: Path) -> dict[str, str]:
    """What bake_process.py needs to bake the demo from `database` into BUILD_DIR; the
    developer's own database, uploads and build stay out of reach."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if name != "DATABASE_URL" and not name.startswith("ETALASE_")
    }
    return kept | {
        "DATABASE_URL": f"sqlite:///{database}",
        "ETALASE_VAR_DIR": str(VAR_DIR),
        "ETALASE_MEDIA_ROOT": str(VAR_DIR / "media"),
        "ETALASE_BUILD_DIR": str(BUILD_DIR),
        # The test settings make temporary folders of their own at each start: here, not /tmp.
        "TMPDIR": str(WORKDIR / "tmp"),
    }


def snapshot(database: Path, into: Path) -> Path:
    """A copy of the SQLite database as it is now, for a baking process to read and change."""
    source, copy = sqlite3.connect(database), sqlite3.connect(into)
    with source, copy:
        source.backup(copy)
    source.close()
    copy.close()
    return into


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a build but the baker's private folder, by path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith(PRIVATE_PREFIX)
    }


def manifest_problem(folder: Path) -> str:
    """How the build's manifest fails to describe its files, or "" when it does."""
    from sitegen.build_folder import manifest_path
    from sitegen.manifest import Manifest, ManifestEntry

    described = {
        path: (entry.sha256, entry.size)
        for path, entry in Manifest.read(manifest_path(folder)).items()
    }
    on_disk = {
        path: (entry.sha256, entry.size)
        for path, entry in (
            (path, ManifestEntry.for_bytes(content)) for path, content in files_of(folder).items()
        )
    }
    if described == on_disk:
        return ""
    missing = set(described) - set(on_disk)
    unlisted = set(on_disk) - set(described)
    changed = {path for path in set(described) & set(on_disk) if described[path] != on_disk[path]}
    return (
        f"the manifest lists {len(missing)} missing files, leaves out {len(unlisted)}, "
        f"and {len(changed)} others have other bytes"
    )


def difference(build: dict[str, bytes], reference: dict[str, bytes]) -> str:
    """How `build` differs from `reference`, or "" when they are the same files and bytes."""
    if build == reference:
        return ""
    missing = set(reference) - set(build)
    extra = set(build) - set(reference)
    changed = {path for path in set(build) & set(reference) if build[path] != reference[path]}
    examples = ", ".join(sorted(missing | extra | changed)[:3])
    return f"{len(missing)} missing, {len(changed)} changed, {len(extra)} extra ({examples})"


def full_bake(into: Path) -> dict[str, bytes]:
    """A fresh full bake of the database's content into `into`; its files."""
    from django.test.utils import override_settings

    from sitegen.bake import bake

    with override_settings(SITEGEN_BUILD_DIR=into):
        bake()
    if problem := manifest_problem(into):
        raise SystemExit(f"A full bake into {into}: {problem}")
    return files_of(into)


def change_the_catalog() -> tuple[Callable[[], object], Callable[[], object]]:
    """Edit a live product's title and unpublish another, through the models; returns what
    reverts the edit and what makes a further change (a third product's title)."""
    from cms.models import ProductPage
    from tests.sitegen.helpers import edit

    live = ProductPage.objects.live().public().filter(has_unpublished_changes=False)
    edited, withdrawn, further = live.order_by("path")[:3]
    title = edited.title
    edit(edited, title=f"{title} (edisi terbatas)")
    withdrawn.unpublish()
    print(f"  Changed: {edited.title!r} retitled, {withdrawn.title!r} unpublished")
    return (
        lambda: edit(edited, title=title),
        lambda: edit(further, title=f"{further.title} (stok baru)"),
    )


def bake_in_a_process(database: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tests.sitegen.bake_process", *arguments]
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        command, env=environment(database), cwd=REPOSITORY, capture_output=True, text=True
    )


def count_steps(changed_database: Path, baseline: Path) -> dict[str, int]:
    restore(baseline)
    counting = bake_in_a_process(snapshot(changed_database, WORKDIR / "counted.sqlite3"), "count")
    if counting.returncode:
        raise SystemExit(f"The counted bake failed: {counting.stderr[-2000:]}")
    return json.loads(counting.stdout.splitlines()[-1])  # after the command's summary


def kill_points(counts: dict[str, int], stride: int) -> list[tuple[str, int]]:
    """Every STRIDE-th occurrence of each step, and the last ones."""
    points = []
    for step in STEPS:
        total = counts.get(step, 0)
        chosen = {*range(1, total + 1, stride), *range(max(total - 2, 1), total + 1)}
        points.extend((step, number) for number in sorted(chosen))
    return points


def restore(baseline: Path) -> None:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    shutil.copytree(baseline, BUILD_DIR)


def killed_at(changed_database: Path, step: str, number: int) -> None:
    database = snapshot(changed_database, WORKDIR / "killed.sqlite3")
    killed = bake_in_a_process(database, "kill", step, str(number))
    if killed.returncode != -9:
        raise AssertionError(f"the bake was not killed at {step} {number}: {killed.stderr[-500:]}")


def publish_problem(consistent_builds: list[dict[str, bytes]], run: str) -> str:
    """What is wrong with publishing the build a killed bake left, or "": with no manifest the
    publish must refuse; with one, the build must be a whole one and reach the target whole."""
    from sitegen.build_folder import manifest_path
    from sitegen.publish import PublishError, compare, publish
    from sitegen.targets import FolderTarget

    target = FolderTarget(WORKDIR / "public" / run)
    if not manifest_path(BUILD_DIR).exists():
        try:
            publish(BUILD_DIR, target)
        except PublishError as error:
            return "" if "Nothing to publish" in str(error) else f"publish refused: {error}"
        return "a build without a manifest was published"
    if problem := manifest_problem(BUILD_DIR):
        return problem
    if files_of(BUILD_DIR) not in consistent_builds:
        return "the manifest describes a half-baked build"
    publish(BUILD_DIR, target)
    if not compare(BUILD_DIR, target).matches:
        return "the target does not hold the build"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--stride",
        type=int,
        default=1,
        help="Kill at every STRIDE-th step of each kind only, and the last ones (default: every).",
    )
    options = parser.parse_args()
    started = time.monotonic()
    print(f"Baking the demo catalog in {WORKDIR}")
    bake_demo(VAR_DIR)
    (WORKDIR / "tmp").mkdir()
    tempfile.tempdir = str(WORKDIR / "tmp")
    database = VAR_DIR / "etalase.sqlite3"
    os.environ.update(environment(database))
    setup_django()  # the settings the killed bakes run with, so every build is comparable
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # not a line per edit and publish

    baseline_files = full_bake(WORKDIR / "baseline")
    revert, further_change = change_the_catalog()
    changed_files = full_bake(WORKDIR / "changed")
    changed_database = snapshot(database, WORKDIR / "changed.sqlite3")
    revert()
    further_change()
    reference = full_bake(WORKDIR / "reference")
    counts = count_steps(changed_database, WORKDIR / "baseline")
    points = kill_points(counts, options.stride)
    print(
        f"  Steps of the bake: {counts}; killing at {len(points)} of them "
        f"({time.monotonic() - started:.0f} s so far)"
    )

    from sitegen.bake import bake

    found = []
    for number, (step, occurrence) in enumerate(points, 1):
        restore(WORKDIR / "baseline")
        killed_at(changed_database, step, occurrence)
        run = f"{step}-{occurrence}"
        if problem := publish_problem([baseline_files, changed_files], run):
            found.append(f"killed at {step} {occurrence}, a publish: {problem}")
        bake(changed_only=True)
        if problem := difference(files_of(BUILD_DIR), reference) or manifest_problem(BUILD_DIR):
            found.append(f"killed at {step} {occurrence}, the next bake: {problem}")
        print(f"  {number}/{len(points)}: killed at {step} {occurrence}", end="\r", flush=True)
    print()
    for problem in found:
        print(problem)
    print(
        f"Stride {options.stride}: {len(points)} fault points tried, {len(found)} divergences "
        f"found in {time.monotonic() - started:.0f} s."
    )
    shutil.rmtree(WORKDIR, ignore_errors=True)
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
