"""A photo that a published page shows is part of what an officer approved: its uploader can no
longer change or delete it (that would reach the public site without a review); officers can."""

import pytest

from django.urls import reverse

from cms.models import Institution, Photo
from tests.admin import submit_new_product, workflow_action_url
from tests.factories import jpeg_file


@pytest.fixture
def collection(db):
    return Institution.objects.get(site__is_default_site=True).collection


@pytest.fixture
def photo(client, manager, collection):
    """A photo the manager uploaded through the admin."""
    client.force_login(manager)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Kain batik", "file": jpeg_file("kain.jpg"), "collection": collection.pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    return Photo.objects.get(title="Kain batik", uploaded_by_user=manager)


@pytest.fixture
def product(client, manager, officer, catalog, category, workshop, photo):
    """A product with the photo, approved by an officer: live."""
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    product.refresh_from_db()
    assert product.live
    return product


def edit(client, photo, collection, **changes):
    data = {"title": photo.title, "collection": collection.pk, "tags": "", **changes}
    return client.post(reverse("wagtailimages:edit", args=[photo.pk]), data)


def test_the_uploader_changes_their_photo_while_no_live_page_shows_it(
    client, manager, photo, collection
):
    client.force_login(manager)

    response = edit(client, photo, collection, title="Kain batik, depan")

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Kain batik, depan"


def test_a_photo_on_a_live_page_cannot_be_replaced_or_deleted_by_its_uploader(
    client, manager, photo, product, collection
):
    file_before = photo.file.name
    client.force_login(manager)

    refused = client.get(reverse("wagtailimages:edit", args=[photo.pk]))
    edit(client, photo, collection, title="Lain", file=jpeg_file("lain.jpg", size=(30, 30)))
    client.post(reverse("wagtailimages:delete", args=[photo.pk]))

    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    photo.refresh_from_db()
    assert (photo.title, photo.file.name) == ("Kain batik", file_before)


def test_an_officer_still_changes_a_photo_on_a_live_page(
    client, officer, photo, product, collection
):
    client.force_login(officer)

    response = edit(client, photo, collection, title="Kain batik, depan")

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Kain batik, depan"


def test_the_uploader_may_change_it_again_once_the_page_is_unpublished(
    client, manager, photo, product, collection
):
    product.unpublish()
    client.force_login(manager)

    assert edit(client, photo, collection, title="Kain batik, depan").status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Kain batik, depan"
