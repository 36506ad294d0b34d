"""Each page type lists the photos it shows, with their alt texts, in the order of the page: the
review checks them and a link preview shows one of them, as before the list existed."""

import pytest

from cms.models import AboutPage, ProductPhoto, StoryIndexPage, StoryPage, WorkshopPhoto
from tests.factories import PhotoFactory, ProductPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos():
    return [PhotoFactory(title=f"Foto {number}") for number in range(3)]


def image_block(photo, alt_text):
    return ("image", {"image": photo, "alt_text": alt_text, "caption": ""})


def shown(page):
    return [(photo.photo, photo.alt_text) for photo in page.shown_photos()]


def share(page):
    photo = page.share_photo()
    return (photo[0], photo[1]) if photo else None


def test_a_product_shows_its_gallery_then_its_story_and_shares_the_first_gallery_photo(
    catalog, workshop, photos
):
    product = ProductPageFactory(parent=catalog, workshop=workshop, with_photo=False)
    ProductPhoto.objects.create(page=product, image=photos[0], alt_text="Depan", sort_order=0)
    ProductPhoto.objects.create(page=product, image=photos[1], alt_text="Belakang", sort_order=1)
    product.story = [("paragraph", "<p>Teks.</p>"), image_block(photos[2], "Penjahit")]

    assert shown(product) == [
        (photos[0], "Depan"),
        (photos[1], "Belakang"),
        (photos[2], "Penjahit"),
    ]
    assert share(product) == (photos[0], "Depan")

    product.photos.all().delete()
    assert share(product) is None  # a photo of the story is not the product's


def test_a_workshop_shares_the_first_photo_of_its_gallery(workshop, photos):
    WorkshopPhoto.objects.create(page=workshop, image=photos[1], alt_text="Mesin jahit")
    WorkshopPhoto.objects.create(page=workshop, image=photos[0], alt_text="Bengkel")

    assert shown(workshop) == [(photos[1], "Mesin jahit"), (photos[0], "Bengkel")]
    assert share(workshop) == (photos[1], "Mesin jahit")


def test_a_story_shows_its_cover_then_its_text_and_shares_only_the_cover(home, photos):
    stories = home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita"))
    story = stories.add_child(
        instance=StoryPage(
            title="Di balik layar",
            slug="di-balik-layar",
            summary="Cerita bengkel.",
            body=[image_block(photos[1], "Menjahit")],
        )
    )
    assert shown(story) == [(photos[1], "Menjahit")]
    assert share(story) is None

    story.cover_image, story.cover_image_alt = photos[0], "Kain batik"
    assert shown(story) == [(photos[0], "Kain batik"), (photos[1], "Menjahit")]
    assert share(story) == (photos[0], "Kain batik")


def test_the_about_page_shares_its_first_photo(home, photos):
    about = home.add_child(
        instance=AboutPage(
            title="Tentang",
            slug="tentang",
            intro="Siapa kami.",
            body=[image_block(photos[2], "Galeri"), image_block(photos[0], "Toko")],
        )
    )

    assert shown(about) == [(photos[2], "Galeri"), (photos[0], "Toko")]
    assert share(about) == (photos[2], "Galeri")


def test_the_home_page_shows_and_shares_its_hero(home, photos):
    assert shown(home) == [] and share(home) is None

    home.hero_image, home.hero_image_alt = photos[0], "Gerbang lapas"
    assert shown(home) == [(photos[0], "Gerbang lapas")]
    assert share(home) == (photos[0], "Gerbang lapas")
