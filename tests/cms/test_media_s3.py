"""Photos on object storage (ETALASE_MEDIA_S3_BUCKET, cms/storage.py): an upload through the admin
lands in the private bucket sanitised, the admin's /media/ view streams it to the staff of the
photo's institution only, and the bucket itself serves nothing to anyone without credentials."""

import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from cms.models import Photo
from cms.renditions import theme_filter_specs
from institutions.models import Role
from tests.cms.test_photos import metadata_of, phone_photo_exif
from tests.cms.test_renditions import upload_through_the_admin
from tests.factories import first_institutions_collection, jpeg_file


@pytest.fixture
def uploaded_photo(client, manager, media_bucket):
    """A phone photo with its GPS position, uploaded through the admin by the manager."""
    client.force_login(manager)
    original = jpeg_file("kain-batik.jpg", size=(80, 60), exif=phone_photo_exif())

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Kain batik",
            "file": original,
            "collection": first_institutions_collection().pk,
            "tags": "",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    return Photo.objects.get(title="Kain batik")


def stored_keys(s3_client, bucket) -> set[str]:
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def stored_object(s3_client, bucket, name) -> bytes:
    return s3_client.get_object(Bucket=bucket, Key=f"media/{name}")["Body"].read()


def test_an_upload_lands_in_the_bucket_without_its_metadata(
    uploaded_photo, s3_client, media_bucket
):
    name = uploaded_photo.file.name

    assert stored_keys(s3_client, media_bucket) == {f"media/{name}"}
    stored = metadata_of(ContentFile(stored_object(s3_client, media_bucket, name)))
    assert stored["gps"] == {} and stored["exif"] == {}
    assert stored["size"] == (60, 80)  # turned upright before the orientation was dropped


def test_the_admin_addresses_photos_at_its_own_view_never_at_the_bucket(
    uploaded_photo, s3_endpoint
):
    rendition = uploaded_photo.get_rendition("fill-32x32|format-webp")

    assert uploaded_photo.file.url == f"/media/{uploaded_photo.file.name}"
    assert rendition.url == f"/media/{rendition.file.name}"
    assert s3_endpoint not in uploaded_photo.file.url + rendition.url


def test_the_view_streams_from_the_bucket_to_the_photos_institution_only(
    uploaded_photo, s3_client, media_bucket, bandung, member_of, officer
):
    rendition = uploaded_photo.get_rendition("fill-32x32|format-webp")
    officer_client = Client()
    officer_client.force_login(officer)

    original = officer_client.get(uploaded_photo.file.url)
    small = officer_client.get(rendition.url)

    assert original.status_code == small.status_code == 200
    assert b"".join(original.streaming_content) == stored_object(
        s3_client, media_bucket, uploaded_photo.file.name
    )
    assert small["Content-Type"] == "image/webp"
    assert b"".join(small.streaming_content) == stored_object(
        s3_client, media_bucket, rendition.file.name
    )
    assert small["Cache-Control"] == "private, max-age=86400"
    # Another institution's manager who learnt the address (forged request): not found.
    other = Client(raise_request_exception=False)
    other.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))
    assert other.get(uploaded_photo.file.url).status_code == 404
    assert other.get(rendition.url).status_code == 404


def test_a_name_missing_from_the_bucket_is_not_found(uploaded_photo, s3_client, media_bucket):
    s3_client.delete_object(Bucket=media_bucket, Key=f"media/{uploaded_photo.file.name}")
    client = Client(raise_request_exception=False)
    client.force_login(uploaded_photo.uploaded_by_user)

    assert client.get(uploaded_photo.file.url).status_code == 404


def test_the_bucket_serves_nothing_without_credentials(uploaded_photo, s3_endpoint, media_bucket):
    unsigned = f"{s3_endpoint}/{media_bucket}/media/{uploaded_photo.file.name}"

    with pytest.raises(urllib.error.HTTPError) as refusal:
        urllib.request.urlopen(unsigned)  # noqa: S310 - moto's server, over HTTP on purpose

    assert refusal.value.code == 403


def test_a_second_upload_of_the_same_name_keeps_the_first_photos_file(
    client, uploaded_photo, s3_client, media_bucket
):
    first = stored_object(s3_client, media_bucket, uploaded_photo.file.name)

    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Another batik",
            "file": jpeg_file("kain-batik.jpg", colour="#aa0000"),
            "collection": first_institutions_collection().pk,
            "tags": "",
        },
    )

    second = Photo.objects.get(title="Another batik")
    assert second.file.name != uploaded_photo.file.name
    assert stored_object(s3_client, media_bucket, uploaded_photo.file.name) == first


def test_a_forked_baker_worker_opens_connections_of_its_own(uploaded_photo):
    name = uploaded_photo.file.name
    parents = default_storage.connection  # open, with a socket kept alive in its pool
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        child_read = pool.submit(read_in_child, name, id(parents)).result()

    assert child_read == default_storage.open(name).read()


def read_in_child(name, parents_connection_id):
    assert id(default_storage.connection) != parents_connection_id
    return default_storage.open(name).read()


def test_an_upload_leaves_its_theme_renditions_in_the_bucket(
    client, manager, s3_client, media_bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = upload_through_the_admin(client, manager)

    renditions = {rendition.file.name for rendition in photo.renditions.all()}
    assert len(renditions) == len(theme_filter_specs())
    assert {f"media/{name}" for name in renditions} <= stored_keys(s3_client, media_bucket)
