"""``manage.py run_worker``: the task worker that bakes and publishes after every change, and
finishes what a stopped worker left behind (sitegen.recovery)."""

import logging
import threading

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from django.db import connections

from sitegen.locks import worker_alive
from sitegen.recovery import recover_interrupted_work
from sitegen.tasks import REBUILDS_QUEUE

logger = logging.getLogger(__name__)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the task worker of the static site (django-tasks-db's db_worker, backend "
        "'sitegen' and its queues 'default,rebuilds' by default; '--queue-name default' makes "
        "a worker that never takes a rebuild of every site). When it starts, and then every "
        "--recovery-interval seconds, it marks failed the bakes, publications and tasks a "
        "stopped worker left running, and enqueues their sites' updates again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recovery-interval",
            type=float,
            default=300,
            help="Seconds between two searches for interrupted work (default: %(default)s).",
        )
        # Reloading restarts the worker in another process that would hold the work's locks.
        # One worker alone must take both queues of the site updates (sitegen.tasks).
        parser.set_defaults(
            backend_name="sitegen", reload=False, queue_name=f"default,{REBUILDS_QUEUE}"
        )

    def handle(self, *args, worker_id, recovery_interval, **options):
        with worker_alive(worker_id):
            recover_once()
            threading.Thread(
                target=recover_periodically, args=(recovery_interval,), daemon=True
            ).start()
            super().handle(*args, worker_id=worker_id, **options)


def recover_periodically(interval: float) -> None:
    stopped = threading.Event()  # never set: the thread ends with the worker's process
    while not stopped.wait(interval):
        recover_once()


def recover_once() -> None:
    try:
        recover_interrupted_work()
    except Exception:  # a database that is busy now may answer at the next round
        logger.exception("Finishing interrupted work failed; trying again later")
    finally:
        connections.close_all()  # this thread's own connections
