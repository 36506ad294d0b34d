"""An approval costs what it changes: not a full bake because a rebuild of every site is on its
way, nor work for every page of a large catalog.

A category change queues a rebuild of every site (``rebuilds`` queue); until that rebuild of a
site has run (waiting, or taken by a worker that waits for the site's lock), an approval there
bakes only what it changed and leaves the site-wide change to that rebuild. The replays with real
workers are in tests/sitegen/management/test_worker_queues.py.
"""

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.models import CatalogIndexPage, Category
from sitegen.bake import SITE_WIDE_CHANGE, bake
from sitegen.queues import REBUILDS_QUEUE
from tests.sitegen.helpers import edit
from tests.sitegen.test_bake import files_and_times, read


def change_a_category(django_capture_on_commit_callbacks):
    """What an editor's new category does: a rebuild of every site waits in the queue."""
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(name="Anyaman", slug="anyaman")
    return DBTaskResult.objects.filter(queue_name=REBUILDS_QUEUE)


def take(task_results):
    """What a worker does first with a task it takes (django_tasks_db's db_worker)."""
    task_results.update(status=TaskResultStatus.RUNNING, worker_ids=["a-worker"])


def test_an_approval_waits_for_no_full_bake_while_the_sites_rebuild_is_queued(
    shop, build_dir, queued_tasks, django_capture_on_commit_callbacks
):
    bake()
    rebuild = change_a_category(django_capture_on_commit_callbacks)
    assert rebuild.filter(status=TaskResultStatus.READY).count() == 1
    before = files_and_times(build_dir)
    edit(shop[0], title="Batik Parang Biru")

    approval = bake(changed_only=True)

    assert not approval.full
    assert approval.pages_rendered == 3  # the product, the catalog and its workshop
    assert "Batik Parang Biru" in read(build_dir, "katalog/batik-parang/index.html")
    untouched = build_dir / "katalog/batik-kawung/index.html"
    assert before[untouched] == untouched.stat().st_mtime_ns

    # The rebuild, once a worker takes it, still sees the category change.
    take(rebuild)
    rebuilt = bake(changed_only=True, rebuild=True)
    assert rebuilt.full and rebuilt.reason == SITE_WIDE_CHANGE
    assert bake(changed_only=True).pages_rendered == 0


def test_an_approval_waits_for_no_full_bake_while_a_worker_waits_to_rebuild_the_site(
    shop, build_dir, queued_tasks, django_capture_on_commit_callbacks
):
    """The approval holds the site's lock: the worker that took the rebuild has not begun it."""
    bake()
    rebuild = change_a_category(django_capture_on_commit_callbacks)
    take(rebuild)
    edit(shop[0], title="Batik Parang Biru")

    approval = bake(changed_only=True)

    assert not approval.full
    assert "Batik Parang Biru" in read(build_dir, "katalog/batik-parang/index.html")
    assert bake(changed_only=True, rebuild=True).full


def test_a_site_wide_change_without_a_rebuild_to_come_bakes_the_site_in_full(
    shop, build_dir, queued_tasks, django_capture_on_commit_callbacks
):
    """The rebuild failed (its worker died; recovery fails its task and updates the site again,
    as this bake does): the update bakes the site-wide change itself."""
    bake()
    rebuild = change_a_category(django_capture_on_commit_callbacks)
    rebuild.update(status=TaskResultStatus.FAILED)
    edit(shop[0], title="Batik Parang Biru")

    approval = bake(changed_only=True)

    assert approval.full and approval.reason == SITE_WIDE_CHANGE
    assert "Batik Parang Biru" in read(build_dir, "katalog/batik-parang/index.html")


def test_an_approval_after_a_category_is_renamed_renders_only_the_listing_page_it_changed(
    shop, build_dir, queued_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    """The rename is the rebuild's job: the approval must not bake every listing page that shows
    the renamed category in its filter (a catalog of 2,000 products has 84 of them), nor because
    the filter, sorted by name, now offers it first."""
    monkeypatch.setattr(CatalogIndexPage, "items_per_page", 1)
    bake()
    before = files_and_times(build_dir)
    with django_capture_on_commit_callbacks(execute=True):
        category = shop[2].category
        category.name = "Alas Kaki"  # first of the filter, once last
        category.save()
    assert DBTaskResult.objects.filter(queue_name=REBUILDS_QUEUE).count() == 1
    edit(shop[0], title="Batik Parang Biru")

    approval = bake(changed_only=True)

    assert not approval.full
    assert approval.pages_rendered == 3  # the product, its listing page and its workshop
    assert "Batik Parang Biru" in read(build_dir, "katalog/index.html")
    for untouched in ("katalog/halaman/2/index.html", "katalog/halaman/3/index.html"):
        assert before[build_dir / untouched] == (build_dir / untouched).stat().st_mtime_ns


def test_an_approval_asks_the_database_for_the_catalog_filters_choices_once(
    shop, build_dir, monkeypatch
):
    """Every product's category and workshop: 16 ms at 10,000 products, asked for to compare the
    listing pages' filter and again to render the listing page the approval changed."""
    bake()
    edit(shop[0], title="Batik Parang Biru")
    asked = []
    query = CatalogIndexPage._query_filter_choices
    monkeypatch.setattr(
        CatalogIndexPage, "_query_filter_choices", lambda page: asked.append(page) or query(page)
    )

    bake(changed_only=True)

    assert "Batik Parang Biru" in read(build_dir, "katalog/index.html")
    assert len(asked) == 1
