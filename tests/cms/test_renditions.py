"""Renditions made ahead (cms/renditions.py): an upload through the admin, or the approval of a
page, leaves every rendition the public theme shows, so that a bake only reads them."""

from django.core.files.storage import default_storage
from django.urls import reverse

from cms.models import (
    HomeFeaturedProduct,
    Photo,
    ProductPhoto,
    StoryIndexPage,
    StoryPage,
    WorkshopPhoto,
)
from cms.renditions import theme_filter_specs
from sitegen.bake import bake
from tests.factories import (
    ProductPageFactory,
    first_institutions_collection,
    jpeg_file,
)
from tests.sitegen.helpers import publish


def upload_through_the_admin(client, user, title="Kain batik") -> Photo:
    client.force_login(user)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": jpeg_file("kain-batik.jpg", size=(1600, 1200)),
            "collection": first_institutions_collection().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return Photo.objects.get(title=title)


def rendition_specs(photo) -> set[str]:
    return set(photo.renditions.values_list("filter_spec", flat=True))


def test_an_upload_leaves_every_theme_rendition_before_any_bake(
    client, manager, build_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = upload_through_the_admin(client, manager)

    assert rendition_specs(photo) == set(theme_filter_specs())
    assert all(default_storage.exists(rendition.file.name) for rendition in photo.renditions.all())
    assert not build_dir.exists() or not any(build_dir.iterdir())


def test_a_bake_after_an_upload_makes_no_rendition(
    client, manager, home, catalog, workshop, django_capture_on_commit_callbacks
):
    """Every rendition the theme's pages ask for (product page, card, feed, link preview) is one
    the task made: a bake only reads them."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = upload_through_the_admin(client, manager)
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    product = ProductPageFactory(parent=catalog, workshop=workshop, with_photo=False)
    ProductPhoto.objects.create(page=product, image=photo, alt_text="Kain batik")
    publish(product)
    made_ahead = photo.renditions.count()

    bake()

    assert photo.renditions.count() == made_ahead


def test_a_bake_after_an_upload_needs_no_original(
    client, manager, home, catalog, workshop, build_dir, django_capture_on_commit_callbacks
):
    """Pages load only the renditions they show (cms.renditions.prefetch_renditions); one they show
    but did not load would be made again from the original. With the originals gone, every page
    type that shows the photo (product, catalog card, workshop, story and its card, the home
    page's featured product) still bakes and shows it."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = upload_through_the_admin(client, manager)
    product = ProductPageFactory(parent=catalog, workshop=workshop, with_photo=False)
    ProductPhoto.objects.create(page=product, image=photo, alt_text="Kain batik")
    WorkshopPhoto.objects.create(page=workshop, image=photo, alt_text="Bengkel batik")
    HomeFeaturedProduct.objects.create(page=home, product=product)
    stories = home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita"))
    story = stories.add_child(
        instance=StoryPage(
            title="Canting",
            slug="canting",
            summary="Membatik dengan canting.",
            cover_image=photo,
            cover_image_alt="Canting di atas kain",
            workshop=workshop,
        )
    )
    story.related_products.add(product)
    for page in (home, catalog, workshop.get_parent().specific, workshop, product, stories, story):
        publish(page)
    default_storage.delete(photo.file.name)

    result = bake()

    assert result.failures == {}
    shown = {rendition.url for rendition in photo.renditions.all()}
    for url in ("/", "/katalog/", workshop.url, product.url, "/cerita/", story.url):
        html = (build_dir / url.lstrip("/") / "index.html").read_text()
        assert any(address in html for address in shown), url


def test_publishing_a_page_makes_the_renditions_its_photos_lack(
    home, catalog, workshop, django_capture_on_commit_callbacks
):
    """A photo uploaded before the theme asked for its current sizes gets them on approval."""
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    photo = product.photos.get().image
    photo.renditions.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        publish(product)

    assert rendition_specs(photo) == set(theme_filter_specs())


def test_a_rendition_still_missing_is_made_by_the_bake(home, catalog, workshop, build_dir):
    """No task ran (a worker down): the bake makes what its pages show, never a broken image."""
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    product = publish(ProductPageFactory(parent=catalog, workshop=workshop))
    photo = product.photos.get().image
    assert not photo.renditions.exists()

    bake()

    page = (build_dir / "katalog" / product.slug / "index.html").read_text()
    shown = [rendition for rendition in photo.renditions.all() if rendition.url in page]
    assert shown and all((build_dir / rendition.url.lstrip("/")).is_file() for rendition in shown)
