"""The shared state of each site's latest bake, in the database (sitegen.shared_state): an
approval writes the entries it changed, as many in a large catalog as in a small one, and what
the incremental bakes leave there is what a full bake of the same site shares."""

import json

from django.db import connection

from sitegen.bake import bake
from sitegen.build_folder import manifest_path, state_path
from sitegen.manifest import Manifest
from sitegen.models import SharedBuildEntry, SharedBuildState
from sitegen.shared_state import ENTRY_SECTIONS, FILES
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import edit, publish
from tests.sitegen.test_bake_coordination import work_as
from tests.sitegen.test_bake_integrity import approve_new_product
from tests.sitegen.test_site_update import sell_out


def entries_written(run) -> int:
    """How many shared entries ``run`` inserts or updates."""
    written = 0

    def count(execute, sql, params, many, context):
        nonlocal written
        if sql.startswith('INSERT INTO "sitegen_sharedbuildentry"'):
            # PostgreSQL gets one array per column (INSERT ... FROM UNNEST), others the
            # site, section, key and value of each entry in a row.
            written += len(params[0]) if isinstance(params[0], list) else len(params) // 4
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run()
    return written


def shared_outcome() -> dict[str, dict]:
    outcome = {section: {} for section in (*ENTRY_SECTIONS, FILES)}
    for section, key, value in SharedBuildEntry.objects.values_list("section", "key", "value"):
        outcome[section][key] = value
    return outcome


def folder_outcome(folder) -> dict[str, dict]:
    """The entries of the bake a build folder holds, as its state and manifest say."""
    state = json.loads(state_path(folder).read_bytes())
    outcome = {section: state[section] for section in ENTRY_SECTIONS}
    outcome[FILES] = Manifest.read(manifest_path(folder)).as_json()["files"]
    return outcome


def test_an_approval_shares_as_many_entries_in_a_large_catalog_as_in_a_small_one(
    shop, catalog, workshop, build_dir
):
    bake()

    def approve(title):
        edit(shop[1], title=title)
        assert bake(changed_only=True).pages_rendered == 3  # product, catalog and workshop

    in_a_small_catalog = entries_written(lambda: approve("Batik Kawung Biru"))
    for number in range(30):
        publish(ProductPageFactory(parent=catalog, workshop=workshop, title=f"Produk {number:02d}"))
    bake(changed_only=True)
    in_a_larger_catalog = entries_written(lambda: approve("Batik Kawung Hijau"))

    assert 0 < in_a_larger_catalog == in_a_small_catalog
    assert in_a_larger_catalog < SharedBuildEntry.objects.count() / 4


def test_after_approvals_the_shared_state_is_what_a_full_bake_shares(
    shop, client, manager, officer, category, settings, tmp_path
):
    folder = work_as(settings, tmp_path, "first")
    bake()
    edit(shop[0], title="Batik Parang Biru")  # a page changes
    bake(changed_only=True)
    approve_new_product(client, manager, officer, shop, category)  # a page and its files appear
    bake(changed_only=True)
    sell_out(shop[1])  # another app asks for a page again
    bake(changed_only=True)
    shop[2].unpublish()  # a page and its files leave
    bake(changed_only=True)

    assert shared_outcome() == folder_outcome(folder)
    assert "katalog/sandal-hotel/index.html" not in shared_outcome()[FILES]
    latest = SharedBuildState.objects.get()
    # Another worker bakes the site in full and hashes every entry: the same outcome, so the
    # first worker's folder stays current.
    work_as(settings, tmp_path, "second")
    assert bake().full
    assert SharedBuildState.objects.get().generation == latest.generation
