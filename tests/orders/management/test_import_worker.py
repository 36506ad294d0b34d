"""An import whose worker is killed in the middle of its transaction records nothing and can be
confirmed again: replayed with real processes (SIGKILL, as the out-of-memory killer would)."""

import os
import signal

from tests.orders.exports import SHOPEE_HEADER, csv_file, shopee_row
from tests.worker_processes import give_migrated_database, manage, rows, start_worker, wait_for

ROWS = 20_000  # a multiple of the progress step, so "every row read" shows before the writing

CREATE_IMPORT = """
from cms.models import (
    CatalogIndexPage, Category, HomePage, ProductPage, WorkshopIndexPage, WorkshopPage,
)
from orders.imports import run
from orders.models import Channel, Import

home = HomePage.objects.get()
catalog = home.add_child(instance=CatalogIndexPage(title="Katalog", slug="katalog"))
workshops = home.add_child(instance=WorkshopIndexPage(title="Bengkel", slug="bengkel"))
workshop = workshops.add_child(instance=WorkshopPage(title="Sandal", slug="sandal"))
catalog.add_child(instance=ProductPage(
    title="Sandal hotel", slug="sandal-hotel", code="SDL-003", price=12000,
    availability="made_to_order", short_description="Sandal hotel.",
    category=Category.objects.create(name="Sandal", slug="sandal"), workshop=workshop,
))
record = Import.objects.create(
    site=home.get_site(), channel=Channel.objects.get(code="shopee"), file_name="month.csv",
    content=open({path!r}, "rb").read(), rows_in_file={rows},
)
run.queue(record, None)
"""


def import_row(environment):
    return rows(environment, "SELECT status, rows_done, outcome FROM orders_import")[0]


def sales(environment):
    return rows(environment, "SELECT count(*) FROM orders_sale")[0][0]


def test_an_import_cut_by_a_killed_worker_records_nothing_and_can_be_confirmed_again(
    tmp_path, migrated_sqlite
):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'etalase.sqlite3'}",
        "ETALASE_VAR_DIR": str(tmp_path),
        "ETALASE_BUILD_DIR": str(tmp_path / "build" / "site"),
    }
    export = tmp_path / "month.csv"
    export.write_bytes(
        csv_file(SHOPEE_HEADER, [shopee_row(f"2611{n:08d}", "SDL-003") for n in range(ROWS)])
    )
    give_migrated_database(migrated_sqlite, environment)
    manage(
        "shell", "-c", CREATE_IMPORT.format(path=str(export), rows=ROWS), environment=environment
    )
    worker_options = ("--backend", "imports", "--queue-name", "imports")
    log = tmp_path / "worker.log"

    worker = start_worker(environment, log, *worker_options)
    wait_for(
        lambda: import_row(environment)[:2] == ("importing", ROWS),
        "reading the whole file before writing its sales",
        pause=0.02,
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert import_row(environment)[0] == "importing", log.read_text()

    worker = start_worker(environment, log, *worker_options)
    try:
        wait_for(lambda: import_row(environment)[0] == "previewed", "marking it interrupted")
        status, _rows_done, outcome = import_row(environment)
        # What the clerk reads on the import's page, written in the installation's language.
        assert outcome.startswith("Impor terputus (pekerja berhenti) dan tidak mencatat apa pun.")
        assert sales(environment) == 0

        manage(
            "shell",
            "-c",
            "from orders.imports import run; from orders.models import Import; "
            "run.queue(Import.objects.get(), None)",
            environment=environment,
        )
        wait_for(lambda: import_row(environment)[0] == "imported", "the import confirmed again")
    finally:
        worker.terminate()
        worker.wait()
    assert sales(environment) == ROWS
