"""The build holds exactly what approved pages use: attacks and failures replayed through the
admin, as a manager and an officer of one institution would act with another institution on the
same installation."""

import pytest

from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect

from sitegen.bake import bake
from sitegen.jobs import run_bake
from sitegen.models import PageBakeFailure
from sitegen.sites import build_dir as site_build_dir
from tests.admin import edit_url, submit_new_product, workflow_action_url
from tests.factories import PhotoFactory, ProductPageFactory
from tests.sitegen.helpers import edit


def files_in(folder):
    return {path for path in folder.rglob("*") if path.is_file()}


def approve_new_product(client, manager, officer, shop, category, **fields):
    """A product written by the manager in the admin and approved by the officer."""
    catalog, workshop = shop[0].get_parent(), shop[0].workshop
    photo = PhotoFactory()
    product = submit_new_product(client, manager, catalog, category, workshop, photo, **fields)
    client.force_login(officer)
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    product.refresh_from_db()
    assert product.live
    return product


# -- text is text -----------------------------------------------------------------------------


def test_a_media_address_in_a_description_copies_nothing_into_the_build(
    client, manager, officer, shop, category, bandung, bandung_catalog, build_dir
):
    catalog_b, workshop_b = bandung_catalog
    draft_b = ProductPageFactory(parent=catalog_b, workshop=workshop_b, live=False)
    original = draft_b.photos.get().image.file.name  # original_images/….jpg
    secret = default_storage.open(original).read()
    address = f"/media/{original}"
    bake()

    product = approve_new_product(
        client, manager, officer, shop, category, short_description=f"Lihat {address} ya"
    )
    bake(changed_only=True)

    page = (build_dir / product.url_path.removeprefix("/home/") / "index.html").read_text()
    assert address in page  # the text stays the text it is
    assert not (build_dir / "media" / original).exists()
    assert all(path.read_bytes() != secret for path in files_in(build_dir))


def test_static_and_media_addresses_in_text_neither_fail_the_bake_nor_hold_up_others(
    client, manager, officer, shop, category, build_dir
):
    bake()
    text = (
        "Brosur: https://example.org/static/brosur.pdf, /static/brosur.pdf, "
        "/media/original_images/tidak-ada.jpg, https://example.org/static/theme/site.css"
    )
    first = approve_new_product(client, manager, officer, shop, category, short_description=text)
    run_bake(changed_only=True, trigger="test")
    second = approve_new_product(
        client, manager, officer, shop, category, code="BTK-002", slug="batik-kedua"
    )

    outcome = run_bake(changed_only=True, trigger="test")

    assert not outcome.error and not outcome.record.pages_not_baked
    first_page = (build_dir / "katalog" / first.slug / "index.html").read_text()
    assert "brosur.pdf" in first_page
    # Another host's address is its own, even where it names a file of the theme.
    assert "https://example.org/static/theme/site.css" in first_page
    assert (build_dir / "katalog" / second.slug / "index.html").exists()
    assert not (build_dir / "static/brosur.pdf").exists()
    assert not (build_dir / "media/original_images").exists()


# -- one page that cannot be baked ---------------------------------------------------------

BROKEN_CODE = "RSK-001"


@pytest.fixture
def theme_asset_missing_for_one_product(settings, tmp_path):
    """A product template that loads a theme asset the theme lacks, for the product whose code
    is BROKEN_CODE only (extending the theme's own template)."""
    folder = tmp_path / "templates"
    (folder / "cms").mkdir(parents=True)
    (folder / "cms/product_page.html").write_text(
        '{% extends "cms/product_page.html" %}{% load static %}{% block head %}{{ block.super }}'
        f'{{% if page.code == "{BROKEN_CODE}" %}}'
        '<link rel="stylesheet" href="{% static \'theme/hilang.css\' %}">'
        "{% endif %}{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]


def test_a_page_that_cannot_be_baked_is_recorded_shown_and_others_flow(
    client, officer, shop, theme_asset_missing_for_one_product, build_dir
):
    broken, other = shop[0], shop[1]
    bake()
    good_version = (build_dir / "katalog/batik-parang/index.html").read_bytes()

    edit(broken, code=BROKEN_CODE, title="Batik Parang Rusak")
    edit(other, title="Batik Kawung Baru")
    outcome = run_bake(changed_only=True, trigger="test")

    assert not outcome.error
    assert (build_dir / "katalog/batik-parang/index.html").read_bytes() == good_version
    assert "Batik Kawung Baru" in (build_dir / "katalog/batik-kawung/index.html").read_text()
    reason = PageBakeFailure.objects.get(page=broken).reason
    assert "theme/hilang.css" in reason and reason in outcome.record.pages_not_baked
    client.force_login(officer)
    assert "theme/hilang.css" in client.get(edit_url(broken)).content.decode()
    inspect = reverse("sitegen_build:inspect", args=[outcome.record.pk])
    assert "theme/hilang.css" in client.get(inspect).content.decode()

    run_bake(trigger="full bake")  # a full bake leaves the page out, with the others baked
    assert not (build_dir / "katalog/batik-parang").exists()
    assert "katalog/batik-parang/" not in (build_dir / "sitemap.xml").read_text()
    assert (build_dir / "katalog/batik-kawung/index.html").exists()

    edit(broken, code="BTK-901")
    assert not run_bake(changed_only=True, trigger="fixed").record.pages_not_baked
    assert "Batik Parang Rusak" in (build_dir / "katalog/batik-parang/index.html").read_text()
    assert not PageBakeFailure.objects.exists()
    assert "theme/hilang.css" not in client.get(edit_url(broken)).content.decode()


# -- paths outside the build -------------------------------------------------------------------


def test_a_redirect_in_the_database_never_reaches_outside_the_build(
    shop, bandung, build_dir, tmp_path
):
    other_home = site_build_dir(bandung.site) / "index.html"
    victim = tmp_path / "victim.txt"
    for path in (victim, other_home):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not the baker's")
    site = shop[0].get_site()
    made = [
        Redirect.objects.create(old_path=old_path, site=site, redirect_link="https://evil.example/")
        for old_path in (
            "/../victim.txt",
            f"/../{other_home.parent.name}/index.html",
            "/.etalase/state.json",
        )
    ]

    bake()
    bake(changed_only=True)
    Redirect.objects.filter(pk__in=[redirect.pk for redirect in made]).delete()
    bake(changed_only=True)

    assert victim.read_text() == other_home.read_text() == "not the baker's"
    assert "evil.example" not in "".join(
        path.read_text(errors="replace") for path in files_in(build_dir)
    )
