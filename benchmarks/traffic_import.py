"""Benchmark of ``import_traffic``: lines per second and peak memory for a million log lines.

    python benchmarks/traffic_import.py                  # 1,000,000 lines
    python benchmarks/traffic_import.py --lines 200000   # another size
    DATABASE_URL=postgres://… python benchmarks/traffic_import.py   # in a throw-away test database

Bakes a site of 100 products in a throw-away SQLite file (or, when DATABASE_URL is set, a
throw-away test database on that server), then writes logs of its public site in the three
formats (S3 server access log, CloudFront standard log gzip-compressed, combined), a third of
the lines each: page views and order clicks from every channel, mixed with the lines an import
leaves out (bots, styles and photos, errors, HEAD requests, a malformed line in ten thousand).
It runs ``manage.py import_traffic`` on each file in a process of its own, as an operator runs
it, and prints the lines per second and that process's peak resident memory (Django's set-up
included).
"""

import argparse
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_database import create_database, drop_database, use_throwaway_database

REPOSITORY = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-traffic-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
use_throwaway_database(WORKDIR)
os.environ["ETALASE_PUBLISH_TARGET"] = "s3"
os.environ["ETALASE_S3_BUCKET"] = BUCKET = "lapas-bench-site"
sys.path.insert(0, str(REPOSITORY))

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402

settings.MEDIA_ROOT = WORKDIR / "media"
settings.SITEGEN_BUILD_DIR = WORKDIR / "build"
logging.getLogger("wagtail").setLevel(logging.WARNING)

PRODUCTS = 100
HOST = "katalog.lapas-bench.go.id"
PEOPLE = [
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36 Instagram 350.0.0.42.81 Android",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0 A",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
]
REFERRERS = [
    "-", "-", "https://www.google.co.id/", "https://l.instagram.com/", "https://l.facebook.com/",
    "https://l.wl.co/", "https://www.tiktok.com/", "https://www.tokopedia.com/lapas-bench",
    "https://shopee.co.id/lapas-bench", "https://blog.example.org/batik",
]  # fmt: skip
UTM = ["", "", "", "?utm_source=instagram", "?utm_source=whatsapp_status", "?utm_source=tiktok"]


def create_site():
    from cms.models import (
        CatalogIndexPage,
        Category,
        HomePage,
        InstitutionSettings,
        MarketplaceLink,
        ProductPage,
        WorkshopIndexPage,
        WorkshopPage,
    )
    from sitegen.bake import bake
    from sitegen.models import PublishSettings

    home = HomePage.objects.get()
    home.save_revision().publish()  # a fresh installation's home page is a draft
    site = home.get_site()
    institution = InstitutionSettings.for_site(site)
    institution.whatsapp_number = "6281234567890"
    institution.save()
    PublishSettings.objects.update_or_create(
        site=site, defaults={"public_address": f"https://{HOST}"}
    )
    catalog = home.add_child(instance=CatalogIndexPage(title="Katalog", slug="katalog"))
    index = home.add_child(instance=WorkshopIndexPage(title="Bengkel", slug="bengkel"))
    workshop = index.add_child(instance=WorkshopPage(title="Batik", slug="batik"))
    category = Category.objects.create(name="Umum", slug="umum")
    for number in range(PRODUCTS):
        product = ProductPage(
            title=f"Produk {number:03d}",
            slug=f"produk-{number:03d}",
            code=f"BEN-{number:03d}",
            category=category,
            workshop=workshop,
            price=25000 + 1000 * number,
            short_description="Dibuat di bengkel kerja lembaga.",
        )
        product.marketplace_links.add(
            MarketplaceLink(
                marketplace="tokopedia", url=f"https://www.tokopedia.com/lapas/p{number}"
            )
        )
        catalog.add_child(instance=product)
    bake(site)
    return site


def requests(count: int, seed: int):
    """(day, minute, method, path, status, referrer, user agent) of `count` requests."""
    chance = random.Random(seed)  # noqa: S311 - synthetic logs, no secret
    for number in range(count):
        product = f"/katalog/produk-{chance.randrange(PRODUCTS):03d}/"
        roll = chance.random()
        agent, status, method = chance.choice(PEOPLE), 200, "GET"
        referrer = chance.choice(REFERRERS)
        if roll < 0.35:
            path = product + chance.choice(UTM)
        elif roll < 0.42:
            path = product + chance.choice(["pesan/whatsapp/", "pesan/tokopedia/"])
            status, referrer = 301, f"https://{HOST}{product}"
        elif roll < 0.72:
            path = chance.choice(["/static/site.4f3a2b1c.css", "/media/images/p.fill-480x480.avif"])
        elif roll < 0.87:
            path, agent = product, chance.choice(BOTS)
        elif roll < 0.92:
            path, status = "/wp-login.php", 404
        elif roll < 0.95:
            path, method = product, "HEAD"
        else:
            path = chance.choice(["/", "/katalog/", "/katalog/halaman/2/", "/cari/"])
        day, minute = 1 + number * 30 // count, chance.randrange(1440)
        yield day, minute, method, path, status, referrer, agent


def write_s3(path: Path, count: int) -> None:
    with path.open("w") as log:
        for number, (day, minute, method, url, status, referrer, agent) in enumerate(
            requests(count, 1)
        ):
            if number % 10_000 == 9_999:
                log.write("a line cut short\n")
                continue
            key = url.partition("?")[0].lstrip("/")
            key = key + "index.html" if key == "" or key.endswith("/") else key
            log.write(
                f"{'7' * 64} {BUCKET} [{day:02d}/Nov/2026:{minute // 60:02d}:{minute % 60:02d}:07 "
                f"+0000] 192.0.2.{number % 250} - R{number:015d} WEBSITE.{method}.OBJECT {key} "
                f'"{method} {url} HTTP/1.1" {status} - 5120 5120 12 11 "{referrer}" "{agent}" - '
                f"hostid - - - {BUCKET}.s3-website.example - - -\n"
            )


def write_cloudfront(path: Path, count: int) -> None:
    fields = (
        "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
        "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
        "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken"
    )
    with gzip.open(path, "wt", compresslevel=1) as log:
        log.write(f"#Version: 1.0\n#Fields: {fields}\n")
        for number, (day, minute, method, url, status, referrer, agent) in enumerate(
            requests(count, 2)
        ):
            stem, _mark, query = url.partition("?")
            agent = agent.replace(" ", "%2520")
            log.write(
                f"2026-11-{day:02d}\t{minute // 60:02d}:{minute % 60:02d}:07\tCGK50-C1\t5120\t"
                f"192.0.2.{number % 250}\t{method}\td1.cloudfront.net\t{stem}\t{status}\t"
                f"{referrer}\t{agent}\t{query or '-'}\t-\tHit\tE{number:020d}\t{HOST}\thttps\t"
                "421\t0.004\n"
            )


def write_combined(path: Path, count: int) -> None:
    with path.open("w") as log:
        for number, (day, minute, method, url, status, referrer, agent) in enumerate(
            requests(count, 3)
        ):
            log.write(
                f"192.0.2.{number % 250} - - [{day:02d}/Nov/2026:{minute // 60:02d}:"
                f'{minute % 60:02d}:07 +0700] "{method} {url} HTTP/1.1" {status} 5120 '
                f'"{referrer}" "{agent}"\n'
            )


def database_url() -> str:
    """The throw-away database's address, for the importing process."""
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def run_import(path: Path, log_format: str) -> tuple[float, float]:
    """``manage.py import_traffic`` on one file in a new process; returns its wall time in
    seconds and its peak resident memory in MiB."""
    command = [sys.executable, "manage.py", "import_traffic", str(path), "--format", log_format]
    if log_format == "combined":
        command += ["--site", HOST]
    environment = {**os.environ, "DATABASE_URL": database_url()}
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        command, cwd=REPOSITORY, env=environment, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"import_traffic failed on {path.name} ({process.returncode})")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="Lines in all (default 1M).")
    lines = parser.parse_args().lines
    create_database()
    try:
        create_site()
        third = lines // 3
        logs = [
            ("s3", WORKDIR / "s3.log", write_s3, lines - 2 * third),
            ("cloudfront", WORKDIR / "cloudfront.log.gz", write_cloudfront, third),
            ("combined", WORKDIR / "access.log", write_combined, third),
        ]
        for _format, path, write, count in logs:
            write(path, count)
        print(f"{'format':<11} {'lines':>9} {'seconds':>8} {'lines/s':>9} {'peak MiB':>9}")
        total_elapsed, peak = 0.0, 0.0
        for log_format, path, _write, count in logs:
            elapsed, memory = run_import(path, log_format)
            total_elapsed, peak = total_elapsed + elapsed, max(peak, memory)
            rate = count / elapsed
            print(f"{log_format:<11} {count:>9,} {elapsed:>8.1f} {rate:>9,.0f} {memory:>9.0f}")
        from reach.models import TrafficCount

        counted = sum(TrafficCount.objects.values_list("count", flat=True))
        print(
            f"{'all':<11} {lines:>9,} {total_elapsed:>8.1f} {lines / total_elapsed:>9,.0f} "
            f"{peak:>9.0f}\n{counted:,} views and clicks counted"
        )
    finally:
        drop_database()
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
