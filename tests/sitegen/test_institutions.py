"""Several institutions in one installation: each site is baked into its own folder, published to
its own place, updated after its own approvals, and listed in the national catalog."""

import gzip
import json
import re
from io import StringIO

import pytest

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Page, Site

from cms.models import Category, InstitutionSettings
from sitegen.bake import bake
from sitegen.build_folder import manifest_path
from sitegen.jobs import run_publish
from sitegen.manifest import Manifest
from sitegen.models import Build, Deployment, PublishSettings, Status
from sitegen.sites import build_dir as site_build_dir
from tests.conftest import free_port
from tests.factories import (
    CatalogIndexPageFactory,
    HomePageFactory,
    PhotoFactory,
    ProductPageFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
)
from tests.sitegen.helpers import edit, publish

OTHER_HOST = "lapas-b.example"
PUBLISH_NOW = "/admin/static-site/publish/"
PRODUCTS_A = ["Batik Parang", "Batik Kawung", "Sandal Hotel"]
PRODUCTS_B = ["Sepatu Kulit", "Tas Anyaman"]


def name_institution(site, name):
    institution = InstitutionSettings.for_site(site)
    institution.institution_name = name
    institution.save()


@pytest.fixture
def bare_site_a(home):
    """The default site, named Lapas A."""
    site = home.get_site()
    site.site_name = "Lapas A"
    site.save()
    name_institution(site, "Lapas A")
    return site


@pytest.fixture
def bare_site_b(db):
    """A second institution's site, Lapas B, with its own home page only."""
    home = publish(HomePageFactory(parent=Page.get_first_root_node(), slug="beranda-b"))
    site = Site.objects.create(hostname=OTHER_HOST, port=80, root_page=home, site_name="Lapas B")
    name_institution(site, "Lapas B")
    return site


@pytest.fixture
def site_a(shop, bare_site_a):
    """Lapas A with the shop's products."""
    return bare_site_a


@pytest.fixture
def site_b(site_a, bare_site_b):
    """Lapas B with its own catalog, workshop and products."""
    home = bare_site_b.root_page
    catalog = publish(CatalogIndexPageFactory(parent=home))
    workshops = publish(WorkshopIndexPageFactory(parent=home))
    workshop = publish(WorkshopPageFactory(parent=workshops, title="Kulit", slug="kulit"))
    for number, title in enumerate(PRODUCTS_B):
        slug = title.lower().replace(" ", "-")
        publish(
            ProductPageFactory(
                parent=catalog,
                workshop=workshop,
                title=title,
                slug=slug,
                code=f"LPB-{number + 1:03d}",
            )
        )
    return bare_site_b


def all_text(folder):
    files = (path for path in folder.rglob("*") if path.is_file())
    return "\n".join(path.read_bytes().decode(errors="replace") for path in files)


def media_names(folder):
    return {path.name for path in (folder / "media").rglob("*") if path.is_file()}


def feed(folder):
    return json.loads((folder / "catalog.json").read_text())


# -- baking ---------------------------------------------------------------------------------


def test_each_site_is_baked_into_its_own_folder_with_only_its_pages(site_a, site_b, build_dir):
    bake(site_a)
    bake(site_b)

    folder_b = build_dir.with_name(f"build-{OTHER_HOST}")
    assert site_build_dir(site_a) == build_dir and site_build_dir(site_b) == folder_b
    text_a, text_b = all_text(build_dir), all_text(folder_b)
    assert all(name in text_a for name in PRODUCTS_A) and "Lapas A" in text_a
    assert all(name in text_b for name in PRODUCTS_B) and "Lapas B" in text_b
    assert not any(name in text_a for name in [*PRODUCTS_B, "Lapas B", OTHER_HOST])
    assert not any(name in text_b for name in [*PRODUCTS_A, "Lapas A"])
    assert media_names(build_dir).isdisjoint(media_names(folder_b))
    feed_b = feed(folder_b)
    assert feed_b["publisher"] == {"name": "Lapas B"}
    assert sorted(product["name"] for product in feed_b["products"]) == sorted(PRODUCTS_B)
    assert all(p["url"].startswith(f"http://{OTHER_HOST}/") for p in feed_b["products"])
    assert sorted(product["name"] for product in feed(build_dir)["products"]) == sorted(PRODUCTS_A)


def test_another_institutions_settings_rebake_nothing_here(site_a, site_b):
    bake(site_a)
    bake(site_b)

    name_institution(site_b, "Lapas Kelas IIA B")

    assert bake(site_a, changed_only=True).pages_rendered == 0
    assert bake(site_b, changed_only=True).full


def test_bake_all_sites_goes_on_after_a_failure_and_publish_too(
    site_a, site_b, build_dir, folder_deployment, settings, monkeypatch
):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    real_bake = bake

    def bake_failing_for_a(site, **options):
        if site.pk == site_a.pk:
            raise OSError("No space left on device")
        return real_bake(site, **options)

    monkeypatch.setattr("sitegen.jobs.bake", bake_failing_for_a)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"Bake failed for 1 of 2 sites: Lapas A \(localhost\)"):
        call_command("bake", "--all-sites", stdout=out, stderr=err)
    with pytest.raises(CommandError, match=r"Publish failed for 1 of 2 sites: Lapas A"):
        call_command("publish", "--all-sites", stdout=out, stderr=err)

    assert "Lapas A (localhost): Bake failed: No space left on device" in err.getvalue()
    assert "Lapas A (localhost): Publish failed: Nothing to publish" in err.getvalue()
    assert f"Lapas B ({OTHER_HOST}): Full bake (requested)" in out.getvalue()
    assert f"Lapas B ({OTHER_HOST}): Published:" in out.getvalue()
    public_b = folder_deployment.root.with_name(f"public-{OTHER_HOST}")
    assert "Sepatu Kulit" in (public_b / "katalog/sepatu-kulit/index.html").read_text()
    assert not folder_deployment.root.exists()
    results = {
        (type(job).__name__, job.site.site_name): job.status
        for job in [*Build.objects.all(), *Deployment.objects.all()]
    }
    assert results == {
        ("Build", "Lapas A"): Status.FAILED,
        ("Build", "Lapas B"): Status.SUCCEEDED,
        ("Deployment", "Lapas A"): Status.FAILED,
        ("Deployment", "Lapas B"): Status.SUCCEEDED,
    }


def test_a_site_gets_its_own_redirects_and_those_of_all_sites_only(
    bare_site_a, bare_site_b, build_dir
):
    def redirect(old_path, site, target):
        Redirect.objects.create(old_path=old_path, site=site, redirect_link=target)

    redirect("/lama-a", bare_site_a, "https://a.example/")
    redirect("/lama-b", bare_site_b, "https://b.example/")
    redirect("/sama", bare_site_b, "https://b.example/sama")
    # The installer's, for every site; B's own redirect of the same path wins on B's site.
    redirect("/sama", None, "https://semua.example/sama")
    redirect("/semua", None, "https://semua.example/")

    bake(bare_site_b)

    manifest = json.loads(
        (build_dir.with_name(f"build-{OTHER_HOST}") / ".etalase/manifest.json").read_text()
    )
    redirects = {
        path: entry["redirect"]
        for path, entry in manifest["files"].items()
        if entry.get("redirect")
    }
    assert redirects == {
        "lama-b/index.html": "https://b.example/",
        "sama/index.html": "https://b.example/sama",
        "semua/index.html": "https://semua.example/",
    }


def test_serve_site_serves_the_chosen_sites_folder(bare_site_b):
    with pytest.raises(CommandError, match=f"build-{OTHER_HOST}.*--site {OTHER_HOST}"):
        call_command("serve_site", "--site", OTHER_HOST)


# -- after an approval ------------------------------------------------------------------------


@pytest.fixture
def automatic_publishing(folder_deployment, settings):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    settings.SITEGEN_AUTO_PUBLISH = True
    return folder_deployment


def test_an_approval_bakes_and_publishes_its_own_site_only(
    site_a, site_b, automatic_publishing, build_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(Page.objects.get(title="Sepatu Kulit"), title="Sepatu Kulit Hitam")

    jobs = [*Build.objects.all(), *Deployment.objects.all()]
    assert jobs and {job.site for job in jobs} == {site_b}
    assert {job.status for job in jobs} == {Status.SUCCEEDED}
    public_b = automatic_publishing.root.with_name(f"public-{OTHER_HOST}")
    assert "Sepatu Kulit Hitam" in (public_b / "katalog/sepatu-kulit/index.html").read_text()
    assert not build_dir.exists() and not automatic_publishing.root.exists()


def test_a_category_updates_every_site_and_settings_their_own(
    site_a, site_b, automatic_publishing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.create(name="Anyaman", slug="anyaman")
    assert {build.site for build in Build.objects.all()} == {site_a, site_b}

    Build.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        name_institution(site_b, "Lapas Kelas IIA B")
    assert {build.site for build in Build.objects.all()} == {site_b}


def test_a_photo_updates_only_its_institutions_site_and_history(
    site_a, bandung, automatic_publishing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PhotoFactory(title="Foto draf Bandung", collection=bandung.collection)
    assert {build.site for build in Build.objects.all()} == {bandung.site}

    Build.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        PhotoFactory(title="Foto Lapas A")  # the first institution's collection
    assert {build.site for build in Build.objects.all()} == {site_a}

    Build.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        PhotoFactory(title="Foto bersama", collection=Collection.get_first_root_node())
    assert {build.site for build in Build.objects.all()} == set(Site.objects.all())


# -- publishing -----------------------------------------------------------------------------


@pytest.fixture
def s3_sites(site_a, site_b, settings, s3_endpoint, bucket):
    """Both sites baked, publishing to one bucket: Lapas A under lapas-a/, Lapas B under
    lapas-b/."""
    settings.SITEGEN_PUBLISH_TARGETS = {
        "s3": {
            "BACKEND": "sitegen.targets.S3Target",
            "OPTIONS": {"bucket": bucket, "prefix": "", "endpoint_url": s3_endpoint},
        }
    }
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    PublishSettings.objects.create(site=site_a, prefix="lapas-a/")
    PublishSettings.objects.create(site=site_b, prefix="lapas-b/")
    bake(site_a)
    bake(site_b)
    return site_a, site_b


def stored_objects(s3_client, bucket) -> dict[str, str]:
    pages = s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"]: item["ETag"] for page in pages for item in page.get("Contents", [])}


def read_object(s3_client, bucket, key) -> str:
    body = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
    return gzip.decompress(body).decode()


def publish_site(site):
    outcome = run_publish(site=site, trigger="test")
    assert not outcome.error
    return outcome.value


def built_paths(folder):
    return set(json.loads((folder / ".etalase/manifest.json").read_text())["files"])


def test_each_site_is_published_under_its_own_prefix_only(s3_sites, s3_client, bucket, build_dir):
    site_a, site_b = s3_sites

    publish_site(site_a)
    publish_site(site_b)

    stored = stored_objects(s3_client, bucket)
    under = {
        prefix: {key.removeprefix(prefix) for key in stored if key.startswith(prefix)}
        for prefix in ("lapas-a/", "lapas-b/")
    }
    assert set(stored) == {prefix + path for prefix, paths in under.items() for path in paths}
    assert under["lapas-a/"] == built_paths(build_dir) | {".etalase-manifest.json"}
    assert under["lapas-b/"] == built_paths(site_build_dir(site_b)) | {".etalase-manifest.json"}
    page_b = read_object(s3_client, bucket, "lapas-b/katalog/sepatu-kulit/index.html")
    assert "Sepatu Kulit" in page_b and "Lapas A" not in page_b
    targets = {job.site.site_name: job.target for job in Deployment.objects.all()}
    assert targets["Lapas A"].startswith(f"s3://{bucket}/lapas-a/")
    assert targets["Lapas B"].startswith(f"s3://{bucket}/lapas-b/")


def test_publishing_one_site_leaves_the_other_untouched(s3_sites, s3_client, bucket):
    site_a, site_b = s3_sites
    publish_site(site_a)
    publish_site(site_b)
    before = stored_objects(s3_client, bucket)
    edit(Page.objects.get(title="Sepatu Kulit"), title="Sepatu Kulit Hitam")
    bake(site_b, changed_only=True)

    result = publish_site(site_a)

    assert (result.uploaded, result.deleted, result.requests) == (0, 0, 1)
    assert stored_objects(s3_client, bucket) == before

    publish_site(site_b)

    after = stored_objects(s3_client, bucket)
    changed = {key for key in after if after[key] != before.get(key)}
    assert "lapas-b/katalog/sepatu-kulit/index.html" in changed
    assert all(key.startswith("lapas-b/") for key in changed)
    page = read_object(s3_client, bucket, "lapas-b/katalog/sepatu-kulit/index.html")
    assert "Sepatu Kulit Hitam" in page


@pytest.mark.parametrize("prefix_b", ["lapas/", "lapas/b/", ""])
def test_two_sites_may_not_publish_to_the_same_place(
    bare_site_a, bare_site_b, settings, s3_endpoint, s3_client, bucket, prefix_b
):
    site_a, site_b = bare_site_a, bare_site_b
    settings.SITEGEN_PUBLISH_TARGETS = {
        "s3": {
            "BACKEND": "sitegen.targets.S3Target",
            "OPTIONS": {"bucket": bucket, "prefix": "", "endpoint_url": s3_endpoint},
        }
    }
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    PublishSettings.objects.create(site=site_a, prefix="lapas/")
    PublishSettings.objects.create(site=site_b, prefix=prefix_b)

    outcome = run_publish(site=site_b, trigger="test")

    for named in [f"Lapas B ({OTHER_HOST})", "Lapas A (localhost)", f"s3://{bucket}/lapas/ "]:
        assert named in outcome.error
    failed = Deployment.objects.get()
    assert failed.site == site_b and failed.status == Status.FAILED
    assert stored_objects(s3_client, bucket) == {}
    settings_b = PublishSettings.objects.get(site=site_b)
    with pytest.raises(ValidationError, match="Lapas A"):
        settings_b.full_clean()


def test_where_a_site_is_published_is_set_in_its_settings(
    client, django_user_model, bare_site_a, bare_site_b, settings
):
    site_a, site_b = bare_site_a, bare_site_b
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    # Bare sites are no institution with a head of their own: the installer sets them up.
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.test", "x"))
    url = f"/admin/settings/sitegen/publishsettings/{site_b.pk}/"
    PublishSettings.objects.create(site=site_a, bucket="katalog", prefix="lapas-a")

    taken = client.post(url, {"target": "s3", "bucket": "katalog", "prefix": "/lapas-a/"})
    assert taken.status_code == 200 and "Lapas A (localhost)" in taken.content.decode()
    assert PublishSettings.for_site(site_b).prefix == ""

    client.post(url, {"target": "s3", "bucket": "katalog", "prefix": "lapas-b/"})
    assert PublishSettings.objects.get(site=site_b).prefix == "lapas-b/"


# -- the national catalog --------------------------------------------------------------------


def national_catalog(output, *feeds, options=(), stdout=None, stderr=None):
    arguments = ["bake_national_catalog", "--output", str(output), *options]
    for source in feeds:
        arguments += ["--feed", str(source)]
    call_command(*arguments, stdout=stdout or StringIO(), stderr=stderr or StringIO())
    return (output / "index.html").read_text()


def test_the_national_catalog_lists_the_products_of_every_institution(site_a, site_b, tmp_path):
    bake(site_a)
    bake(site_b)
    output = tmp_path / "nasional"

    html = national_catalog(output)

    assert all(name in html for name in [*PRODUCTS_A, *PRODUCTS_B, "Lapas A", "Lapas B"])
    assert 'href="http://localhost/katalog/batik-parang/"' in html
    assert f'href="http://{OTHER_HOST}/katalog/sepatu-kulit/"' in html
    assert f'<a href="http://{OTHER_HOST}">Lapas B</a>' in html
    sections = html.index('id="lapas-a"'), html.index("Batik Parang"), html.index('id="lapas-b"')
    assert sorted(sections) == list(sections)
    stylesheets = re.findall(r'href="/static/(theme/[^"]+\.css)"', html)
    assert len(stylesheets) == 2 and all(
        (output / "static" / name).exists() for name in stylesheets
    )
    assert "<script" not in html
    merged = json.loads((output / "catalog.json").read_text())
    listed = {(product["institution"]["name"], product["name"]) for product in merged["products"]}
    assert listed == {("Lapas A", name) for name in PRODUCTS_A} | {
        ("Lapas B", name) for name in PRODUCTS_B
    }
    with pytest.raises(CommandError, match="build folder of Lapas B"):
        national_catalog(site_build_dir(site_b) / "nasional")


def links_between_pages(output, page):
    """The pages (as files) and anchors each relative link of a catalog page leads to."""
    html = (output / page).read_text()
    for address in re.findall(r'href="([^"]+)"', html):
        if address.startswith(("http://", "https://", "/")):
            continue
        path, _, anchor = address.partition("#")
        target = (output / page).parent / path
        yield (target / "index.html" if target.is_dir() else target).resolve(), anchor


def test_the_national_catalog_is_paginated_with_links_between_its_pages(site_a, site_b, tmp_path):
    bake(site_a)
    bake(site_b)
    output = tmp_path / "nasional"

    national_catalog(output, options=["--page-size", "2"])

    pages = ["index.html", "halaman/2/index.html", "halaman/3/index.html"]
    assert {path for path in Manifest.read(manifest_path(output)) if path.endswith(".html")} == (
        set(pages)
    )
    cards = [
        re.findall(r'<span class="card-title">([^<]+)</span>', (output / page).read_text())
        for page in pages
    ]
    assert [len(page_cards) for page_cards in cards] == [2, 2, 1]
    assert sorted(sum(cards, [])) == sorted(PRODUCTS_A + PRODUCTS_B)
    for page in pages:
        links = set(links_between_pages(output, page))
        assert {target for target, _ in links} == {(output / other).resolve() for other in pages}
        for target, anchor in links:
            assert not anchor or f'id="{anchor}"' in target.read_text()
    # Lapas B's products begin on the second page: its link from every page leads there.
    assert ((output / pages[1]).resolve(), "lapas-b") in set(links_between_pages(output, pages[2]))
    assert 'href="halaman/2/" rel="next"' in (output / pages[0]).read_text()


def test_a_feed_is_shown_as_text_and_only_web_addresses_are_used(db, tmp_path):
    hostile = tmp_path / "catalog.json"
    hostile.write_text(
        json.dumps(
            {
                "site": "javascript:alert(1)",
                "publisher": {"name": '"><script>alert("lapas")</script>'},
                "products": [
                    {
                        "name": "<script>alert(1)</script> Batik",
                        "url": "https://lapas-c.example/katalog/batik/",
                        "price": 1000,
                        "availability": 'x" onmouseover="alert(1)',
                        "availability_label": "<b>Siap</b>",
                        "thumbnail": {"jpeg": "javascript:alert(1)", "alt": "x"},
                    },
                    {"name": "Tas Curian", "url": "javascript:alert(1)"},
                    {
                        "name": "Dompet",
                        "url": "https://lapas-c.example/katalog/dompet/",
                        "thumbnail": {
                            "jpeg": "https://lapas-c.example/media/dompet.jpg",
                            "webp": "data:image/webp;base64,AAAA",
                            "alt": "<img src=x onerror=alert(1)>",
                        },
                    },
                    "not a product",
                ],
            }
        )
    )
    out = StringIO()

    html = national_catalog(tmp_path / "nasional", hostile, stdout=out)

    assert "<script" not in html and "javascript:" not in html and "data:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Batik" in html
    assert "&quot;&gt;&lt;script&gt;" in html
    assert "&lt;b&gt;Siap&lt;/b&gt;" in html and "onmouseover" not in html
    assert 'src="https://lapas-c.example/media/dompet.jpg"' in html
    assert 'alt="&lt;img src=x onerror=alert(1)&gt;"' in html
    assert "Tas Curian" not in html
    assert "2 products" in out.getvalue() and "2 left out" in out.getvalue()


def test_an_unreadable_feed_is_skipped_and_reported(site_b, tmp_path):
    bake(site_b)
    missing = tmp_path / "missing" / "catalog.json"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    unreachable = f"http://127.0.0.1:{free_port()}/catalog.json"
    err = StringIO()

    with pytest.raises(CommandError, match="3 of 4 feeds could not be read"):
        national_catalog(
            tmp_path / "nasional", missing, broken, unreachable, site_build_dir(site_b), stderr=err
        )

    assert f"Skipped {missing}: cannot be read" in err.getvalue()
    assert f"Skipped {broken}: not valid JSON" in err.getvalue()
    assert f"Skipped {unreachable}: cannot be downloaded" in err.getvalue()
    html = (tmp_path / "nasional/index.html").read_text()
    assert "Sepatu Kulit" in html and "Lapas B" in html


def test_the_national_catalog_reads_published_feeds_and_publishes_beside_them(
    s3_sites, s3_endpoint, s3_client, bucket, tmp_path
):
    site_a, site_b = s3_sites
    publish_site(site_a)
    publish_site(site_b)
    # Anyone may read the files, as from a bucket that serves a website.
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    s3_client.put_bucket_policy(
        Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]})
    )
    feeds = [f"{s3_endpoint}/{bucket}/{prefix}/catalog.json" for prefix in ("lapas-a", "lapas-b")]
    output = tmp_path / "nasional"

    with pytest.raises(CommandError, match=r"Lapas B \(lapas-b.example\).*/lapas-b/ "):
        national_catalog(output, *feeds, options=["--target", "s3", "--prefix", "lapas-b/nasional"])
    national_catalog(output, *feeds, options=["--target", "s3", "--prefix", "nasional"])

    page = read_object(s3_client, bucket, "nasional/index.html")
    assert all(name in page for name in [*PRODUCTS_A, *PRODUCTS_B])
    assert {key.split("/")[0] for key in stored_objects(s3_client, bucket)} == {
        "lapas-a",
        "lapas-b",
        "nasional",
    }


# -- the admin ------------------------------------------------------------------------------

PUBLICATIONS = "/admin/static-site/publications/"


def test_the_history_names_the_site_of_each_record_when_there_are_several(
    client, officer, bare_site_a, django_user_model
):
    Deployment.objects.create(site=bare_site_a, target="folder", trigger="test")
    client.force_login(officer)
    assert "Lapas A" not in client.get(PUBLICATIONS).content.decode()

    other = Site.objects.create(
        hostname=OTHER_HOST, root_page=bare_site_a.root_page, site_name="Lapas B"
    )
    Deployment.objects.create(site=other, target="folder", trigger="test")

    # An officer reads their own institution's history; the installer reads every site's.
    history = client.get(PUBLICATIONS).content.decode()
    assert "Lapas A" in history and "Lapas B" not in history
    theirs = Deployment.objects.get(site=other)
    assert client.get(f"{PUBLICATIONS}inspect/{theirs.pk}/").status_code == 404
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.test", "x"))
    history = client.get(PUBLICATIONS).content.decode()
    assert "Lapas A" in history and "Lapas B" in history


def test_an_officer_publishes_only_their_own_institutions_site(
    client, officer, site_a, site_b, folder_deployment
):
    folder_deployment.target()
    client.force_login(officer)
    assert "Lapas B" not in client.get(PUBLISH_NOW).content.decode()

    refused = client.post(PUBLISH_NOW, {"site": site_b.pk})

    assert refused.status_code == 302 and not Deployment.objects.exists()


def test_the_installer_publishes_the_site_they_choose(
    client, django_user_model, site_a, site_b, folder_deployment
):
    folder_deployment.target()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.test", "x"))
    assert f'<option value="{site_b.pk}">Lapas B' in client.get(PUBLISH_NOW).content.decode()

    client.post(PUBLISH_NOW, {"site": site_b.pk})

    assert {job.site for job in [*Build.objects.all(), *Deployment.objects.all()]} == {site_b}
    public_b = folder_deployment.root.with_name(f"public-{OTHER_HOST}")
    assert (public_b / "katalog/sepatu-kulit/index.html").exists()
