"""The baker in a process of its own, for the tests that need one: killed at a chosen step, or
a long-running worker. Test-only; production code has no such hooks.

    python -m tests.sitegen.bake_process kill STEP N   # `bake --changed`, SIGKILLed at a step
    python -m tests.sitegen.bake_process count         # `bake --changed`; prints each step's count
    python -m tests.sitegen.bake_process worker        # primes Wagtail's caches, then runs the
                                                       # site update task for each site id read

The database, the uploads and the build folder are the test's, named by DATABASE_URL,
ETALASE_MEDIA_ROOT and ETALASE_BUILD_DIR. Steps: ``record`` (after rendering the N-th page),
``write`` (after the N-th file written), ``delete`` (after the N-th file deleted), ``state``
(before the state is saved, N = 1).
"""

import json
import os
import signal
import sys
from collections import Counter
from pathlib import Path

STEPS = ("record", "write", "delete", "state")


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    from django.conf import settings

    # The test settings make temporary folders of their own; this process uses the test's.
    settings.MEDIA_ROOT = Path(os.environ["ETALASE_MEDIA_ROOT"])
    settings.SITEGEN_BUILD_DIR = Path(os.environ["ETALASE_BUILD_DIR"])
    settings.SITEGEN_BAKE_WORKERS = 1
    import django

    django.setup()


def count_steps(kill_at: tuple[str, int] | None) -> Counter:
    """Count the baker's steps as they happen; at ``kill_at`` the process kills itself."""
    from sitegen import bake, build_folder

    counts = Counter()

    def step(name: str) -> None:
        counts[name] += 1
        if kill_at == (name, counts[name]):
            os.kill(os.getpid(), signal.SIGKILL)

    def after(name, method):
        def counted(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            step(name)
            return result

        return counted

    bake.Baker.record = after("record", bake.Baker.record)
    bake.Baker.write = after("write", bake.Baker.write)
    bake.Baker.delete = after("delete", bake.Baker.delete)
    write_record = build_folder._write

    def write_record_counting_the_state(path, content, parsed):
        if path == build_folder.state_path(path.parent.parent):
            step("state")
        write_record(path, content, parsed)

    build_folder._write = write_record_counting_the_state
    return counts


def bake_changed(kill_at: tuple[str, int] | None) -> None:
    from django.core.management import call_command

    counts = count_steps(kill_at)
    call_command("bake", changed=True, verbosity=0)
    sys.stdout.write(json.dumps(counts) + "\n")


def reply(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def worker() -> None:
    """Like a task worker started before a site exists: its caches are filled once."""
    from django.db import close_old_connections

    from wagtail.models import Site

    from sitegen.tasks import update_public_site

    Site.get_site_root_paths()
    reply("ready")
    for line in sys.stdin:
        close_old_connections()  # as a task worker does before each task
        error = update_public_site.call(trigger="worker", site_id=int(line))
        reply(json.dumps({"error": error}))


if __name__ == "__main__":
    setup_django()
    command = sys.argv[1]
    if command == "kill":
        bake_changed((sys.argv[2], int(sys.argv[3])))
    elif command == "count":
        bake_changed(None)
    else:
        worker()
