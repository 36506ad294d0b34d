"""A task worker in a process of its own, for the tests of several workers sharing one database
and one bucket. Test-only; production code has no such hooks.

    python -m tests.sitegen.worker_process MARKS          # runs the site update task for each
                                                          # site id read, one line per batch
    python -m tests.sitegen.worker_process MARKS hold     # the same, but its first publish never
                                                          # ends (the test SIGKILLs it there)

Inside the site's lock, each publish appends ``start <build folder> <pid>`` to the file MARKS
when it begins and ``end <build folder> <pid>`` when it ends, so the test reads in what order the
publishes of every worker ran. The database, the uploads, the build folder and the target are
the test's, named by DATABASE_URL, ETALASE_MEDIA_ROOT, ETALASE_BUILD_DIR and ETALASE_S3_*.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

from tests.sitegen.bake_process import reply, setup_django

# Long enough that a second publish of the site, were the lock not keeping them apart, would
# start inside this one on a busy machine; never asserted on.
WINDOW = 0.3


def append_mark(marks: Path, kind: str, folder: Path) -> None:
    with open(marks, "a") as file:  # appends of one short line are not interleaved
        file.write(f"{kind} {folder.name} {os.getpid()}\n")


def mark_publishes(marks: Path, hold: bool) -> None:
    from sitegen import jobs

    real_publish = jobs.publish

    def marked_publish(folder, target, **options):
        append_mark(marks, "start", folder)
        if hold:
            threading.Event().wait()  # until the test kills the process
        time.sleep(WINDOW)
        try:
            return real_publish(folder, target, **options)
        finally:
            append_mark(marks, "end", folder)

    jobs.publish = marked_publish


def work() -> None:
    from django.db import close_old_connections

    from sitegen.tasks import update_public_site

    reply("ready")
    for line in sys.stdin:
        errors = []
        for site_id in line.split():
            close_old_connections()  # as a task worker does before each task
            errors.append(update_public_site.call(trigger="worker", site_id=int(site_id)))
        reply(json.dumps(errors))


if __name__ == "__main__":
    setup_django()
    mark_publishes(Path(sys.argv[1]), hold=sys.argv[2:] == ["hold"])
    work()
