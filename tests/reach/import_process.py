"""``import_traffic`` in a process of its own, SIGKILLed (no handler, no clean-up runs) right
after its first batch of counts reaches the database. Test-only; production code has no such
hook.

    python -m tests.reach.import_process kill FORMAT FILE    # killed after the first batch
    python -m tests.reach.import_process run FORMAT FILE     # to the end

The database is the test's, named by DATABASE_URL.
"""

import os
import signal
import sys


def main(mode: str, log_format: str, path: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    from reach.traffic import importer

    if mode == "kill":
        importer.BATCH_SIZE = 1  # one count per batch: the kill falls among them
        add_batch = importer.add_batch

        def add_batch_then_die(batch):
            add_batch(batch)
            os.kill(os.getpid(), signal.SIGKILL)

        importer.add_batch = add_batch_then_die
    call_command("import_traffic", path, format=log_format)


if __name__ == "__main__":
    main(*sys.argv[1:4])
