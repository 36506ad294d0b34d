"""The public address of a site (Settings → Publishing) roots every absolute URL of its bake.

The demo serves its baked site at http://127.0.0.1:8001 while its Wagtail Site is
http://localhost: before the address existed, every link a customer received (the WhatsApp
order message, the QR code on a label) and every canonical, share image and sitemap address of
the demo led to localhost, where nothing answers.
"""

import json
import re
from io import StringIO
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from django.core.management import call_command
from django.utils.html import escape

from wagtail.models import Site

from cms.models import ProductPage
from cms.qr import make_qr_code_svg
from institutions.models import Institution, Role
from sitegen.addresses import public_url
from sitegen.bake import bake
from sitegen.models import Build, PublishSettings
from tests.orders.conftest import logged_in_english

DEMO_ADDRESS = "http://127.0.0.1:8001"
ADDRESS = "https://batik.lapas-x.go.id"


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "5", stdout=StringIO())
    settings.DEBUG = False


def text(build_dir, path):
    return (build_dir / path).read_text()


def meta(html, attribute, name):
    return re.findall(rf'<(?:meta|link) {attribute}="{name}" (?:content|href)="([^"]+)"', html)


def test_every_absolute_url_of_the_demo_bake_is_where_the_demo_serves_it(demo, build_dir):
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://localhost"  # the admin's host, where nothing is served

    bake()

    pages = {
        path.relative_to(build_dir).as_posix(): path.read_text()
        for path in build_dir.rglob("index.html")
        if ".etalase" not in path.parts
    }
    for path, html in pages.items():
        if 'http-equiv="refresh"' in html:
            continue  # a redirect file, relative
        canonical = meta(html, "rel", "canonical")
        expected = f"{DEMO_ADDRESS}/{path.removesuffix('index.html')}"
        assert canonical == [expected], path
        assert set(meta(html, "property", "og:url")) <= {expected}, path
        for image in meta(html, "property", "og:image"):
            assert image.startswith(f"{DEMO_ADDRESS}/media/"), path

    locations = re.findall(r"<loc>([^<]+)</loc>", text(build_dir, "sitemap.xml"))
    assert locations and all(url.startswith(f"{DEMO_ADDRESS}/") for url in locations)
    assert f"Sitemap: {DEMO_ADDRESS}/sitemap.xml" in text(build_dir, "robots.txt")
    feed = json.loads(text(build_dir, "catalog.json"))
    assert feed["site"] == DEMO_ADDRESS
    for product in feed["products"]:
        urls = [product["url"], *product["images"]]
        urls += [product["thumbnail"][kind] for kind in ("avif", "webp", "jpeg")]
        assert all(url.startswith(f"{DEMO_ADDRESS}/") for url in urls), product["code"]

    redirects = json.loads(text(build_dir, ".etalase/manifest.json"))["files"]
    products = list(ProductPage.objects.live())
    assert len(products) >= 30
    for product in products:
        path = product.get_url_parts()[2]
        html = pages[f"{path.lstrip('/')}index.html"]
        order_address = re.search(r'href="([^"]+)" rel="noopener" data-order="whatsapp"', html)
        order_link = redirects[order_address.group(1).lstrip("/") + "index.html"]["redirect"]
        message = parse_qs(urlsplit(order_link).query)["text"][0]
        assert message.endswith(f" {DEMO_ADDRESS}{path}"), message
        qr_code = (build_dir / path.lstrip("/") / "qr.svg").read_bytes()
        assert qr_code == make_qr_code_svg(f"{DEMO_ADDRESS}{path}"), path

    everything = b"".join(path.read_bytes() for path in build_dir.rglob("*") if path.is_file())
    assert b"localhost" not in everything


def test_a_new_public_address_bakes_and_publishes_the_site_again(
    client, head, shop, folder_deployment, settings, django_capture_on_commit_callbacks, build_dir
):
    site = Site.objects.get(is_default_site=True)
    bake()
    baked_before = set(Build.objects.values_list("pk", flat=True))
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    settings.SITEGEN_AUTO_PUBLISH = True
    logged_in_english(client, head)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/settings/sitegen/publishsettings/{site.pk}/",
            {"public_address": ADDRESS, "target": "", "bucket": "", "prefix": ""},
        )

    assert response.status_code == 302
    # The settings view creates the row, then saves it: two signals, one bake of everything.
    builds = Build.objects.exclude(pk__in=baked_before)
    assert {build.site for build in builds} == {site}
    assert [build.full for build in builds].count(True) == 1
    for where in (build_dir, folder_deployment.root):
        html = text(where, "katalog/batik-parang/index.html")
        assert f'<link rel="canonical" href="{ADDRESS}/katalog/batik-parang/">' in html
        assert f"{ADDRESS}/katalog/batik-parang/" in text(where, "sitemap.xml")


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("batik.lapas-x.go.id", "Start the address with https://"),
        ("ftp://batik.lapas-x.go.id", "Start the address with https://"),
        (f"{ADDRESS}/", "Leave out the slash at the end"),
        (f"{ADDRESS}/katalog", "without a path, ? or #"),
        (f"{ADDRESS}?utm=qr", "without a path, ? or #"),
        (f"{ADDRESS}#top", "without a path, ? or #"),
        ("https://admin:rahasia@batik.lapas-x.go.id", "Leave out the user name and password"),
        ("https://batik lapas.go.id", "This is not a host name with an optional port"),
        ("https://batik.lapas-x.go.id:99999", "This is not a host name with an optional port"),
        ("https://", "This is not a host name with an optional port"),
    ],
)
def test_an_address_that_is_not_a_site_root_is_refused_in_words(client, head, home, address, said):
    site = home.get_site()
    logged_in_english(client, head)

    response = client.post(
        f"/admin/settings/sitegen/publishsettings/{site.pk}/",
        {"public_address": address, "target": "", "bucket": "", "prefix": ""},
    )

    assert response.status_code == 200, "the form was accepted"
    assert escape(said) in response.content.decode()
    assert not PublishSettings.objects.filter(site=site).exclude(public_address="").exists()


@pytest.mark.parametrize("address", [ADDRESS, DEMO_ADDRESS, "http://localhost:8080"])
def test_a_scheme_a_host_and_a_port_are_accepted(client, head, home, address):
    site = home.get_site()
    logged_in_english(client, head)

    response = client.post(
        f"/admin/settings/sitegen/publishsettings/{site.pk}/",
        {"public_address": address, "target": "", "bucket": "", "prefix": ""},
    )

    assert response.status_code == 302
    assert PublishSettings.objects.get(site=site).public_address == address


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OFFICER, Role.CLERK])
def test_only_the_head_sets_the_public_address(client, home, member_of, role):
    """A forged post by other staff: the address decides where every QR code leads."""
    site = home.get_site()
    staff = member_of(Institution.objects.get(site=site), role, f"staff_{role.lower()}")
    logged_in_english(client, staff)

    client.post(
        f"/admin/settings/sitegen/publishsettings/{site.pk}/",
        {"public_address": "https://penipu.example", "target": "", "bucket": "", "prefix": ""},
    )

    assert not PublishSettings.objects.filter(public_address="https://penipu.example").exists()


def test_the_head_of_another_institution_cannot_set_this_sites_address(
    client, home, bandung, member_of
):
    site = home.get_site()
    logged_in_english(client, member_of(bandung, Role.HEAD, "head_bandung"))

    client.post(
        f"/admin/settings/sitegen/publishsettings/{site.pk}/",
        {"public_address": "https://penipu.example", "target": "", "bucket": "", "prefix": ""},
    )

    assert not PublishSettings.objects.filter(public_address="https://penipu.example").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/batik.fill-480x480.format-avif.avif",
        "/katalog/batik tulis/?warna=biru#foto",
        "/media//images/batik.jpg",
        "//elsewhere.example/batik.jpg",
        "/katalog/./batik/",
        "/katalog/../batik/",
        "/.well-known/security.txt",
        "https://cdn.example/batik.jpg",
        "katalog/batik/",
    ],
)
def test_a_paths_public_address_is_the_one_urljoin_gives(db, rf, path):
    """Most paths are appended to the public address as text; the others go through urljoin."""
    site = Site.objects.get(is_default_site=True)
    PublishSettings.objects.update_or_create(site=site, defaults={"public_address": ADDRESS})
    request = rf.get("/", SERVER_NAME=site.hostname)

    assert public_url(request, path) == urljoin(ADDRESS + "/", path)
