"""What the baked site holds besides product pages: QR codes, the search index and page, the
feed the catalog's filters read, the menu, and the about page."""

import json
import os

import pytest

from cms.models import AboutPage
from sitegen.bake import bake
from sitegen.build_folder import manifest_path
from sitegen.manifest import Manifest, ManifestEntry
from sitegen.models import Build, Deployment
from sitegen.search import SearchIndexError
from tests.sitegen.helpers import edit, publish
from tests.theme.helpers import read_page


def qr_title(build_dir, path):
    svg = (build_dir / path).read_text()
    return svg.split("<title>")[1].split("</title>")[0]


def test_every_product_has_a_qr_code_pointing_to_its_page(baked):
    assert qr_title(baked, "katalog/kain-batik-sekar-jagad/qr.svg") == (
        "http://localhost/katalog/kain-batik-sekar-jagad/"
    )
    assert (
        qr_title(baked, "katalog/sandal-hotel/qr.svg") == "http://localhost/katalog/sandal-hotel/"
    )
    assert "katalog/sandal-hotel/qr.svg" in Manifest.read(manifest_path(baked))


def test_a_moved_product_gets_a_new_qr_code_and_the_old_one_goes(baked, storefront):
    edit(storefront["sandals"], slug="sandal-hotel-putih")

    bake(changed_only=True)

    assert qr_title(baked, "katalog/sandal-hotel-putih/qr.svg").endswith("/sandal-hotel-putih/")
    assert not (baked / "katalog/sandal-hotel").exists()
    assert "katalog/sandal-hotel/qr.svg" not in Manifest.read(manifest_path(baked))


def test_an_unpublished_product_loses_its_qr_code(baked, storefront):
    storefront["sandals"].unpublish()
    bake(changed_only=True)
    assert not (baked / "katalog/sandal-hotel/qr.svg").exists()


def test_the_search_index_is_built_with_the_site_and_follows_changes(baked, storefront):
    manifest = Manifest.read(manifest_path(baked))
    index_files = {path for path in manifest if path.startswith("pagefind/")}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= index_files
    assert all((baked / path).is_file() for path in index_files)
    assert not any("pagefind-ui" in path for path in index_files)
    assert page_count(baked) == 2  # the two products, nothing else

    storefront["sandals"].unpublish()
    bake(changed_only=True)

    assert page_count(baked) == 1
    now = {path for path in Manifest.read(manifest_path(baked)) if path.startswith("pagefind/")}
    assert all((baked / path).is_file() for path in now)
    assert not any((baked / path).exists() for path in index_files - now)


def test_the_search_page_is_baked_with_its_script(baked):
    page = read_page(baked, "cari/index.html")
    [form] = page.all("form", role="search")
    assert form["data-index"] == "/pagefind/"
    [script] = [tag for tag in page.all("script") if "src" in tag]
    assert (baked / script["src"].lstrip("/")).is_file()


def test_the_feed_gives_the_catalog_filters_what_they_need(baked):
    feed = json.loads((baked / "catalog.json").read_text())
    batik = next(entry for entry in feed["products"] if entry["code"] == "BTK-007")

    assert batik["category"] == {"slug": "batik", "name": "Batik"}
    assert batik["workshop"]["name"] == "Batik Tulis" and batik["published"]
    assert batik["availability_label"]
    for image_format in ("avif", "webp", "jpeg"):
        path = batik["thumbnail"][image_format].removeprefix("http://localhost/")
        assert (baked / path).is_file()


def test_the_menu_links_the_pages_marked_for_menus(storefront, catalog, build_dir):
    catalog.show_in_menus = True
    publish(catalog)
    bake()

    links = [link["href"] for link in read_page(build_dir, "index.html").all("a") if "href" in link]
    assert "/katalog/" in links and "/cari/" in links
    assert "/bengkel-kerja/" not in links  # not marked "show in menus"


def test_the_about_page_shows_the_institution(storefront, home, build_dir):
    publish(
        home.add_child(
            instance=AboutPage(title="Tentang Kami", slug="tentang", intro="Siapa kami.")
        )
    )
    bake()

    html = (build_dir / "tentang/index.html").read_text()
    assert "Siapa kami." in html and "Lapas Kelas IIA Contoh" in html
    assert "https://wa.me/6281234567890" in html


def test_the_404_page_is_not_indexed_and_leads_home(baked):
    page = read_page(baked, "404.html")
    assert page.meta("robots") == "noindex"
    assert any(link.get("href") == "/" for link in page.all("a"))


def page_count(build_dir):
    entry = json.loads((build_dir / "pagefind/pagefind-entry.json").read_text())
    return entry["languages"]["id"]["page_count"]


def test_a_bake_may_leave_the_search_index_for_the_next_one(baked, storefront):
    storefront["sandals"].unpublish()

    first = bake(changed_only=True, search_index=False)

    assert first.pages_rendered and first.search_index_pending
    assert not (baked / "katalog/sandal-hotel/index.html").exists()
    assert page_count(baked) == 2  # the index is behind

    second = bake(changed_only=True)  # no page changed since, the index is still rebuilt

    assert second.pages_rendered == 0 and not second.search_index_pending
    assert page_count(baked) == 1


def test_the_task_publishes_pages_first_and_the_search_index_after(
    baked, storefront, settings, django_capture_on_commit_callbacks, tmp_path
):
    folder = {"BACKEND": "sitegen.targets.FolderTarget", "OPTIONS": {"path": tmp_path / "public"}}
    settings.SITEGEN_PUBLISH_TARGETS = {"folder": folder}
    settings.SITEGEN_AUTO_PUBLISH = True

    with django_capture_on_commit_callbacks(execute=True):
        edit(storefront["sandals"], title="Sandal Hotel Putih")

    builds = list(Build.objects.order_by("pk"))
    assert [build.status for build in builds] == ["succeeded", "succeeded"]
    assert builds[1].trigger.startswith("search index: ")
    assert Deployment.objects.count() == 2
    public = tmp_path / "public"
    assert "Sandal Hotel Putih" in (public / "katalog/sandal-hotel/index.html").read_text()
    assert (public / "pagefind/pagefind-entry.json").is_file()


def test_renaming_a_menu_page_updates_the_menu_on_every_page(storefront, catalog, build_dir):
    catalog.show_in_menus = True
    publish(catalog)
    bake()

    edit(catalog, title="Semua Produk")
    result = bake(changed_only=True)

    assert result.full  # the menu is on every page: it is part of the site-wide fingerprint
    html = (build_dir / "katalog/sandal-hotel/index.html").read_text()
    assert '<a href="/katalog/">Semua Produk</a>' in html


def fake_indexer(tmp_path, monkeypatch, script):
    """Pagefind replaced by ``script``, which notes its process id where the test can read it."""
    indexer = tmp_path / "pagefind"
    indexer.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'indexer.pid'}\n{script}\n")
    indexer.chmod(0o755)
    monkeypatch.setattr("sitegen.search.get_executable", lambda: indexer)
    return tmp_path / "indexer.pid"


def still_running(pid_file):
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return False
    return True


def test_a_stuck_search_indexer_fails_the_bake_and_is_stopped(
    baked, storefront, tmp_path, monkeypatch
):
    pid_file = fake_indexer(tmp_path, monkeypatch, "exec sleep 600")
    monkeypatch.setattr("sitegen.search.TIMEOUT_SECONDS", 1)
    edit(storefront["sandals"], title="Sandal Hotel Putih")

    with pytest.raises(SearchIndexError, match="longer than 1 s"):
        bake(changed_only=True)

    assert not still_running(pid_file)
    assert page_count(baked) == 2  # the index already published stays whole


def test_a_search_indexer_that_stops_fails_the_bake_with_its_words(
    baked, storefront, tmp_path, monkeypatch
):
    fake_indexer(tmp_path, monkeypatch, "echo 'out of memory' >&2; exit 101")
    edit(storefront["sandals"], title="Sandal Hotel Putih")

    with pytest.raises(SearchIndexError, match=r"stopped \(exit status 101\): out of memory"):
        bake(changed_only=True)


def index_files(build_dir):
    manifest = Manifest.read(manifest_path(build_dir))
    return {path: entry for path, entry in manifest.items() if path.startswith("pagefind/")}


def test_the_search_index_is_built_again_only_when_a_page_changed(
    baked, storefront, tmp_path, monkeypatch
):
    index = index_files(baked)
    pid_file = fake_indexer(tmp_path, monkeypatch, "exit 1")

    bake()  # a full bake of the same pages: the index of the build it replaces is whole

    assert not pid_file.exists()  # Pagefind was not asked
    assert index_files(baked) == index
    assert all((baked / path).is_file() for path in index)

    edit(storefront["sandals"], title="Sandal Hotel Putih")
    with pytest.raises(SearchIndexError):
        bake()  # a page changed: Pagefind must index it again


def test_a_search_index_file_changed_on_the_disk_is_not_carried_over(baked):
    fragment = next(path for path in index_files(baked) if "/fragment/" in path)
    (baked / fragment).write_bytes(b"not a fragment")

    bake()

    assert (baked / fragment).read_bytes() != b"not a fragment"
    assert all(
        ManifestEntry.for_bytes((baked / path).read_bytes()) == entry
        for path, entry in index_files(baked).items()
    )
