"""The baker: what a full and an incremental bake put in the build folder."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Site

from cms.models import CatalogIndexPage, HomePage, InstitutionSettings, Photo, ProductPhoto
from oversight.models import OversightSettings
from sitegen.assets import AssetError
from sitegen.bake import DELETION_THREAD_NAME, bake
from tests.factories import (
    CatalogIndexPageFactory,
    CategoryFactory,
    PhotoFactory,
    ProductPageFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
    jpeg_file,
)
from tests.sitegen.helpers import edit, publish


def read(build_dir, path):
    return (build_dir / path).read_text()


def all_text(folder):
    return "\n".join(
        path.read_bytes().decode(errors="replace") for path in folder.rglob("*") if path.is_file()
    )


def tree(folder):
    return {
        path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def media_urls(text):
    return set(re.findall(r"/media/([^\"'\s,)<]+)", text))


def test_full_bake_writes_pages_and_site_files(shop, build_dir):
    result = bake()

    assert result.full
    assert "Batik Parang" in read(build_dir, "katalog/batik-parang/index.html")
    listing = read(build_dir, "katalog/index.html")
    assert all(title in listing for title in ["Batik Parang", "Batik Kawung", "Sandal Hotel"])
    assert "Batik Parang" in read(build_dir, "bengkel-kerja/batik-tulis/index.html")
    assert (build_dir / "index.html").exists()
    assert "<loc>http://localhost/katalog/batik-parang/</loc>" in read(build_dir, "sitemap.xml")
    assert "Sitemap: http://localhost/sitemap.xml" in read(build_dir, "robots.txt")
    assert 'href="/"' in read(build_dir, "404.html")
    feed = json.loads(read(build_dir, "catalog.json"))
    product = next(item for item in feed["products"] if item["name"] == "Batik Parang")
    assert product["url"] == "http://localhost/katalog/batik-parang/"
    assert product["price"] == 150000
    assert product["code"] == shop[0].code
    assert product["images"] and all(
        (build_dir / "media" / name).exists() for name in media_urls(product["images"][0])
    )


def test_a_site_bakes_under_its_public_host_name_which_the_admin_does_not_answer_to(
    shop, build_dir, settings
):
    """In production ALLOWED_HOSTS names the admin's host only, never the public site's."""
    settings.ALLOWED_HOSTS = ["admin.lapas.example"]
    Site.objects.filter(is_default_site=True).update(hostname="katalog.lapas.example", port=443)

    bake()

    expected = "<loc>https://katalog.lapas.example/katalog/batik-parang/</loc>"
    assert expected in read(build_dir, "sitemap.xml")


def test_static_assets_get_content_hashed_names(shop, build_dir):
    bake()

    stylesheets = re.findall(r'href="/static/([^"]+\.css)"', read(build_dir, "index.html"))
    assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", name) for name in stylesheets)
    assert all((build_dir / "static" / name).exists() for name in stylesheets)
    assert not (build_dir / "static/theme/site.css").exists()


def test_cold_bake_has_every_referenced_image(shop, build_dir):
    for photo in get_image_model().objects.all():
        for rendition in photo.renditions.all():
            rendition.file.delete(save=False)
        photo.renditions.all().delete()

    bake()

    referenced = media_urls(all_text(build_dir))
    assert referenced
    assert all((build_dir / "media" / name).is_file() for name in referenced)


def test_bakes_of_the_same_content_are_byte_identical(shop, build_dir, tmp_path):
    bake()
    first = tree(build_dir)
    bake()
    assert tree(build_dir) == first


def test_a_full_bake_links_the_files_it_leaves_unchanged_and_writes_the_others(shop, build_dir):
    bake()
    kept = build_dir / "katalog/batik-kawung/index.html"
    changed = build_dir / "katalog/batik-parang/index.html"
    kept_before, changed_before = kept.stat().st_ino, changed.stat().st_ino
    edit(shop[0], title="Batik Parang Biru")

    bake()

    assert "Batik Parang Biru" in changed.read_text()
    assert changed.stat().st_ino != changed_before
    assert kept.stat().st_ino == kept_before  # the same file, not written again
    wait_for_the_replaced_builds_deletion()
    assert kept.stat().st_nlink == 1  # the build it replaced is gone


def wait_for_the_replaced_builds_deletion():
    for thread in threading.enumerate():
        if thread.name == DELETION_THREAD_NAME:
            thread.join()


def test_a_full_bake_is_done_before_the_build_it_replaced_is_deleted(shop, build_dir, monkeypatch):
    """Deleting the replaced build's thousands of files held up the publish that follows."""
    bake()
    edit(shop[0], title="Batik Parang Biru")
    deleting, delete_rmtree = threading.Event(), shutil.rmtree

    def slow_rmtree(folder, **options):
        if ".replaced-" in str(folder):
            deleting.wait(timeout=10)
        delete_rmtree(folder, **options)

    monkeypatch.setattr("sitegen.bake.shutil.rmtree", slow_rmtree)

    bake()

    assert "Batik Parang Biru" in read(build_dir, "katalog/batik-parang/index.html")
    assert len(list(build_dir.parent.glob("*.replaced-*"))) == 1  # still being deleted
    deleting.set()
    wait_for_the_replaced_builds_deletion()
    assert not list(build_dir.parent.glob("*.replaced-*"))


def test_a_full_bake_deletes_the_builds_a_process_left_behind(shop, build_dir):
    """A worker stopped while it deleted a replaced build leaves it beside the build folder."""
    left_behind = build_dir.parent / f"{build_dir.name}.replaced-x1y2z3" / build_dir.name
    (left_behind / "katalog").mkdir(parents=True)
    (left_behind / "katalog/index.html").write_text("an old build")

    bake()

    wait_for_the_replaced_builds_deletion()
    assert not list(build_dir.parent.glob("*.replaced-*"))
    assert "Batik Parang" in read(build_dir, "katalog/index.html")


def test_a_full_bake_writes_again_a_file_changed_on_the_disk_since(shop, build_dir):
    bake()
    page = build_dir / "katalog/batik-kawung/index.html"
    expected = page.read_bytes()
    page.write_bytes(expected.replace(b"Batik Kawung", b"Batik Kawong"))  # the same size

    bake()

    assert page.read_bytes() == expected


def test_listings_are_baked_page_by_page(home, catalog, workshop, build_dir):
    publish(home)
    publish(catalog)
    for number in range(30):
        ProductPageFactory(
            workshop=workshop, parent=catalog, title=f"Produk {number:02d}", with_photo=False
        )

    bake()

    first, second = (
        read(build_dir, "katalog/index.html"),
        read(build_dir, "katalog/halaman/2/index.html"),
    )
    assert first.count('class="card"') == 24 and "Produk 00" in first and "Produk 24" not in first
    assert second.count('class="card"') == 6 and "Produk 29" in second
    assert 'href="/katalog/halaman/2/"' in first
    assert not (build_dir / "katalog/halaman/1").exists()
    assert not (build_dir / "katalog/halaman/3").exists()


def test_a_bakes_queries_do_not_grow_with_the_listing_pages_of_its_catalog(
    home, catalog, workshop, build_dir, settings, monkeypatch
):
    """Each listing page of a catalog counted its products and read the view restrictions again:
    at 2,000 products, 84 listing pages asked twice each."""
    settings.SITEGEN_BAKE_WORKERS = 1  # every query in this process, where it is counted
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    for number in range(6):
        ProductPageFactory(workshop=workshop, parent=catalog, title=f"Produk {number}")

    def restriction_and_count_queries(listing_pages: int) -> tuple[int, int]:
        monkeypatch.setattr(CatalogIndexPage, "items_per_page", 6 // listing_pages)
        with CaptureQueriesContext(connection) as queries:
            bake()
        statements = [query["sql"] for query in queries]
        restrictions = [sql for sql in statements if "pageviewrestriction" in sql]
        counts = [sql for sql in statements if "COUNT(" in sql and "productpage" in sql]
        return len(restrictions), len(counts)

    assert restriction_and_count_queries(3) == restriction_and_count_queries(1)
    assert restriction_and_count_queries(3)[1] == 0
    for number, products in ((2, ("Produk 2", "Produk 3")), (3, ("Produk 4", "Produk 5"))):
        listing = read(build_dir, f"katalog/halaman/{number}/index.html")
        assert listing.count('class="card"') == 2
        assert all(product in listing for product in products)


def test_nothing_unapproved_or_private_is_baked(shop, catalog, workshop, manager, build_dir):
    draft = ProductPageFactory(workshop=workshop, parent=catalog, title="DRAFT-ONLY", live=False)
    in_review = ProductPageFactory(workshop=workshop, parent=catalog, title="IN-REVIEW", live=False)
    in_review.save_revision(user=manager)
    in_review.get_workflow().start(in_review, manager)
    private = publish(ProductPageFactory(workshop=workshop, parent=catalog, title="PRIVATE-PAGE"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = publish(ProductPageFactory(workshop=workshop, parent=catalog, title="EXPIRED-PAGE"))
    type(expired).objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(days=1))
    live = shop[0]
    live.title = "NEWER-DRAFT"
    live.save_revision()
    draft_photo_names = {
        photo.image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for page in (draft, in_review, private, expired)
        for photo in page.photos.all()
    }

    bake()

    everything = all_text(build_dir)
    for marker in ["DRAFT-ONLY", "IN-REVIEW", "PRIVATE-PAGE", "EXPIRED-PAGE", "NEWER-DRAFT"]:
        assert marker not in everything
    assert "Batik Parang" in read(build_dir, "katalog/batik-parang/index.html")
    baked_files = " ".join(str(path) for path in build_dir.rglob("*"))
    assert draft_photo_names and not any(name in baked_files for name in draft_photo_names)


def test_live_page_below_an_unpublished_one_is_not_baked(shop, catalog, build_dir):
    catalog.unpublish()
    bake()
    assert not (build_dir / "katalog").exists()


def test_redirects_become_refresh_pages_with_redirect_metadata(shop, workshop, build_dir):
    Redirect.objects.create(old_path="/lama/batik", redirect_page=shop[0])
    Redirect.objects.create(
        old_path="/hilang",
        redirect_page=ProductPageFactory(
            workshop=workshop, live=False, parent=shop[0].get_parent()
        ),
    )

    bake()

    page = read(build_dir, "lama/batik/index.html")
    assert 'http-equiv="refresh" content="0; url=/katalog/batik-parang/"' in page
    manifest = json.loads(read(build_dir, ".etalase/manifest.json"))
    assert manifest["files"]["lama/batik/index.html"]["redirect"] == "/katalog/batik-parang/"
    assert not (build_dir / "hilang").exists()


# -- incremental ---------------------------------------------------------------------------


def files_and_times(folder):
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def test_nothing_changed_renders_nothing(shop, build_dir):
    bake()
    result = bake(changed_only=True)
    assert not result.full and result.pages_rendered == 0 and result.files_written == 0


def test_an_edit_rebakes_the_page_and_every_listing_that_shows_it(shop, build_dir):
    bake()
    before = files_and_times(build_dir)
    edit(shop[0], title="Batik Parang Biru", price=175000)

    result = bake(changed_only=True)

    assert not result.full
    assert "Batik Parang Biru" in read(build_dir, "katalog/batik-parang/index.html")
    assert "Batik Parang Biru" in read(build_dir, "katalog/index.html")
    assert "Batik Parang Biru" in read(build_dir, "bengkel-kerja/batik-tulis/index.html")
    feed = json.loads(read(build_dir, "catalog.json"))
    assert {"Batik Parang Biru": 175000}.items() <= {
        p["name"]: p["price"] for p in feed["products"]
    }.items()
    untouched = build_dir / "katalog/batik-kawung/index.html"
    assert before[untouched] == untouched.stat().st_mtime_ns
    assert result.pages_rendered == 3  # the product, the catalog and its workshop


def test_an_unpublished_page_leaves_with_its_listing_entry_and_photos(shop, build_dir):
    bake()
    gone = shop[2]
    photo_files = media_urls(read(build_dir, "katalog/sandal-hotel/index.html"))

    gone.unpublish()
    bake(changed_only=True)

    assert not (build_dir / "katalog/sandal-hotel").exists()
    assert "Sandal Hotel" not in all_text(build_dir)
    assert photo_files and not any((build_dir / "media" / name).exists() for name in photo_files)
    manifest = json.loads(read(build_dir, ".etalase/manifest.json"))
    assert "katalog/sandal-hotel/index.html" not in manifest["files"]


def test_pagination_shifts_when_an_item_leaves(home, catalog, workshop, build_dir):
    publish(home)
    publish(catalog)
    products = [
        publish(
            ProductPageFactory(
                workshop=workshop, parent=catalog, title=f"Produk {number:02d}", with_photo=False
            )
        )
        for number in range(25)
    ]
    bake()
    assert (build_dir / "katalog/halaman/2/index.html").exists()

    products[0].unpublish()
    bake(changed_only=True)

    assert "Produk 24" in read(build_dir, "katalog/index.html")
    assert not (build_dir / "katalog/halaman/2").exists()


def test_a_new_page_appears_in_its_listing(shop, catalog, workshop, build_dir):
    bake()
    publish(
        ProductPageFactory(
            parent=catalog,
            title="Tas Kulit",
            slug="tas-kulit",
            workshop=workshop,
            category=shop[0].category,
        )
    )

    result = bake(changed_only=True)

    assert not result.full
    assert "Tas Kulit" in read(build_dir, "katalog/index.html")
    assert "Tas Kulit" in read(build_dir, "bengkel-kerja/batik-tulis/index.html")
    assert "katalog/tas-kulit/" in read(build_dir, "sitemap.xml")


def test_a_renamed_slug_moves_the_file(shop, build_dir):
    bake()
    edit(shop[1], slug="kawung-klasik")
    bake(changed_only=True)
    assert not (build_dir / "katalog/batik-kawung").exists()
    assert "/katalog/kawung-klasik/" in read(build_dir, "katalog/index.html")


def test_a_replaced_photo_rebakes_the_pages_that_show_it(shop, build_dir):
    bake()
    photo = ProductPhoto.objects.get(page=shop[0]).image
    # Nothing in the application replaces the picture of a photo a live page shows
    # (cms/permissions.py); a restore or an edit of the database still may.
    replacement = default_storage.save(
        "original_images/replacement.jpg", jpeg_file(colour="#aa0000")
    )
    Photo.objects.filter(pk=photo.pk).update(file=replacement)
    photo.refresh_from_db()
    photo.renditions.all().delete()  # as the admin's edit view does for a new file

    result = bake(changed_only=True)

    # The product, the catalog and the workshop page show it.
    assert not result.full and result.pages_rendered == 3
    new_renditions = media_urls(" ".join(r.url for r in photo.renditions.all()))
    shown = media_urls(read(build_dir, "katalog/batik-parang/index.html"))
    shown |= media_urls(read(build_dir, "katalog/index.html"))
    assert new_renditions & shown
    for name in new_renditions & shown:
        assert (build_dir / "media" / name).read_bytes() == default_storage.open(name).read()


def test_new_site_settings_rebake_everything(shop, build_dir):
    bake()
    settings = InstitutionSettings.for_site(shop[0].get_site())
    settings.institution_name = "Lapas Contoh"
    settings.save()

    result = bake(changed_only=True)

    assert result.full
    assert all("Lapas Contoh" in path.read_text() for path in build_dir.rglob("index.html"))


def test_oversight_settings_are_not_on_the_public_site_and_rebake_nothing(shop, build_dir):
    bake()
    OversightSettings.objects.update_or_create(
        site=shop[0].get_site(), defaults={"stale_product_days": 30}
    )
    assert bake(changed_only=True).pages_rendered == 0


def test_an_unused_upload_rebakes_nothing(shop, build_dir):
    bake()
    PhotoFactory()
    assert bake(changed_only=True).pages_rendered == 0


def home_on_a_flushed_database():
    """The default site's home page. Transactional tests run after tests that flush the database
    (the browser tests), so the pages, site and collection the migrations create may be gone."""
    home = HomePage.objects.first()
    if home:
        return home
    # What this process cached about the flushed rows (content type ids, site root paths).
    ContentType.objects.clear_cache()
    cache.clear()
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    language = get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Beranda", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def bake_in_a_new_process(build_dir, workers):
    """`manage.py bake` in a fresh interpreter, on this test's (committed) database."""
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "ETALASE_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "ETALASE_BUILD_DIR": str(build_dir),
        "ETALASE_BAKE_WORKERS": str(workers),
    }
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "bake"], env=environment, check=True, capture_output=True
    )
    return tree(build_dir)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes need a database server; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_bake_in_several_processes_gives_the_same_files(tmp_path):
    home = publish(home_on_a_flushed_database())
    catalog = publish(CatalogIndexPageFactory(parent=home))
    workshop = publish(WorkshopPageFactory(parent=publish(WorkshopIndexPageFactory(parent=home))))
    for number in range(250):
        ProductPageFactory(parent=catalog, workshop=workshop, title=f"Produk {number:03d}")

    alone = bake_in_a_new_process(tmp_path / "one", workers=1)
    together = bake_in_a_new_process(tmp_path / "two", workers=2)

    assert together == alone
    assert len([path for path in alone if path.name == "index.html"]) > 250


def forget_renditions():
    """As on a new installation: every rendition is made again, from the originals."""
    for photo in Photo.objects.all():
        for rendition in photo.renditions.all():
            rendition.file.delete(save=False)
        photo.renditions.all().delete()


def test_a_bake_with_photos_in_a_bucket_writes_the_same_files_as_from_a_folder(
    shop, build_dir, settings, tmp_path, request, s3_client
):
    forget_renditions()
    bake()
    from_folder = tree(build_dir)
    originals = {photo.file.name: photo.file.open("rb").read() for photo in Photo.objects.all()}
    forget_renditions()  # nothing left in the folder to read by mistake
    for name in originals:
        default_storage.delete(name)
    bucket = request.getfixturevalue("media_bucket")  # the default storage is the bucket now
    for name, content in originals.items():
        assert default_storage.save(name, ContentFile(content)) == name
    settings.SITEGEN_BUILD_DIR = tmp_path / "build-from-bucket"

    bake()

    from_bucket = tree(settings.SITEGEN_BUILD_DIR)
    assert from_bucket.keys() == from_folder.keys()
    assert [path for path in from_folder if from_bucket[path] != from_folder[path]] == []
    shown = media_urls(all_text(settings.SITEGEN_BUILD_DIR))
    assert shown
    for name in shown:  # made from the bucket's originals, stored in the bucket
        assert s3_client.head_object(Bucket=bucket, Key=f"media/{name}")["ContentLength"] > 0


def test_a_page_whose_photo_file_is_lost_fails_instead_of_showing_a_broken_image(
    shop, workshop, build_dir
):
    """A photo's file lost (a restore that missed it) before its new sizes were made: Wagtail's
    image tags would show a stand-in address, a broken image on the public site. The page is not
    baked, says why, and keeps what the public sees."""
    bake()
    product = shop[0]
    page_file = build_dir / "katalog" / product.slug / "index.html"
    published = page_file.read_bytes()
    photo = product.photos.get().image
    for rendition in photo.renditions.all():
        rendition.file.delete(save=False)
    photo.renditions.all().delete()
    default_storage.delete(photo.file.name)
    edit(product, title="Batik Parang Rusak")

    result = bake(changed_only=True)

    # The workshop page shows the product's card only, through Wagtail's image tags.
    assert "missing from media (a broken image)" in result.failures[workshop.pk]
    # Said in the words of the admin, without a path of the server.
    assert result.failures[product.pk] == (
        f"/katalog/{product.slug}/ (Batik Parang Rusak): the file of a photo it shows cannot be "
        f"read from the media storage ({photo.file.name}): upload the photo again, or take it "
        "off the page"
    )
    assert page_file.read_bytes() == published
    assert "/media/not-found" not in all_text(build_dir)


def test_a_rendition_missing_from_the_bucket_fails_the_bake_and_is_named(
    media_bucket, shop, build_dir, settings, tmp_path, s3_client
):
    bake()
    name = sorted(media_urls(all_text(build_dir)))[0]
    s3_client.delete_object(Bucket=media_bucket, Key=f"media/{name}")
    settings.SITEGEN_BUILD_DIR = tmp_path / "first-bake-elsewhere"

    with pytest.raises(AssetError, match=re.escape(f"/media/{name} is referenced but missing")):
        bake()


def test_a_product_of_a_category_no_product_had_shows_in_every_listing_pages_filter(
    home, catalog, workshop, category, build_dir
):
    """The filter of every listing page offers the categories of all the catalog's products, not
    only of those the page lists: a product of a new category is a new choice on each."""
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    for number in range(25):
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=category,
            title=f"Produk {number:02d}",
            with_photo=False,
        )
    bake()
    leather = CategoryFactory(name="Kulit", slug="kulit")
    bake(changed_only=True)  # a category no product has yet: no choice anywhere
    assert 'value="kulit"' not in read(build_dir, "katalog/index.html")

    publish(
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=leather,
            title="Tas Kulit",
            with_photo=False,
        )
    )
    bake(changed_only=True)

    for listing_page in ("katalog/index.html", "katalog/halaman/2/index.html"):
        assert 'value="kulit"' in read(build_dir, listing_page), listing_page
