"""Benchmark of the site generator: full bake, first and no-change publish, one edit end to end.

    python benchmarks/bake_and_publish.py                 # N = 2,000 products
    python benchmarks/bake_and_publish.py --products 10000
    python benchmarks/bake_and_publish.py --sites 3 --products 500   # 3 institutions of 500
    python benchmarks/bake_and_publish.py --compare           # and the previous release's figures
    python benchmarks/bake_and_publish.py --compare main~3    # ... or any other commit's

With --compare, the same benchmark of another commit (by default the last tag, or HEAD~1 when
the repository has no tag) runs first, from a copy of that commit in a temporary folder, with the
same number of products; each figure is then printed beside that commit's, with the ratio of each
number (this commit's / the other's), so a noisy machine slows both alike.

With --sites, each institution is a site of its own (its home page tree, N products, its own
prefix in the bucket); the figures are those of baking and publishing every site, and of one
edit on one site.

Builds a synthetic catalog (N products under one catalog, six workshops, 60 shared photos) in a
throw-away SQLite database, bakes it, publishes it to moto's S3 server on 127.0.0.1 through the
same boto3 code path as production, and prints the figures shown in docs/developers/benchmarks.md,
with the time the product feeds of 10,000 products take to build (the catalog's own feed entries,
repeated under other codes when it is smaller).
Each bake runs in a child process so its peak memory is measured on its own.
"""

import argparse
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from process_cpu import cpu_seconds
from s3_server import start_s3_server

REPOSITORY = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
sys.path.insert(0, str(REPOSITORY))

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

# Keep everything of this run in its working folder; moto's request log is not a figure.
settings.MEDIA_ROOT = WORKDIR / "media"
settings.SITEGEN_BUILD_DIR = WORKDIR / "build"
logging.getLogger("werkzeug").setLevel(logging.ERROR)
logging.getLogger("wagtail").setLevel(logging.WARNING)
logging.getLogger("botocore").setLevel(logging.WARNING)

PHOTO_COUNT = 60
WORKSHOP_NAMES = ["Batik", "Sandal", "Kulit", "Roti", "Anggrek", "Kaos"]


def build_catalog(products: int, home=None, code: str = "BEN") -> None:
    """N products under one catalog of `home` (default: the default site's home page)."""
    from cms.models import (
        CatalogIndexPage,
        Category,
        HomePage,
        ProductPage,
        ProductPhoto,
        WorkshopIndexPage,
        WorkshopPage,
    )

    home = home or HomePage.objects.get()
    home.save_revision().publish()
    catalog = home.add_child(instance=CatalogIndexPage(title="Katalog", slug="katalog"))
    workshop_index = home.add_child(
        instance=WorkshopIndexPage(title="Bengkel Kerja", slug="bengkel-kerja")
    )
    workshops = [
        workshop_index.add_child(instance=WorkshopPage(title=name, slug=name.lower()))
        for name in WORKSHOP_NAMES
    ]
    category, _ = Category.objects.get_or_create(name="Umum", slug="umum")
    photos = shared_photos()
    started = time.monotonic()
    for number in range(products):
        product = catalog.add_child(
            instance=ProductPage(
                title=f"Produk {number:05d}",
                slug=f"produk-{number:05d}",
                code=f"{code}-{number:05d}",
                category=category,
                workshop=workshops[number % len(workshops)],
                price=50000 + number,
                unit="pcs",
                short_description="Dibuat di bengkel kerja lembaga.",
            )
        )
        ProductPhoto.objects.create(
            page=product, image=photos[number % PHOTO_COUNT], alt_text="Foto produk"
        )
        if number and number % 1000 == 0:
            print(f"  {number}/{products} products created", flush=True)
    print(f"  catalog of {products} products created in {time.monotonic() - started:.0f} s")


def shared_photos():
    """The 60 photos every product uses one of (made once), in the first institution's
    collection: a page may show only its institution's photos."""
    from io import BytesIO

    from PIL import Image

    from django.core.files.images import ImageFile

    from cms.models import Photo
    from institutions.models import Institution

    collection = Institution.objects.get(site__is_default_site=True).collection
    photos = list(Photo.objects.order_by("pk"))
    for number in range(len(photos), PHOTO_COUNT):
        buffer = BytesIO()
        Image.new("RGB", (1200, 900), (number * 4, 90, 160)).save(buffer, "JPEG", quality=80)
        photos.append(
            Photo.objects.create(
                title=f"Foto {number}",
                file=ImageFile(buffer, name=f"p{number}.jpg"),
                collection=collection,
            )
        )
    return photos


def rename_the_institution() -> None:
    """A site-wide change every page shows (the institution's name, in each page's title and
    header): the full bake after it writes every page and indexes them again, where a full bake
    of an unchanged site links every file and keeps the search index."""
    from wagtail.models import Site

    from cms.models import InstitutionSettings

    institution = InstitutionSettings.for_site(Site.objects.get(is_default_site=True))
    institution.institution_name = f"{institution.institution_name or 'Lapas'} (nama baru)"
    institution.save()


def count_queries(run):
    queries = 0

    def counter(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = run()
    return result, queries


def bake_in_child(workers: int, results):
    from sitegen.bake import bake

    settings.SITEGEN_BAKE_WORKERS = workers
    connections.close_all()
    started = time.monotonic()
    result, queries = count_queries(bake)
    elapsed = time.monotonic() - started
    # The largest of the bake process and its rendering workers (ru_maxrss is in KiB).
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    results.put((result.pages_rendered, elapsed, queries, peak_kib))


def measured_bake(workers):
    """A full bake in a fresh child process: pages, seconds, SQL queries and peak RSS (MiB).

    SQL queries are counted in the bake process only: bake with one worker to count them all.
    """
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=bake_in_child, args=(workers, results))
    child.start()
    pages, elapsed, queries, peak_kib = results.get()
    child.join()
    return pages, elapsed, queries, peak_kib / 1024


def s3_target(endpoint):
    import boto3

    from sitegen.targets import get_target

    bucket = "etalase-benchmark"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    settings.SITEGEN_PUBLISH_TARGETS = {
        "s3": {
            "BACKEND": "sitegen.targets.S3Target",
            "OPTIONS": {"bucket": bucket, "endpoint_url": endpoint},
        }
    }
    return lambda: get_target("s3")


def timed_publish(make_target):
    from sitegen.publish import publish
    from sitegen.sites import build_dir

    target = make_target()
    puts_before = target.put_count
    started = time.monotonic()
    result = publish(build_dir(), target)
    return time.monotonic() - started, result.requests, target.put_count - puts_before


def edit_product(number, make_target):
    """Approve a new title for one product, then do what the task does: bake what changed and
    publish it, then bring the search index up to date and publish that."""
    from cms.models import ProductPage
    from sitegen.bake import bake

    product = ProductPage.objects.get(code=f"BEN-{number:05d}")
    product.title = f"Produk {number} yang diedit"
    started = time.monotonic()
    product.save_revision().publish()
    approve_seconds = time.monotonic() - started
    result = bake(changed_only=True, search_index=False)
    publish_seconds, _, puts = timed_publish(make_target)
    public_seconds = time.monotonic() - started
    bake(changed_only=True)
    timed_publish(make_target)
    searchable_seconds = time.monotonic() - started
    return public_seconds, approve_seconds, result, publish_seconds, puts, searchable_seconds


# The feeds of a catalog this large must build in under 2 s as part of a bake.
FEED_PRODUCTS = 10_000


def timed_feeds(products: int = FEED_PRODUCTS) -> float:
    """Seconds to build the Google Merchant and Meta feeds of `products` products, as a bake
    builds them from the entries in its state: this catalog's entries, repeated under other
    codes up to that number when the catalog is smaller."""
    import json

    from sitegen.build_folder import state_path
    from sitegen.render import site_request
    from sitegen.sitefiles import product_feed_files
    from sitegen.sites import build_dir, default_site

    entries = list(json.loads(state_path(build_dir()).read_bytes())["feed"].values())
    copies = -(-products // len(entries))
    entries = [
        {**entry, "code": f"{entry['code']}-{copy}"} for copy in range(copies) for entry in entries
    ][:products]
    site = default_site()
    request = site_request(site)
    started = time.monotonic()
    product_feed_files(site, entries, request)
    return time.monotonic() - started


def institutions(count: int, products: int) -> list:
    """`count` sites of `products` products each, each publishing under its own prefix."""
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from sitegen.models import PublishSettings

    sites = [Site.objects.get(is_default_site=True)]
    build_catalog(products, code="LPA")
    for number in range(1, count):
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=f"Lapas {number}", slug=f"lapas-{number}")
        )
        sites.append(Site.objects.create(hostname=f"lapas-{number}.example", root_page=home))
        build_catalog(products, home, code=f"LP{chr(ord('A') + number)}")
    for number, site in enumerate(sites):
        PublishSettings.objects.create(site=site, prefix=f"lapas-{number}/")
    return sites


def succeeded(outcome):
    if outcome.error:
        raise SystemExit(f"{outcome.record}: {outcome.error}")
    return outcome


def multi_site_main(site_count: int, products: int) -> None:
    """Bake and publish every site, then one edit on one site, as the task does."""
    from cms.models import ProductPage
    from sitegen.jobs import run_bake, run_bake_and_publish, run_publish

    print(
        f"Etalase site generator benchmark, {site_count} sites of {products} products "
        f"(work folder {WORKDIR})"
    )
    call_command("migrate", verbosity=0)
    sites = institutions(site_count, products)
    server, endpoint = start_s3_server()
    s3_target(endpoint)
    settings.SITEGEN_PUBLISH_TARGET = "s3"

    def every_site(job, **options):
        started = time.monotonic()
        outcomes = [succeeded(job(site=site, trigger="benchmark", **options)) for site in sites]
        return time.monotonic() - started, [outcome.value for outcome in outcomes]

    cold_seconds, bakes = every_site(run_bake)  # the first bake of each site
    bake_seconds, bakes = every_site(run_bake)
    pages = sum(result.pages_rendered for result in bakes)
    publish_seconds, first = every_site(run_publish)
    same_seconds, same = every_site(run_publish)
    product = ProductPage.objects.get(code=f"LPB-{products // 2:05d}")
    product.title += " (diedit)"
    started = time.monotonic()
    product.save_revision().publish()
    succeeded(run_bake_and_publish(site=sites[1], trigger="benchmark"))
    edit_seconds = time.monotonic() - started
    _, after_edit = every_site(run_publish)
    server.terminate()
    server.wait()

    rows = [
        ("sites x products", f"{site_count} x {products}, {pages} pages baked"),
        (
            "full bake of every site, one after the other, cold",
            f"{cold_seconds:.1f} s, {pages / cold_seconds:.0f} pages/s",
        ),
        (
            f"... warm ({settings.SITEGEN_BAKE_WORKERS} processes per site)",
            f"{bake_seconds:.1f} s, {pages / bake_seconds:.0f} pages/s",
        ),
        (
            "first publish of every site to its prefix",
            f"{sum(result.uploaded for result in first)} files, {publish_seconds:.1f} s",
        ),
        (
            "no-change publish of every site",
            f"{sum(result.requests for result in same)} requests, {same_seconds:.2f} s",
        ),
        (
            "one product of site 2 edited: bake and publish that site",
            f"{edit_seconds:.2f} s; afterwards "
            f"{sum(result.uploaded for result in after_edit)} files left for any site",
        ),
    ]
    print_rows(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=2000, help="number of products (N)")
    parser.add_argument(
        "--sites", type=int, default=1, help="institutions, each a site of N products"
    )
    parser.add_argument(
        "--compare",
        nargs="?",
        const="",
        metavar="REF",
        help="also run the benchmark of commit REF (default: the last tag, or HEAD~1 without "
        "one) with the same options, and print both figures side by side with their ratio",
    )
    arguments = parser.parse_args()
    if arguments.compare is not None:
        compare_with(arguments.compare or previous_release())
        return
    products = arguments.products
    if arguments.sites > 1:
        multi_site_main(arguments.sites, products)
        return

    print(f"Etalase site generator benchmark, N = {products} products (work folder {WORKDIR})")
    call_command("migrate", verbosity=0)
    build_catalog(products)

    workers = settings.SITEGEN_BAKE_WORKERS
    pages, cold_seconds, _, _ = measured_bake(workers)
    pages, warm_seconds, _, peak_mib = measured_bake(workers)
    _, single_seconds, queries, single_peak_mib = measured_bake(1)
    rename_the_institution()
    _, renamed_seconds, _, renamed_peak_mib = measured_bake(workers)
    server, endpoint = start_s3_server()
    make_target = s3_target(endpoint)
    # Whose CPU bounds the first publish: the S3 server's process, or this one's threads.
    server_cpu_before, own_cpu_before = cpu_seconds(server.pid), cpu_seconds(os.getpid())
    first_seconds, first_requests, first_puts = timed_publish(make_target)
    server_cpu = cpu_seconds(server.pid) - server_cpu_before
    own_cpu = cpu_seconds(os.getpid()) - own_cpu_before
    same_seconds, same_requests, same_puts = timed_publish(make_target)

    # The task runs in a worker that has baked before (templates compiled, URLs loaded): one
    # edit warms this process up, the second is measured.
    edit_product(products // 3, make_target)
    edit_seconds, approve_seconds, edit_result, edit_publish_seconds, edit_puts, searchable = (
        edit_product(products // 2, make_target)
    )
    server.terminate()
    server.wait()
    feeds_seconds = timed_feeds()

    rows = [
        ("pages baked (products, listings, workshops, home)", f"{pages}"),
        (
            "full bake, cold (a fresh process; renditions made ahead by the upload's task)",
            f"{cold_seconds:.1f} s, {pages / cold_seconds:.0f} pages/s",
        ),
        (
            f"full bake, warm, {workers} processes (nothing changed)",
            f"{warm_seconds:.1f} s, {pages / warm_seconds:.0f} pages/s, "
            f"peak RSS {peak_mib:.0f} MiB",
        ),
        (
            "full bake, warm, 1 process",
            f"{single_seconds:.1f} s, {pages / single_seconds:.0f} pages/s, "
            f"peak RSS {single_peak_mib:.0f} MiB",
        ),
        (
            f"full bake after a change every page shows, {workers} processes",
            f"{renamed_seconds:.1f} s, {pages / renamed_seconds:.0f} pages/s, "
            f"peak RSS {renamed_peak_mib:.0f} MiB",
        ),
        ("SQL queries per page (1 process)", f"{queries / pages:.2f}"),
        (
            "first publish to S3",
            f"{first_puts} PUTs, {first_requests} requests, {first_seconds:.1f} s",
        ),
        (
            "... CPU of the S3 server, then of the publish",
            f"{server_cpu:.1f} s ({server_cpu / first_seconds:.0%} of a core), "
            f"{own_cpu:.1f} s ({own_cpu / first_seconds:.0%})",
        ),
        ("no-change publish", f"{same_puts} PUTs, {same_requests} requests, {same_seconds:.2f} s"),
        (
            "one product edited, end to end",
            f"{edit_seconds:.2f} s (approval {approve_seconds:.2f} s, bake "
            f"{edit_result.duration:.2f} s for {edit_result.pages_rendered} pages, "
            f"publish {edit_publish_seconds:.2f} s, {edit_puts} PUTs)",
        ),
        ("... and findable by the search (index rebuilt, published)", f"{searchable:.2f} s"),
        (
            f"product feeds (Google, Meta) of {FEED_PRODUCTS:,} products, built as in a bake",
            f"{feeds_seconds:.2f} s",
        ),
    ]
    print_rows(rows)


def print_rows(rows) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}", flush=True)


def previous_release() -> str:
    """The last tag reachable from HEAD, or HEAD~1 when the repository has none."""
    described = subprocess.run(  # noqa: S603 - git with fixed arguments
        ["git", "-C", str(REPOSITORY), "describe", "--tags", "--abbrev=0"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return described.stdout.strip() if described.returncode == 0 else "HEAD~1"


def compare_with(ref: str) -> None:
    """Run the benchmark of `ref`, then this one, with the same arguments but --compare, and
    print their figures side by side."""
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--compare")]
    if ref in arguments:  # given as a separate argument: --compare REF
        arguments.remove(ref)
    print(f"Running the benchmark of {ref}, then of this working tree ({' '.join(arguments)})")
    with tempfile.TemporaryDirectory(prefix="etalase-bench-ref-") as folder:
        other_tree = Path(folder)
        export_commit(ref, other_tree)
        other = run_benchmark(other_tree, arguments)
    this = run_benchmark(REPOSITORY, arguments)
    print_side_by_side(ref, other, this)


def export_commit(ref: str, folder: Path) -> None:
    """The files of commit `ref` in `folder` (git archive: no worktree is registered, so
    nothing is left behind in the repository), importable as they are in this one."""
    archive = subprocess.run(  # noqa: S603 - git with fixed arguments
        ["git", "-C", str(REPOSITORY), "archive", "--format=tar", ref],  # noqa: S607
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)  # noqa: S603, S607
    # The editable install maps `sitegen` to this tree's site/ folder; a link at the root of the
    # other tree, which its benchmark puts first on sys.path, makes it import its own.
    (folder / "sitegen").symlink_to("site", target_is_directory=True)


def run_benchmark(tree: Path, arguments: list[str]) -> dict[str, str]:
    """The figures the benchmark of `tree` prints, by label; its output is shown as it runs."""
    command = [sys.executable, str(tree / "benchmarks" / "bake_and_publish.py"), *arguments]
    figures = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=tree) as child:  # noqa: S603
        for line in child.stdout:
            print(f"  {line}", end="", flush=True)
            # A figure is "label  value"; progress lines are indented.
            parts = re.split(r"\s{2,}", line.rstrip("\n"), maxsplit=1)
            if len(parts) == 2 and not line.startswith(" "):
                figures[parts[0]] = parts[1]
    if child.returncode != 0:
        raise SystemExit(f"The benchmark of {tree} failed (exit status {child.returncode})")
    return figures


def figure_key(label: str) -> str:
    """What a figure is, whatever the explanation in brackets that a version adds to it."""
    return label.split(" (")[0]


def ratios(this: str, other: str) -> str:
    """This value's numbers divided by the other's, in order: "x0.52 x1.93"."""
    numbers = [re.findall(r"\d+(?:\.\d+)?", value) for value in (this, other)]
    return " ".join(
        f"x{float(new) / float(old):.2f}" if float(old) else "-"
        for new, old in zip(*numbers, strict=False)
    )


def print_side_by_side(ref: str, other: dict[str, str], this: dict[str, str]) -> None:
    others = {figure_key(label): value for label, value in other.items()}
    rows = [("figure", "this tree", ref, "ratios (this / the other)")]
    for label, value in this.items():
        old = others.get(figure_key(label), "")
        rows.append((label, value, old or "(not measured)", ratios(value, old) if old else ""))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    print()
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[3]
        )


if __name__ == "__main__":
    main()
