"""Uploaded photos and their renditions are served to the admin's users only (cms/media.py),
whatever DEBUG is: the public site carries its own copies, drafts' photos are not public."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client

from tests.factories import PhotoFactory, jpeg_file


@pytest.fixture
def rendition(db):
    photo = PhotoFactory()
    return photo.get_rendition("fill-32x32|format-webp")


def test_a_signed_in_user_gets_a_rendition_with_its_type_and_caching(client, manager, rendition):
    client.force_login(manager)

    response = client.get(rendition.url)

    assert rendition.url.startswith("/media/images/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content) == rendition.file.open("rb").read()
    # Kept by the browser, never by a proxy or CDN on the way.
    assert response["Cache-Control"] == "private, max-age=86400"


def test_a_signed_in_user_gets_an_original(client, officer, rendition):
    client.force_login(officer)

    response = client.get(rendition.image.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_an_anonymous_visitor_is_sent_to_sign_in(client, rendition):
    response = client.get(rendition.url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/?next=/media/images/")


def test_a_user_without_admin_access_gets_nothing(client, django_user_model, rendition):
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))

    response = client.get(rendition.url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_a_user_who_owes_the_second_step_gets_nothing(client, manager, rendition):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    client.force_login(manager)

    response = client.get(rendition.url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/two-step/")


@pytest.mark.parametrize(
    "path", ["/media/../etalase.sqlite3", "/media/%2e%2e/etalase.sqlite3", "/media/images/"]
)
def test_nothing_outside_the_media_folder_nor_a_folder_is_served(manager, settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "etalase.sqlite3").write_bytes(b"not for the admin's users")
    # As in production: a refused path is an error answer, not an exception.
    client = Client(raise_request_exception=False)
    client.force_login(manager)

    response = client.get(path)

    assert response.status_code in (400, 404)
    assert b"not for the admin" not in response.content


def test_a_missing_file_is_not_found(client, manager):
    client.force_login(manager)

    assert client.get("/media/original_images/gone.jpg").status_code == 404


def test_another_institutions_photos_are_not_served(client, manager, bandung, member_of, rendition):
    from institutions.models import Role

    theirs = PhotoFactory(collection=bandung.collection)
    their_rendition = theirs.get_rendition("fill-32x32|format-webp")
    client.force_login(manager)

    assert client.get(their_rendition.url).status_code == 404
    assert client.get(theirs.file.url).status_code == 404
    assert client.get(rendition.url).status_code == 200  # the manager's own institution's

    client.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))
    assert client.get(their_rendition.url).status_code == 200
    assert client.get(rendition.url).status_code == 404


@pytest.mark.parametrize(
    "spelling",
    [
        lambda url: url.replace("/media/", "/media//"),
        lambda url: url.replace("/media/original_images/", "/media/original_images//"),
        lambda url: url.replace("/media/original_images/", "/media/original_images/./"),
        lambda url: url.replace("/media/original_images/", "/media/original_images/%2e/"),
        lambda url: url.replace("/media/original_images/", "/media/original_images/%2E/"),
        lambda url: url.replace("/media/original_images/", "/media/images/../original_images/"),
        lambda url: url.replace("/media/original_images/", "/media/original_images/%2f"),
    ],
    ids=["double slash first", "double slash", "dot", "%2e", "%2E", "dot dot", "%2f"],
)
def test_another_institutions_photo_is_not_served_under_another_spelling(
    manager, bandung, spelling
):
    theirs = PhotoFactory(collection=bandung.collection)
    client = Client(raise_request_exception=False)
    client.force_login(manager)

    response = client.get(spelling(theirs.file.url))

    assert response.status_code == 404
    assert theirs.file.open("rb").read() not in response.content


@pytest.mark.parametrize(
    "name", [".restore-k2x9/archive/database.jsonl", "qr-codes/0123abcd.svg", "stray.txt"]
)
def test_a_file_that_is_no_photo_is_not_served_even_to_a_superuser(
    client, django_user_model, settings, tmp_path, name
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(b'{"model": "auth.user", "password": "pbkdf2..."}')
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))

    response = client.get(f"/media/{name}")

    assert response.status_code == 404
    assert b"password" not in response.content


def test_a_photo_outside_every_institutions_collection_is_for_superusers_only(
    client, manager, django_user_model
):
    from wagtail.models import Collection

    loose = PhotoFactory(collection=Collection.get_first_root_node())
    client.force_login(manager)
    assert client.get(loose.file.url).status_code == 404

    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    assert client.get(loose.file.url).status_code == 200


def test_a_profile_picture_is_served_to_admin_users(client, manager, officer):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(officer)
    profile.avatar.save("face.jpg", jpeg_file())
    client.force_login(manager)

    response = client.get(profile.avatar.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == profile.avatar.open("rb").read()
