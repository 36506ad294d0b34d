"""Benchmark of one installation serving many institutions: rebuilds, approvals, national catalog.

    DATABASE_URL=postgres://… python benchmarks/national_scale.py              # 100 x 200
    DATABASE_URL=postgres://… python benchmarks/national_scale.py --sites 10 --products 50
    DATABASE_URL=postgres://… python benchmarks/national_scale.py --approval-products 200

Builds N institutions (``cms.setup.create_institution``) of M products each (the three where
approvals happen of 2,000, or ``--approval-products``, as the goal of an approval at 2,000
products per site says) in a throw-away test database on the PostgreSQL server of DATABASE_URL,
with moto's S3 server on 127.0.0.1 as the bucket (each site under its own prefix). The task
workers are ``manage.py run_worker`` processes with the production settings, each with a build
folder of its own and half this machine's cores for its bakes, standing in for machines of
their own. It prints: the time to create the catalog; the first bake and publish of every site;
the rebuild of every site after a category change with one worker and with two, each worker
holding every site's latest bake when it starts, and the files uploaded and the CPU of the
workers, PostgreSQL and the bucket; the latency of approvals (approved text readable in the
bucket) while that rebuild runs on two workers and a third worker takes the default queue only,
with the jobs each took (workers of both queues run at a lower CPU priority, ``nice -n 10``, as
the production notes advise); the national catalog's build time and the size of its largest
page; the machine's load.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

from process_cpu import cpu_seconds, postgresql_cpu_seconds
from s3_server import start_s3_server

REPOSITORY = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="etalase-national-"))
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    raise SystemExit(
        "This benchmark runs several workers at once, which needs PostgreSQL: set DATABASE_URL="
        "postgres://USER:PASSWORD@HOST:PORT/NAME (a throw-away test database is made beside it)."
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
sys.path.insert(0, str(REPOSITORY))

import django  # noqa: E402

django.setup()

import gzip  # noqa: E402
import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

settings.MEDIA_ROOT = WORKDIR / "media"
logging.getLogger("wagtail").setLevel(logging.WARNING)

BUCKET = "etalase-national"
PHOTOS_PER_SITE = 6
WORKSHOP_NAMES = ["Batik", "Sandal", "Kulit", "Roti", "Anggrek", "Kaos"]
PATIENCE = 3600  # seconds a step may take before the benchmark gives up
APPROVALS = 3  # published while every site is rebuilt, each in a site of its own
# Each worker stands in for a machine of its own, with its share of this machine's cores: one
# worker alone bakes as one such machine would, and two as two.
CORES_PER_WORKER = max(1, (os.cpu_count() or 2) // 2)
# Workers of both queues run below the default-only worker's CPU priority, as the production
# notes advise, so an approval is not slowed by the rebuilds sharing its cores.
REBUILD_WORKER_NICENESS = 10


def create_catalog(site_count: int, products: int, approval_products: int) -> tuple[list, float]:
    """The first institution and site_count - 1 new ones, each with M live products (those where
    approvals happen with ``approval_products``); returns the sites and the seconds spent
    inserting the products."""
    from wagtail.models import Site

    from cms.models import Category, HomePage
    from cms.setup import create_institution
    from sitegen.models import PublishSettings

    category, _ = Category.objects.get_or_create(name="Umum", slug="umum")
    for number in range(1, site_count):
        create_institution(f"Lapas {number:03d}", f"lapas-{number:03d}.example")
    sites = list(Site.objects.order_by("pk"))
    approved_in = set(approval_sites(site_count))
    inserting = 0.0
    for number, site in enumerate(sites):
        PublishSettings.objects.update_or_create(
            site=site, defaults={"prefix": f"lapas-{number:03d}/"}
        )
        home = HomePage.objects.get(pk=site.root_page_id)
        home.save_revision().publish()
        photos = institution_photos(site)
        size = approval_products if number in approved_in else products
        inserting += add_products(home, size, site_code(number), category, photos)
        print(f"  site {number + 1}/{site_count} created", flush=True)
    return sites, inserting


def site_code(number: int) -> str:
    """The letters of a site's product codes (NAA, NAB, ...): codes are letters, then digits."""
    return "N" + chr(ord("A") + number // 26) + chr(ord("A") + number % 26)


def add_products(home, products, code, category, photos) -> float:
    """The catalog and workshops of a site, then its live products in bulk (returns the seconds
    the products took)."""
    from cms.models import CatalogIndexPage, WorkshopIndexPage, WorkshopPage

    catalog = home.add_child(instance=CatalogIndexPage(title="Katalog", slug="katalog"))
    workshop_index = home.add_child(
        instance=WorkshopIndexPage(title="Bengkel Kerja", slug="bengkel-kerja")
    )
    workshops = [
        workshop_index.add_child(instance=WorkshopPage(title=name, slug=name.lower()))
        for name in WORKSHOP_NAMES
    ]
    pages = [
        product_page(code, number, category, workshops[number % len(workshops)])
        for number in range(products)
    ]
    started = time.monotonic()
    insert_live_pages(catalog, pages, photos)
    return time.monotonic() - started


def product_page(code, number, category, workshop):
    from cms.models import ProductPage

    return ProductPage(
        title=f"Produk {code} {number:05d}",
        slug=f"produk-{number:05d}",
        code=f"{code}-{number:05d}",
        category=category,
        workshop=workshop,
        price=50000 + number,
        unit="pcs",
        short_description="Dibuat di bengkel kerja lembaga.",
    )


def insert_live_pages(parent, pages, photos) -> None:
    """Insert product pages under ``parent`` as an approval leaves them (live, each with a photo,
    its revision as the live and latest one), in a few statements per site.

    Added one by one (``add_child``, ``save_revision().publish()``) a product costs about 0.3 s
    on PostgreSQL, most of it in validation, the reference index and the search index, which a
    bake does not read: 20,000 products would take well over an hour to create."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from modelcluster.models import get_all_child_relations
    from wagtail.models import Page, Revision

    from cms.models import ProductPage, ProductPhoto

    now = timezone.now()
    page_type = ContentType.objects.get_for_model(ProductPage)
    depth = parent.depth + 1
    for step, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, depth, step)  # treebeard's numbering
        page.depth, page.numchild = depth, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type, page.locale_id = page_type, parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title, page.live, page.has_unpublished_changes = page.title, True, False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
            for page in pages
        ]
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    # Django's bulk_create refuses models with a parent table; the product table's rows go in
    # as save() would write them, all in one statement.
    ProductPage._base_manager._insert(
        pages, fields=ProductPage._meta.local_concrete_fields, using=connection.alias
    )
    Page.objects.filter(pk=parent.pk).update(numchild=len(pages))
    shown = []
    for number, page in enumerate(pages):
        for relation in get_all_child_relations(page):  # none but the photo, held in memory
            setattr(page, relation.get_accessor_name(), [])
        page.photos = [
            ProductPhoto(image=photos[number % len(photos)], alt_text="Foto produk", sort_order=0)
        ]
        shown.extend(page.photos.all())
    ProductPhoto.objects.bulk_create(shown)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=page_type,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(page.pk),
                created_at=now,
                content=page.serializable_data(),
                object_str=page.title,
            )
            for page in pages
        ]
    )
    live = [
        Page(pk=page.pk, live_revision_id=revision.pk, latest_revision_id=revision.pk)
        for page, revision in zip(pages, revisions, strict=True)
    ]
    Page.objects.bulk_update(live, ["live_revision", "latest_revision"])


def institution_photos(site) -> list:
    """The photos of the institution's own collection: a page may show only those."""
    from io import BytesIO

    from PIL import Image

    from django.core.files.images import ImageFile

    from cms.models import Photo
    from institutions.models import Institution

    collection = Institution.objects.get(site=site).collection
    photos = []
    for number in range(PHOTOS_PER_SITE):
        buffer = BytesIO()
        Image.new("RGB", (1200, 900), (number * 40, 90, 160)).save(buffer, "JPEG", quality=80)
        photos.append(
            Photo.objects.create(
                title=f"Foto {number}",
                file=ImageFile(buffer, name=f"p{number}.jpg"),
                collection=collection,
            )
        )
    return photos


def worker_environment(endpoint: str) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-" * 6,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "ETALASE_VAR_DIR": str(WORKDIR),
        "ETALASE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ETALASE_PUBLISH_TARGET": "s3",
        "ETALASE_S3_BUCKET": BUCKET,
        "ETALASE_S3_ENDPOINT_URL": endpoint,
        "ETALASE_S3_ADDRESSING_STYLE": "path",
        "ETALASE_BAKE_WORKERS": str(CORES_PER_WORKER),
    }


def start_worker(
    environment: dict, machine: str, *options: str, niceness: int = REBUILD_WORKER_NICENESS
) -> subprocess.Popen:
    """A worker on a machine of its own: its own build folder."""
    log = open(WORKDIR / f"worker-{machine}.log", "ab")  # noqa: SIM115 - the worker's until it ends
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        ["nice", "-n", str(niceness), sys.executable, "manage.py", "run_worker"]
        + ["--no-startup-delay", "--interval", "0.2"]
        + ["--worker-id", f"{machine}-{time.monotonic_ns()}", *options],
        env={**environment, "ETALASE_BUILD_DIR": str(WORKDIR / machine / "site")},
        cwd=REPOSITORY,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, what: str, pause: float = 0.05) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not happen within {PATIENCE} s (logs in {WORKDIR})")
        time.sleep(pause)


def waiting_updates() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(backend_name="sitegen", finished_at__isnull=True).count()


def change_a_category(number: int) -> None:
    """What an editor's change to a category does: every site is updated."""
    from cms.models import Category

    category = Category.objects.get(slug="umum")
    category.name = f"Umum {number}"
    category.save()


class Rebuild(NamedTuple):
    seconds: float
    pages: int
    uploads: int  # files the publishes wrote to the bucket
    cpu: float  # CPU seconds of the workers (their bake processes and Pagefind included)
    database_cpu: float  # CPU seconds of PostgreSQL (on this machine)
    bucket_cpu: float  # CPU seconds of the S3 server

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    def __str__(self) -> str:
        return (
            f"{self.seconds:.1f} s, {self.pages} pages, {self.pages_per_second:.0f} pages/s, "
            f"{self.uploads} files uploaded; "
            f"workers' CPU {self.cpu:.0f} s ({self.cpu / self.seconds:.2f} cores), "
            f"PostgreSQL's {self.database_cpu:.0f} s ({self.database_cpu / self.seconds:.2f} "
            f"cores), the bucket's {self.bucket_cpu:.0f} s ({self.bucket_cpu / self.seconds:.2f})"
        )


def hold_every_sites_latest_bake(machines: list[str]) -> None:
    """Give each machine's build folders every site's latest bake, copied from the machine that
    made it, as on machines that have each baked every site before. Each timed rebuild then does
    the same work for a site whichever worker takes it: a worker that never held a site bakes
    it from nothing, its search index included, so the rebuild whose workers happened to hold
    more of the sites would look faster."""
    from wagtail.models import Site

    for site in Site.objects.all():
        held = {machine: build_folder(machine, site) for machine in ["a", "b", "c"]}
        generations = {machine: complete_bake(folder) for machine, folder in held.items()}
        latest = max(generations, key=generations.get)
        for machine in machines:
            if generations[machine] != generations[latest]:
                shutil.rmtree(held[machine], ignore_errors=True)
                shutil.copytree(held[latest], held[machine], symlinks=True)


def complete_bake(folder: Path) -> int:
    """The generation of the bake the folder holds with all its files, -1 for none."""
    from sitegen.build_folder import files_missing, read_state

    state = read_state(folder)
    return state["generation"] if state and not files_missing(folder) else -1


def build_folder(machine: str, site) -> Path:
    """The site's build folder on that machine (``start_worker``)."""
    from sitegen.sites import build_dir

    with override_settings(SITEGEN_BUILD_DIR=WORKDIR / machine / "site"):
        return build_dir(site)


def rebuild_every_site(environment, machines, number, bucket_server) -> Rebuild:
    """A category change worked off by workers of both queues (the database's and the bucket's
    CPU counted apart from the workers')."""
    from sitegen.models import Build, Deployment, Status

    first_build = Build.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_deployment = Deployment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    cpu_before = workers_cpu_seconds()
    database_before, bucket_before = postgresql_cpu_seconds(), cpu_seconds(bucket_server.pid)
    started = time.monotonic()
    change_a_category(number)
    workers = [start_worker(environment, machine, "--batch") for machine in machines]
    for worker in workers:
        worker.wait()
    seconds = time.monotonic() - started
    cpu = workers_cpu_seconds() - cpu_before
    database_cpu = postgresql_cpu_seconds() - database_before
    bucket_cpu = cpu_seconds(bucket_server.pid) - bucket_before
    pages = sum(Build.objects.filter(pk__gt=first_build).values_list("pages_rendered", flat=True))
    deployments = Deployment.objects.filter(pk__gt=first_deployment)
    uploads = sum(deployments.values_list("files_uploaded", flat=True))
    failed = Build.objects.filter(pk__gt=first_build, status=Status.FAILED).first()
    if failed:
        raise SystemExit(f"the bake of {failed.site} failed: {failed.error}")
    return Rebuild(seconds, pages, uploads, cpu, database_cpu, bucket_cpu)


def workers_cpu_seconds() -> float:
    """CPU seconds of the ended workers and of every process they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def public_text(client, key: str) -> str:
    try:
        return gzip.decompress(client.get_object(Bucket=BUCKET, Key=key)["Body"].read()).decode()
    except client.exceptions.NoSuchKey:
        return ""


def approval_steps(site_count: int) -> list[tuple[int, int]]:
    """Each approval's moment and site: once a further share of the sites is rebuilt (how many),
    in a site the rebuild has not reached yet (its index)."""
    steps = []
    for step in range(1, APPROVALS + 1):
        rebuilt = site_count * step // (APPROVALS + 2)
        steps.append((rebuilt, min(site_count - 1, rebuilt + site_count // (APPROVALS + 2))))
    return steps


def approval_sites(site_count: int) -> list[int]:
    return [index for _, index in approval_steps(site_count)]


def approvals_during_rebuild(environment, client, sites) -> list[tuple[int, float, str]]:
    """Approvals in sites spread over the list while two workers rebuild every site and a third
    takes the default queue only: seconds from the approval to its text in the bucket, and the
    jobs it took."""
    from cms.models import ProductPage
    from sitegen.models import Build

    first_build = Build.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    change_a_category(99)
    rebuilding = [start_worker(environment, machine, "--batch") for machine in ("a", "b")]
    quick = start_worker(environment, "c", "--queue-name", "default", niceness=0)
    latencies = []
    try:
        for step, (rebuilt, index) in enumerate(approval_steps(len(sites)), start=1):
            full_builds = Build.objects.filter(pk__gt=first_build, full=True)
            wait_for(lambda: full_builds.count() >= rebuilt, "the rebuild")  # noqa: B023
            product = ProductPage.objects.filter(code__startswith=f"{site_code(index)}-").first()
            product.title = f"Produk disetujui {step}"
            started = time.monotonic()
            product.save_revision().publish()
            key = f"lapas-{index:03d}/katalog/{product.slug}/index.html"
            wait_for(lambda: product.title in public_text(client, key), "the approval")  # noqa: B023
            latencies.append((index, time.monotonic() - started, jobs_of(product.title)))
        for worker in rebuilding:
            worker.wait()
    finally:
        for worker in [quick, *rebuilding]:
            worker.terminate()
            worker.wait()
    return latencies


def jobs_of(title: str) -> str:
    """The bakes and publishes an approval took until its page was public, with their seconds
    (once they have recorded their end; the search index follows them)."""
    from sitegen.models import Build, Deployment, Status

    def records():
        found = [
            *Build.objects.filter(trigger__startswith=f"published: {title}"),
            *Build.objects.filter(trigger__contains=f"was behind: published: {title}"),
            *Deployment.objects.filter(trigger__startswith=f"published: {title}"),
        ]
        return sorted(found, key=lambda record: record.started_at)

    wait_for(
        lambda: all(record.status != Status.RUNNING for record in records()), "the approval's jobs"
    )
    return ", ".join(
        f"{'full bake' if getattr(record, 'full', False) else type(record).__name__.lower()} "
        f"{record.duration:.2f} s"
        for record in records()
    )


def national_catalog(machine: str) -> tuple[float, int, int, int, int]:
    """Seconds to build it from one machine's build folders; products, pages, size of its
    largest page (bytes, and gzipped as served)."""
    from wagtail.models import Site

    from sitegen import national
    from sitegen.sites import build_dir

    with override_settings(SITEGEN_BUILD_DIR=WORKDIR / machine / "site"):
        sources = [str(build_dir(site) / "catalog.json") for site in Site.objects.order_by("pk")]
    output = WORKDIR / "national"
    started = time.monotonic()
    catalog = national.read_catalog(sources)
    national.write_catalog(catalog, output)
    seconds = time.monotonic() - started
    pages = list(output.rglob("*.html"))
    largest = max(pages, key=lambda path: path.stat().st_size).read_bytes()
    return seconds, catalog.product_count, len(pages), len(largest), len(gzip.compress(largest))


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=100, help="institutions (N)")
    parser.add_argument("--products", type=int, default=200, help="products per institution (M)")
    parser.add_argument(
        "--approval-products",
        type=int,
        default=2000,
        help="products of each institution where an approval happens (default: %(default)s)",
    )
    arguments = parser.parse_args()
    sites_wanted, products = arguments.sites, arguments.products
    approval_products = arguments.approval_products

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(
        f"Etalase national scale benchmark, {sites_wanted} sites x {products} products, "
        f"database {connection.settings_dict['NAME']}, work folder {WORKDIR}, "
        f"{CORES_PER_WORKER} bake process(es) per worker, load {load()}"
    )
    started = time.monotonic()
    sites, inserting = create_catalog(sites_wanted, products, approval_products)
    create_seconds = time.monotonic() - started
    import boto3

    server, endpoint = start_s3_server()
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket=BUCKET)
    environment = worker_environment(endpoint)
    # As the image does when it is built: the production settings serve hashed static files.
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=environment,
        cwd=REPOSITORY,
        check=True,
    )
    database_tasks = {
        **settings.TASKS,
        "sitegen": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "rebuilds"],
        },
    }
    larger = len(approval_sites(len(sites)))
    total = (len(sites) - larger) * products + larger * approval_products
    report(
        "sites x products",
        f"{len(sites) - larger} x {products} + {larger} x {approval_products} (where approvals "
        f"happen) = {total} products",
    )
    report("creating them (one process)", f"{create_seconds:.0f} s")
    per_product = inserting / total
    report("... of which the products", f"{inserting:.1f} s, {per_product * 1000:.1f} ms/product")
    try:
        with override_settings(TASKS=database_tasks, SITEGEN_AUTO_PUBLISH=True):
            first = rebuild_every_site(environment, ["a", "b"], 1, server)
            report("first bake and publish of every site, 2 workers", str(first))
            hold_every_sites_latest_bake(["a"])
            one = rebuild_every_site(environment, ["a"], 2, server)
            report("rebuild of every site (category changed), 1 worker", str(one))
            hold_every_sites_latest_bake(["a", "b"])
            two = rebuild_every_site(environment, ["a", "b"], 3, server)
            report("... 2 workers (separate build folders)", str(two))
            scaling = two.pages_per_second / one.pages_per_second
            report("pages/s of 2 workers over 1 worker's", f"{scaling:.2f}")
            for index, seconds, jobs in approvals_during_rebuild(environment, client, sites):
                report(
                    f"approval in site {index + 1} during that rebuild, to the bucket",
                    f"{seconds:.2f} s ({jobs})",
                )
        hold_every_sites_latest_bake(["a"])
        seconds, product_count, page_count, size, gzipped = national_catalog("a")
        report(
            "national catalog (site/national.py)",
            f"{seconds:.1f} s for {product_count} products in {page_count} pages; largest page "
            f"{size / 1e3:.0f} KB ({gzipped / 1e3:.0f} KB gzipped)",
        )
        report("load average (1/5/15 min) at the end", load())
    finally:
        server.terminate()
        server.wait()
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0, keepdb=False
        )


def report(label: str, value: str) -> None:
    print(f"{label:<64}  {value}", flush=True)


if __name__ == "__main__":
    main()
