"""Benchmark of the orders app at 100,000 sales: the monthly report, its exports, the admin's
sales list with filters and the home panel.

    python benchmarks/orders_report.py                     # 100,000 sales over 12 months
    python benchmarks/orders_report.py --months 1          # all of them in the last 30 days
    DATABASE_URL=postgres://… python benchmarks/orders_report.py   # in a throw-away test database

Creates 100 products in six workshops, then the sales (1 to 3 lines each, 1 in 50 voided), their
lines and stock movements with bulk_create in a throw-away SQLite file (or, when DATABASE_URL is
set, a throw-away test database on that server), then times each view through Django's test
client logged in as a clerk (the head for the report and home page) and prints seconds and
queries. Each figure is the best of three runs, after one warm-up.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from throwaway_database import create_database, drop_database, use_throwaway_database

REPOSITORY = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-orders-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
use_throwaway_database(WORKDIR)
sys.path.insert(0, str(REPOSITORY))

import django

django.setup()

import logging

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.utils import timezone

settings.MEDIA_ROOT = WORKDIR / "media"
logging.getLogger("wagtail").setLevel(logging.WARNING)

WORKSHOPS = ["Batik", "Sandal", "Kulit", "Roti", "Anggrek", "Kaos"]
PRODUCTS = 100
BATCH = 5000


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
    workshops = [
        index.add_child(instance=WorkshopPage(title=name, slug=name.lower())) for name in WORKSHOPS
    ]
    category = Category.objects.create(name="Umum", slug="umum")
    return [
        catalog.add_child(
            instance=ProductPage(
                title=f"Produk {number:03d}",
                slug=f"produk-{number:03d}",
                code=f"BEN-{number:03d}",
                category=category,
                workshop=workshops[number % len(workshops)],
                price=25000 + 1000 * number,
                availability="made_to_order",  # sales beyond the stock need no intakes
                short_description="Dibuat di bengkel kerja lembaga.",
            )
        )
        for number in range(PRODUCTS)
    ]


def user(name, role):
    account = User.objects.create_user(name, password="x")  # noqa: S106
    account.groups.add(Group.objects.get(name=role))
    return account


def create_sales(products, count, months, clerk, site):
    """Sales, lines and movements as the bookkeeping would have recorded them, in bulk."""
    from decimal import Decimal

    from orders.models import Channel, Sale, SaleLine, StockMovement

    rng = random.Random(5)  # noqa: S311
    channels = list(Channel.objects.all())
    today = timezone.localdate()
    started = time.monotonic()
    for first in range(0, count, BATCH):
        sales, plans = [], []
        for number in range(first, min(first + BATCH, count)):
            chosen = rng.sample(products, k=rng.choice([1, 1, 2, 3]))
            channel = rng.choice(channels)
            lines = [(product, rng.randint(1, 4)) for product in chosen]
            net = sum(product.price * quantity for product, quantity in lines)
            sales.append(
                Sale(
                    site=site,
                    channel=channel,
                    external_reference=f"ORD{number:07d}" if channel.kind == "marketplace" else "",
                    date=today - timedelta(days=rng.randrange(months * 30)),
                    payment_status=rng.choice(["paid"] * 8 + ["unpaid", "refunded"]),
                    shipping_status=rng.choice(["delivered", "shipped", "handed_over"]),
                    total_gross=net,
                    total_net=net,
                    recorded_by=clerk,
                    voided_at=timezone.now() if number % 50 == 0 else None,
                    void_reason="Benchmark" if number % 50 == 0 else "",
                )
            )
            plans.append(lines)
        Sale.objects.bulk_create(sales)
        line_rows, movements = [], []
        for sale, lines in zip(sales, plans, strict=True):
            for product, quantity in lines:
                net = product.price * quantity
                line_rows.append(
                    SaleLine(
                        sale=sale, product=product, workshop_id=product.workshop_id,
                        quantity=quantity, unit_price=product.price, net=net,
                        premi=net * 15 // 100, pnbp=net // 5, premi_percent=Decimal(15),
                        pnbp_percent=Decimal(20), unit_cost=product.price // 2,
                    )
                )  # fmt: skip
                movements.append(
                    StockMovement(
                        product=product, kind="sale", quantity=-quantity, sale=sale,
                        created_by=clerk,
                    )
                )  # fmt: skip
        SaleLine.objects.bulk_create(line_rows, batch_size=BATCH)
        StockMovement.objects.bulk_create(movements, batch_size=BATCH)
        print(f"  {min(first + BATCH, count)}/{count} sales created", flush=True)
    print(f"  {count} sales created in {time.monotonic() - started:.0f} s")


def measure(label, run):
    """Best of three runs after a warm-up, with the queries of one run."""
    run()
    queries = []
    timings = []
    for _attempt in range(3):
        queries.clear()
        with connection.execute_wrapper(
            lambda execute, sql, params, many, context: (
                queries.append(sql) or execute(sql, params, many, context)
            )
        ):
            started = time.perf_counter()
            run()
            timings.append(time.perf_counter() - started)
    print(f"{label:<58} {min(timings):6.3f} s  {len(queries):3d} queries")
    return min(timings)


def get(client, url):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sales", type=int, default=100_000, help="How many sales to create.")
    parser.add_argument(
        "--months", type=int, default=12, help="Over how many months (30 days each) they spread."
    )
    options = parser.parse_args()

    from wagtail.models import Site

    from orders.models import Channel, Sale
    from orders.reports import export, monthly_report

    print(f"Database: {connection.vendor}; working folder {WORKDIR} (removed at the end)")
    create_database()
    products = create_catalog()
    site = Site.objects.get(is_default_site=True)
    clerk, head = user("clerk", "Clerk"), user("head", "Head")
    create_sales(products, options.sales, options.months, clerk, site)
    month = timezone.localdate().replace(day=1)
    in_month = Sale.objects.filter(date__gte=month).count()
    print(f"Month {month:%Y-%m}: {in_month} sales of {Sale.objects.count()}\n")

    slowest = 0.0
    slowest = max(
        slowest,
        measure(
            "monthly report (by product, workshop, channel)", lambda: monthly_report(month, site)
        ),
    )
    report = monthly_report(month, site)
    slowest = max(
        slowest,
        measure("  … report + CSV export", lambda: export(monthly_report(month, site), "csv")),
    )
    slowest = max(
        slowest,
        measure("  … report + XLSX export", lambda: export(monthly_report(month, site), "xlsx")),
    )
    print(f"  ({report.sales} sales, net Rp {report.total.net:,})")
    as_clerk, as_head = Client(), Client()
    as_clerk.force_login(clerk)
    as_head.force_login(head)
    shopee = Channel.objects.get(code="shopee").pk
    views = [
        ("admin sales list, first page", as_clerk, "/admin/orders/sale/"),
        ("  … channel + payment + month filters", as_clerk,
         f"/admin/orders/sale/?channel={shopee}&payment_status__exact=paid&month={month:%Y-%m}"),
        ("  … shipping filter, page 40", as_clerk,
         "/admin/orders/sale/?shipping_status__exact=shipped&p=40"),
        ("  … voided sales", as_clerk, "/admin/orders/sale/?voided=yes"),
        ("  … search by product code", as_clerk, "/admin/orders/sale/?q=BEN-042"),
        ("  … search by order number", as_clerk, "/admin/orders/sale/?q=ORD00123"),
        ("admin report page (head)", as_head, f"/admin/orders/report/?month={month:%Y-%m}"),
        ("admin home with the orders panel (head)", as_head, "/admin/"),
    ]  # fmt: skip
    for label, client, url in views:
        slowest = max(slowest, measure(label, get(client, url)))
    print(f"\nSlowest: {slowest:.3f} s ({'under' if slowest < 1 else 'OVER'} 1 second)")


def clean_up():
    """Drop the throw-away database and the working folder."""
    drop_database()
    shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        clean_up()
