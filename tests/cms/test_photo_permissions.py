"""A photo that a published page shows is part of what an officer approved: its uploader can no
longer change or delete it (that would reach the public site without a review); officers can
change its title and tags. The picture itself (file and focal area) of a photo that a page in
review or on the public site shows is fixed for everyone: what was reviewed is what is baked."""

import re

import pytest

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wagtail.models import Page

from cms.models import Photo
from cms.models.photos import DELETE_REFUSED_MESSAGE, PICTURE_FIXED_MESSAGE, PictureFixed
from institutions.models import Institution
from sitegen.bake import bake
from tests.admin import (
    add_product_url,
    product_form_data,
    submit_new_product,
    workflow_action_url,
)
from tests.factories import jpeg_file
from tests.sitegen.helpers import publish


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


@pytest.fixture
def in_review(client, manager, catalog, category, workshop, photo):
    """A product with the photo, submitted by the manager and not yet decided."""
    return submit_new_product(client, manager, catalog, category, workshop, photo)


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


def media_names(html: str) -> set[str]:
    return set(re.findall(r"/media/([^\"'\s,)]+)", html))


def shows_message(response, message) -> bool:
    with translation.override("id"):
        return escape(str(message)) in response.content.decode()


def stored_originals() -> set[str]:
    return set(default_storage.listdir("original_images")[1])


def test_a_photo_in_review_keeps_its_picture_so_the_public_gets_what_the_officer_saw(
    client, manager, officer, photo, in_review, collection, home, catalog, workshop, build_dir
):
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    client.force_login(officer)
    task = Page.objects.get(pk=in_review.pk).current_workflow_task
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=(in_review.pk, task.pk))
    )
    reviewed = {name: default_storage.open(name).read() for name in media_names(preview.text)}
    assert reviewed, "the preview shows the photo"
    file_before, originals_before = photo.file.name, stored_originals()

    client.force_login(manager)
    refused = edit(
        client, photo, collection, file=jpeg_file("lain.jpg", size=(30, 30), colour="#aa0000")
    )

    assert refused.status_code == 200 and shows_message(refused, PICTURE_FIXED_MESSAGE)
    photo.refresh_from_db()
    assert photo.file.name == file_before and stored_originals() == originals_before
    client.force_login(officer)
    client.post(workflow_action_url(in_review, "approve"), {"comment": ""})
    bake()
    baked_page = (build_dir / "katalog" / in_review.slug / "index.html").read_text()
    baked = {name: (build_dir / "media" / name).read_bytes() for name in media_names(baked_page)}
    assert baked == reviewed


def test_the_manager_still_changes_the_title_of_a_photo_in_review(
    client, manager, photo, in_review, collection
):
    client.force_login(manager)

    assert edit(client, photo, collection, title="Kain batik, depan").status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Kain batik, depan"


def test_nobody_deletes_a_photo_in_review(client, officer, photo, in_review):
    client.force_login(officer)

    confirmation = client.get(reverse("wagtailimages:delete", args=[photo.pk]))
    refused = client.post(reverse("wagtailimages:delete", args=[photo.pk]))

    assert confirmation.status_code == 302 and confirmation.url == reverse("wagtailadmin_home")
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_an_officer_cannot_replace_or_delete_the_picture_of_a_photo_on_a_live_page(
    client, officer, photo, product, collection
):
    file_before = photo.file.name
    client.force_login(officer)

    refused = edit(client, photo, collection, file=jpeg_file("lain.jpg", size=(30, 30)))
    moved_focus = edit(
        client,
        photo,
        collection,
        focal_point_x="10",
        focal_point_y="10",
        focal_point_width="8",
        focal_point_height="8",
    )
    deleted = client.post(reverse("wagtailimages:delete", args=[photo.pk]))

    assert deleted.status_code == 302 and deleted.url == reverse("wagtailadmin_home")
    assert shows_message(refused, PICTURE_FIXED_MESSAGE)
    assert shows_message(moved_focus, PICTURE_FIXED_MESSAGE)
    photo.refresh_from_db()
    assert (photo.file.name, photo.focal_point_x) == (file_before, None)


def test_a_photo_only_in_a_draft_can_still_be_replaced(
    client, manager, catalog, category, workshop, photo, collection
):
    client.force_login(manager)
    draft = client.post(add_product_url(catalog), product_form_data(category, workshop, photo))
    assert draft.status_code == 302
    file_before = photo.file.name

    response = edit(client, photo, collection, file=jpeg_file("lain.jpg", size=(30, 30)))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.file.name != file_before and photo.width == 30


def test_no_code_path_replaces_or_deletes_a_picture_under_review(photo, in_review):
    """The model refuses what no form saw: a multiple-upload view, a script, a bulk delete."""
    file_before, originals_before = photo.file.name, stored_originals()

    photo.file = jpeg_file("lain.jpg", size=(30, 30))
    with pytest.raises(PictureFixed):
        photo.save()
    with pytest.raises(PictureFixed, match=str(DELETE_REFUSED_MESSAGE)), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).delete()

    photo.refresh_from_db()
    assert photo.file.name == file_before and stored_originals() == originals_before
