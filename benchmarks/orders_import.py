"""Benchmark of a marketplace import: rows per second and peak memory for 5,000 and 100,000 rows.

    python benchmarks/orders_import.py                 # 5,000 and 100,000 rows
    python benchmarks/orders_import.py --rows 20000    # other sizes
    DATABASE_URL=postgres://… python benchmarks/orders_import.py   # in a throw-away test database

Creates 100 made-to-order products in a throw-away SQLite file (or, when DATABASE_URL is set, a
throw-away test database on that server), writes a Shopee CSV export of the given number of rows
(two lines per order, the columns the import reads, under the 5 MB upload limit), then:
- times the preview the clerk waits for (`orders.imports.run.preview`: read and check the file);
- times the import as the background task runs it (`orders.imports.run.confirm`: read the file,
  check it, record every sale, its lines, movements and log entries in one transaction);
- then measures the peak memory (tracemalloc) of reading and checking a file of as many new
  orders as the preview does, in a second pass, since tracing slows what it watches.
"""

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from throwaway_database import create_database, drop_database, use_throwaway_database

REPOSITORY = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-import-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
use_throwaway_database(WORKDIR)
sys.path.insert(0, str(REPOSITORY))

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402

settings.MEDIA_ROOT = WORKDIR / "media"
logging.getLogger("wagtail").setLevel(logging.WARNING)

PRODUCTS = 100
COLUMNS = [
    "No. Pesanan", "Status Pesanan", "Waktu Pesanan Dibuat", "Nomor Referensi SKU",
    "Harga Awal", "Harga Setelah Diskon", "Jumlah",
]  # fmt: skip


def create_catalog():
    from cms.models import (
        CatalogIndexPage,
        Category,
        HomePage,
        ProductPage,
        WorkshopIndexPage,
        WorkshopPage,
    )

    home = HomePage.objects.get()
    catalog = home.add_child(instance=CatalogIndexPage(title="Katalog", slug="katalog"))
    index = home.add_child(instance=WorkshopIndexPage(title="Bengkel", slug="bengkel"))
    workshop = index.add_child(instance=WorkshopPage(title="Batik", slug="batik"))
    category = Category.objects.create(name="Umum", slug="umum")
    for number in range(PRODUCTS):
        catalog.add_child(
            instance=ProductPage(
                title=f"Produk {number:03d}",
                slug=f"produk-{number:03d}",
                code=f"BEN-{number:03d}",
                category=category,
                workshop=workshop,
                price=25000 + 1000 * number,
                availability="made_to_order",
                short_description="Dibuat di bengkel kerja lembaga.",
            )
        )
    return home.get_site()


def export(rows, prefix):
    """A Shopee export of `rows` lines, two per order, each order with two products."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for number in range(rows):
        order, product = divmod(number, 2)
        code = f"BEN-{(order + product * 37) % PRODUCTS:03d}"
        writer.writerow([f"{prefix}{order:07d}", "Selesai", "2026-11-15", code, 25000, 25000, 1])
    return buffer.getvalue().encode()


def new_import(site, content, name):
    from orders.models import Channel, Import

    return Import.objects.create(
        site=site, channel=Channel.objects.get(code="shopee"), file_name=name, content=content
    )


def measure(site, rows, prefix):
    from orders.imports import run
    from orders.models import ImportStatus, Sale

    content = export(rows, prefix)
    record = new_import(site, content, f"{prefix}.csv")
    started = time.perf_counter()
    run.confirm(record, None)
    elapsed = time.perf_counter() - started
    record.refresh_from_db()
    imported = Sale.objects.filter(external_reference__startswith=prefix).count()
    if record.status != ImportStatus.IMPORTED or imported != rows // 2:
        raise SystemExit(f"The import did not record the file: {record.outcome}")

    unseen_prefix = "M" + prefix[1:]  # as long, so the file is as large
    unseen = new_import(site, export(rows, unseen_prefix), f"{unseen_prefix}.csv")
    started = time.perf_counter()
    run.preview(unseen)
    preview_elapsed = time.perf_counter() - started
    tracemalloc.start()
    plan = run.preview(unseen)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if plan.problems or len(plan.to_create) != rows // 2:
        raise SystemExit(f"The preview did not read the file: {plan.problems[:3]}")
    return len(content), elapsed, preview_elapsed, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[5000, 100_000], help="Rows of each file."
    )
    arguments = parser.parse_args()
    create_database()
    try:
        site = create_catalog()
        print(
            f"{'rows':>8} {'file':>8} {'preview':>9} {'import':>9} {'rows/s':>8} "
            f"{'peak memory':>12}"
        )
        for index, rows in enumerate(arguments.rows):
            size, elapsed, preview_elapsed, peak = measure(site, rows, prefix=f"I{index}")
            print(
                f"{rows:>8,} {size / 1e6:>6.1f}MB {preview_elapsed:>8.1f}s {elapsed:>8.1f}s "
                f"{rows / elapsed:>8,.0f} {peak / 1e6:>10.1f}MB"
            )
    finally:
        drop_database()
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
