"""The share kit in the admin: a manager downloads a product's or story's images and copies its
captions, made from the approved page only, for their own institution's pages only."""

import io
import os
import re

import pytest
from PIL import Image, ImageChops, ImageStat

from django.core.files.images import ImageFile
from django.urls import reverse

from cms.models import InstitutionSettings, ProductPage, ProductPhoto, StoryIndexPage, StoryPage
from institutions.models import Role
from reach.share_kit import MAX_IMAGE_BYTES, PAPER, SQUARE, STORY, qr_code_image
from sitegen.models import PublishSettings
from tests.admin import edit_url, product_form_data
from tests.factories import PhotoFactory, ProductPageFactory
from tests.sitegen.helpers import edit, publish

pytestmark = pytest.mark.django_db

ADDRESS = "https://batik.lapas-x.go.id"
INSTITUTION = "Lapas Kelas IIA Yogyakarta"


def kit_url(page):
    return reverse("reach_share_kit", args=[page.pk])


def image_url(page, layout):
    return reverse("reach_share_kit_image", args=[page.pk, layout])


def busy_photo(**fields):
    """A photo of pure noise, the hardest picture to compress: it makes the quality drop."""
    noise = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    data = io.BytesIO()
    noise.save(data, "JPEG", quality=95)
    return PhotoFactory(file=ImageFile(io.BytesIO(data.getvalue()), name="busy.jpg"), **fields)


@pytest.fixture
def product(home, catalog, workshop, category):
    """A published product of the first institution, whose public address is its own."""
    site = home.get_site()
    PublishSettings.objects.create(site=site, public_address=ADDRESS)
    settings = InstitutionSettings.for_site(site)
    settings.institution_name = INSTITUTION
    settings.save()
    publish(catalog)
    return publish(
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=category,
            title="Tas Kulit",
            code="KLT-001",
            price=150000,
            unit="pcs",
            short_description="Tas kulit sapi jahitan tangan.",
        )
    )


def opened(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


def test_a_manager_downloads_both_images_of_a_product(client, manager, product):
    client.force_login(manager)

    for layout, size in ((SQUARE, (1080, 1080)), (STORY, (1080, 1920))):
        response = client.get(image_url(product, layout.name))

        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"] == (
            f'attachment; filename="KLT-001-{layout.name}.jpg"'
        )
        image = opened(response)
        assert image.format == "JPEG" and image.size == size
        assert len(response.content) <= MAX_IMAGE_BYTES


def test_the_images_carry_no_metadata(client, manager, product):
    client.force_login(manager)

    for layout in ("square", "story"):
        response = client.get(image_url(product, layout))

        image = opened(response)
        assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
        assert b"Exif" not in response.content


def test_the_images_of_a_busy_photo_stay_under_300_kb(client, manager, product):
    ProductPhoto.objects.filter(page=product).update(image=busy_photo())
    client.force_login(manager)

    for layout in ("square", "story"):
        response = client.get(image_url(product, layout))

        assert response.status_code == 200
        assert len(response.content) <= MAX_IMAGE_BYTES


def qr_difference(image: Image.Image, layout, url: str) -> float:
    """How far the QR code drawn in the image is from a QR code of `url` (0: the same)."""
    box = (layout.qr_left, layout.qr_top, layout.qr_left + layout.qr_size)
    drawn = image.convert("L").crop((*box, layout.qr_top + layout.qr_size))
    expected = qr_code_image(url, layout.qr_size).convert("L")
    return ImageStat.Stat(ImageChops.difference(drawn, expected)).mean[0]


def test_the_qr_code_leads_to_the_products_public_address(client, manager, product):
    client.force_login(manager)

    image = opened(client.get(image_url(product, "square")))

    public = f"{ADDRESS}/katalog/tas-kulit/"
    assert qr_difference(image, SQUARE, public) < 10
    assert qr_difference(image, SQUARE, product.full_url) > 40  # the admin's host


def test_each_caption_links_the_public_page_with_its_channel(client, manager, product):
    client.force_login(manager)

    response = client.get(kit_url(product))

    assert response.status_code == 200
    captions = dict(
        re.findall(r'<textarea id="caption-(\w+)"[^>]*>(.*?)</textarea>', response.text, re.S)
    )
    assert set(captions) == {"instagram", "whatsapp_status", "facebook", "tiktok"}
    for channel, caption in captions.items():
        assert f"{ADDRESS}/katalog/tas-kulit/?utm_source={channel}" in caption
        assert "Tas Kulit" in caption and "Rp 150.000" in caption
    assert INSTITUTION in captions["instagram"] and "KLT-001" in captions["facebook"]
    assert response.text.count("data-copy-caption=") == 4
    assert 'src="/static/reach/share_kit.js"' in response.text


def save_draft(client, product, **changes):
    """Save a draft of the product through the admin's edit form, as its manager does."""
    photo = product.photos.first()
    data = product_form_data(
        product.category, product.workshop, photo.image, code=product.code, **changes
    )
    response = client.post(edit_url(product), data, follow=True)  # and read the message
    assert response.redirect_chain and response.status_code == 200


def test_a_drafts_new_name_and_price_stay_out_of_the_kit(client, manager, product):
    client.force_login(manager)
    approved_images = [
        client.get(image_url(product, layout)).content for layout in ("square", "story")
    ]

    save_draft(client, product, title="Tas Kulit Edisi Baru", price="999000", slug="tas-kulit")

    draft = ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object()
    assert draft.title == "Tas Kulit Edisi Baru" and draft.price == 999000
    kit = client.get(kit_url(product)).text
    assert "Tas Kulit" in kit and "Edisi Baru" not in kit
    assert "Rp 150.000" in kit and "999.000" not in kit
    images = [client.get(image_url(product, layout)).content for layout in ("square", "story")]
    assert images == approved_images


def test_a_page_never_approved_has_no_share_kit(client, manager, product, catalog, workshop):
    draft = ProductPageFactory(
        parent=catalog, workshop=workshop, title="Dompet Draf", code="DMP-001", live=False
    )
    client.force_login(manager)

    response = client.get(kit_url(draft))

    assert response.status_code == 200
    assert "data-copy-caption" not in response.text and "help-warning" in response.text
    assert "Dompet Draf" in response.text
    for layout in ("square", "story"):
        assert client.get(image_url(draft, layout)).status_code == 404


def test_staff_of_another_institution_cannot_open_the_kit(client, product, bandung, member_of):
    client.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))

    assert client.get(kit_url(product)).status_code == 404
    for layout in ("square", "story"):
        assert client.get(image_url(product, layout)).status_code == 404


@pytest.mark.parametrize("role", ["officer", "clerk"])
def test_other_roles_of_the_institution_are_refused(client, product, role, request):
    client.force_login(request.getfixturevalue(role))

    for url in (kit_url(product), image_url(product, "square")):
        refused = client.get(url)  # Wagtail's answer to PermissionDenied in the admin
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")


def test_the_head_may_open_the_kit(client, head, product):
    client.force_login(head)

    assert client.get(kit_url(product)).status_code == 200
    assert client.get(image_url(product, "story")).status_code == 200


def test_an_unknown_image_layout_is_not_found(client, manager, product):
    client.force_login(manager)

    assert client.get(image_url(product, "banner")).status_code == 404


def paper_only(image: Image.Image, box) -> bool:
    """Whether the box holds nothing but the paper (up to the JPEG's noise)."""
    paper = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), PAPER)
    return (
        max(
            ImageChops.difference(image.crop(box), paper).getextrema()[channel][1]
            for channel in range(3)
        )
        < 40
    )


def test_a_very_long_name_is_cut_and_stays_beside_the_qr_code(client, manager, product):
    # 255 characters, the longest title: a word wider than a line, then many words.
    long_name = ("Kain Batik " + "Parangrusakbarongpewarnaalamsogajambal" * 3 + " Premium" * 20)[
        :255
    ]
    edit(product, title=long_name)
    client.force_login(manager)

    square = opened(client.get(image_url(product, "square")))
    story = opened(client.get(image_url(product, "story")))

    # The gutter between the text and the QR code, and the right margin, stay empty.
    gutter = (SQUARE.column_right + 4, SQUARE.photo_height, SQUARE.qr_left - 4, SQUARE.height)
    assert paper_only(square, gutter)
    right_margin = (STORY.width - STORY.margin + 4, STORY.photo_height, STORY.width, STORY.height)
    assert paper_only(story, right_margin)
    # Nothing is written below the QR code's bottom edge, in the bottom margin.
    for image, layout in ((square, SQUARE), (story, STORY)):
        assert paper_only(
            image, (0, layout.height - layout.margin + 4, layout.width, layout.height)
        )


@pytest.fixture
def story(home, workshop):
    publish(home)
    index = publish(home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita")))
    return publish(
        index.add_child(
            instance=StoryPage(
                title="Di Balik Canting",
                slug="di-balik-canting",
                summary="Cara membatik dengan malam panas.",
                workshop=workshop,
                cover_image=PhotoFactory(),
                cover_image_alt="Canting di atas kain",
            )
        )
    )


def test_a_story_has_a_kit_too(client, manager, story):
    client.force_login(manager)

    kit = client.get(kit_url(story)).text
    square = client.get(image_url(story, "square"))
    tall = client.get(image_url(story, "story"))

    assert "Di Balik Canting" in kit and "/cerita/di-balik-canting/?utm_source=tiktok" in kit
    assert "Rp " not in kit
    assert opened(square).size == (1080, 1080) and opened(tall).size == (1080, 1920)
    assert square["Content-Disposition"] == 'attachment; filename="di-balik-canting-square.jpg"'


def test_the_kit_is_offered_in_the_pages_header_and_listing_to_its_managers(
    client, manager, officer, product, catalog
):
    client.force_login(manager)

    assert kit_url(product) in client.get(edit_url(product)).text
    assert kit_url(product) in client.get(reverse("wagtailadmin_explore", args=[catalog.pk])).text

    client.force_login(officer)
    assert kit_url(product) not in client.get(edit_url(product)).text


def test_a_draft_page_offers_no_kit_button(client, manager, product, catalog, workshop):
    draft = ProductPageFactory(
        parent=catalog, workshop=workshop, title="Dompet Draf", code="DMP-001", live=False
    )
    client.force_login(manager)

    assert kit_url(draft) not in client.get(edit_url(draft)).text
