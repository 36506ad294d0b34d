"""Where a head may point their site's publishing (Settings → Publishing): never at another
institution's place, never where the national catalog is published (a site's publish deletes
what the place's manifest lists), and only to the buckets of ETALASE_S3_ALLOWED_BUCKETS when it
names some. The refusals do not tell a head where the other institutions publish."""

import json
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import translation

from institutions.models import Role
from sitegen.jobs import run_bake, run_publish
from sitegen.models import PublishSettings
from sitegen.sites import PlaceNotAllowed, publish_target
from tests.orders.conftest import logged_in_english


@pytest.fixture(autouse=True)
def in_english():
    """The refusals as the code writes them (the Indonesian catalogue has its own test), in the
    admin (each user's language) and in the publish jobs (the active one)."""
    with translation.override("en"):
        yield


@pytest.fixture
def s3(settings, s3_endpoint, bucket):
    """One bucket for the installation; the default site publishes under lapas-a/."""
    settings.SITEGEN_PUBLISH_TARGETS = {
        "s3": {
            "BACKEND": "sitegen.targets.S3Target",
            "OPTIONS": {"bucket": bucket, "prefix": "", "endpoint_url": s3_endpoint},
        }
    }
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    return bucket


@pytest.fixture
def default_site_under_lapas_a(home, s3):
    return PublishSettings.objects.create(site=home.get_site(), prefix="lapas-a/")


@pytest.fixture
def bandung_under_its_prefix(bandung, s3):
    return PublishSettings.objects.create(site=bandung.site, prefix="lapas-bandung/")


@pytest.fixture
def head_of_bandung(client, bandung, member_of):
    return logged_in_english(client, member_of(bandung, Role.HEAD, "head_bandung"))


def settings_form(bandung):
    return f"/admin/settings/sitegen/publishsettings/{bandung.site.pk}/"


def publish_national_catalog(tmp_path, *options):
    """`bake_national_catalog` of an empty feed, published with the options given."""
    feed = tmp_path / "catalog.json"
    feed.write_text(json.dumps({"products": []}))
    arguments = ["--output", str(tmp_path / "nasional"), "--feed", str(feed), *options]
    call_command("bake_national_catalog", *arguments, stdout=StringIO(), stderr=StringIO())


def form_errors(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    return response.content.decode()


def test_another_institutions_place_is_refused_without_showing_it(
    head_of_bandung, bandung, default_site_under_lapas_a, s3
):
    response = head_of_bandung.post(
        settings_form(bandung), {"target": "s3", "bucket": "", "prefix": "lapas-a/foto/"}
    )

    page = form_errors(response)
    assert "is used by another institution" in page
    # Its own choice is repeated; the other institution's place is not told.
    assert f"s3://{s3}/lapas-a/foto/" in page
    assert f"s3://{s3}/lapas-a/ " not in page
    assert PublishSettings.for_site(bandung.site).prefix == ""


def test_the_national_catalogs_place_is_refused(
    head_of_bandung, bandung, default_site_under_lapas_a, bandung_under_its_prefix, tmp_path
):
    publish_national_catalog(tmp_path, "--target", "s3", "--prefix", "nasional/")

    for prefix in ("nasional/", "nasional/bandung/"):
        response = head_of_bandung.post(
            settings_form(bandung), {"target": "s3", "bucket": "", "prefix": prefix}
        )
        assert "the national catalog is published there" in form_errors(response)
    assert PublishSettings.for_site(bandung.site).prefix == "lapas-bandung/"


def test_a_publish_to_the_national_catalogs_place_is_refused_and_deletes_nothing(
    bandung, default_site_under_lapas_a, bandung_under_its_prefix, s3, s3_client, tmp_path
):
    publish_national_catalog(tmp_path, "--target", "s3", "--prefix", "nasional/")
    # Settings written around the form's check (a script, an old database).
    PublishSettings.objects.filter(site=bandung.site).update(prefix="nasional/")
    assert not run_bake(site=bandung.site, trigger="test").error

    outcome = run_publish(site=bandung.site, trigger="test")

    assert "the national catalog is published there" in outcome.error
    stored = s3_client.list_objects_v2(Bucket=s3, Prefix="nasional/")["Contents"]
    assert "nasional/index.html" in {item["Key"] for item in stored}


def test_a_folder_sites_sibling_named_national_is_refused(db, settings, tmp_path, home):
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    publish_national_catalog(tmp_path, "--target", "folder")
    site = home.get_site()
    site.pk = None  # a second site whose folder name would be "national"
    site.hostname, site.is_default_site = "national", False
    site.save()

    with pytest.raises(PlaceNotAllowed, match="the national catalog is published there"):
        publish_target(site)


@pytest.fixture
def allowed_buckets(settings, s3):
    settings.SITEGEN_S3_ALLOWED_BUCKETS = [s3, "etalase-bandung"]
    return settings.SITEGEN_S3_ALLOWED_BUCKETS


def test_only_the_allowed_buckets_may_be_chosen(head_of_bandung, bandung, allowed_buckets):
    refused = head_of_bandung.post(
        settings_form(bandung), {"target": "s3", "bucket": "etalase-elsewhere", "prefix": ""}
    )

    page = form_errors(refused)
    assert "ETALASE_S3_ALLOWED_BUCKETS" in page and "etalase-elsewhere" in page
    assert all(bucket not in page for bucket in allowed_buckets)
    head_of_bandung.post(
        settings_form(bandung), {"target": "s3", "bucket": "etalase-bandung", "prefix": ""}
    )
    assert PublishSettings.for_site(bandung.site).bucket == "etalase-bandung"


def test_the_installations_bucket_must_be_allowed_too(settings, home, s3):
    settings.SITEGEN_S3_ALLOWED_BUCKETS = ["etalase-bandung"]

    outcome = run_publish(site=home.get_site(), trigger="test")

    assert f"cannot publish to the bucket {s3}" in outcome.error
