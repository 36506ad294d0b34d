"""Invalid input is refused in the admin with a clear message, and nothing is saved."""

import json

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import InstitutionSettings, ProductPage, StoryIndexPage, StoryPage
from institutions.models import Institution, Role
from tests.admin import add_product_url, edit_url, form_error_codes, product_form_data
from tests.factories import CategoryFactory, HomePageFactory, PhotoFactory, ProductPageFactory


@pytest.fixture
def create_product(client, manager, catalog, category, workshop):
    """POST the product create form as the manager with some fields overridden."""
    client.force_login(manager)
    photo = PhotoFactory()

    def post(**overrides):
        return client.post(
            add_product_url(catalog), product_form_data(category, workshop, photo, **overrides)
        )

    return post


def test_duplicate_product_code_is_refused(create_product, catalog, workshop):
    ProductPageFactory(parent=catalog, workshop=workshop, code="BTK-001")

    response = create_product(code="btk-001", slug="another-batik")

    assert response.status_code == 200
    assert form_error_codes(response) == {"code": ["unique"]}
    assert ProductPage.objects.filter(code="BTK-001").count() == 1


@pytest.mark.parametrize("code", ["BTK001", "B-001", "BTK-1", "BTK-001-X", ""])
def test_malformed_product_code_is_refused(create_product, code):
    response = create_product(code=code)

    assert response.status_code == 200
    assert "code" in form_error_codes(response)
    assert not ProductPage.objects.exists()


def test_product_code_is_stored_in_upper_case(create_product):
    response = create_product(code=" btk-007 ")

    assert response.status_code == 302
    assert ProductPage.objects.get().code == "BTK-007"


@pytest.mark.parametrize("price", ["0", "-5000"])
def test_price_must_be_positive(create_product, price):
    response = create_product(price=price)

    assert response.status_code == 200
    assert form_error_codes(response) == {"price": ["min_value"]}
    assert not ProductPage.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tokopedia.com/lapas/kain-batik",  # another marketplace
        "https://shopee.co.id.example.com/lapas/kain-batik",  # look-alike host
        "https://shopee.co.id@example.com/lapas",  # credentials trick
        "http://shopee.co.id/lapas/kain-batik",  # not https
        # A browser reads the backslash as the end of the host: it goes to evil.example.
        "https://evil.example\\@shopee.co.id/lapas",
        "https://evil.example/@shopee.co.id/",
        "https://shopee.co.id:8443@evil.example/",
        "https://xn--shope-3ra.co.id/lapas",  # a look-alike in its xn-- form
    ],
)
def test_marketplace_link_on_wrong_domain_is_refused(create_product, url):
    response = create_product(marketplace_links=[{"marketplace": "shopee", "url": url}])

    assert response.status_code == 200
    assert form_error_codes(response) == {"marketplace_links-0-url": ["wrong_domain"]}
    assert not ProductPage.objects.exists()


def test_a_marketplace_link_is_stored_as_rebuilt_from_its_parts(create_product):
    response = create_product(
        marketplace_links=[{"marketplace": "shopee", "url": "HTTPS://Shopee.co.id/lapas/kaïn"}]
    )

    assert response.status_code == 302
    stored = ProductPage.objects.get().marketplace_links.get().url
    assert stored == "https://shopee.co.id/lapas/ka%C3%AFn"


def test_marketplace_link_on_its_domain_is_accepted(create_product):
    response = create_product(
        marketplace_links=[{"marketplace": "shopee", "url": "https://shopee.co.id/lapas/batik"}]
    )

    assert response.status_code == 302
    assert (
        ProductPage.objects.get().marketplace_links.get().url == "https://shopee.co.id/lapas/batik"
    )


@pytest.mark.parametrize(
    ("photos", "errors"),
    [
        ([{"alt_text": ""}], {"photos-0-alt_text": ["required"]}),
        ([], {"photos": ["too_few_forms"]}),
    ],
)
def test_product_needs_a_described_photo_before_review(
    client, manager, catalog, category, workshop, photos, errors
):
    # Drafts may be incomplete (Wagtail defers required fields); submitting for review may not.
    client.force_login(manager)
    photo = PhotoFactory()
    rows = [{"image": photo.pk, **row} for row in photos]
    data = product_form_data(category, workshop, photo, photos=inline_formset(rows, min=1))
    data["action-submit"] = "Submit"

    response = client.post(add_product_url(catalog), data)

    assert response.status_code == 200
    assert form_error_codes(response) == errors
    assert not ProductPage.objects.exists()


def institution_form(**overrides):
    data = {
        "institution_name": "Lapas Kelas IIA Nusantara",
        "address": "",
        "whatsapp_number": "0812-3456-7890",
        "order_message_template": "Halo, saya ingin memesan {name} ({code}). {url}",
        "bulk_order_message_template": "Halo, kami ingin memesan {name} ({code}) partai besar.",
        "shop_links": inline_formset([]),
        "social_accounts": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def settings_url(db):
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=("cms", "institutionsettings", site.pk))


@pytest.mark.parametrize("number", ["12345", "0812-ABCD-7890", "+1 415 555 0100", "021-555-0101"])
def test_malformed_whatsapp_number_is_refused(client, head, settings_url, number):
    client.force_login(head)

    response = client.post(settings_url, institution_form(whatsapp_number=number))

    assert response.status_code == 200
    assert form_error_codes(response) == {"whatsapp_number": ["invalid_whatsapp_number"]}
    assert not InstitutionSettings.objects.filter(
        institution_name="Lapas Kelas IIA Nusantara"
    ).exists()


def test_whatsapp_number_is_stored_in_international_form(client, head, settings_url):
    client.force_login(head)

    response = client.post(settings_url, institution_form(whatsapp_number="0812-3456-7890"))

    assert response.status_code == 302
    assert InstitutionSettings.objects.get().whatsapp_number == "6281234567890"


def test_order_message_with_unknown_placeholder_is_refused(client, head, settings_url):
    client.force_login(head)

    response = client.post(settings_url, institution_form(order_message_template="Pesan {product}"))

    assert form_error_codes(response) == {"order_message_template": ["unknown_placeholder"]}


def test_a_social_account_whose_host_browsers_read_otherwise_is_refused(client, head, settings_url):
    client.force_login(head)
    accounts = [{"network": "instagram", "url": "https://evil.example\\@instagram.com/lapas"}]

    response = client.post(settings_url, institution_form(social_accounts=inline_formset(accounts)))

    assert form_error_codes(response) == {"social_accounts-0-url": ["wrong_domain"]}
    assert not InstitutionSettings.objects.filter(
        institution_name="Lapas Kelas IIA Nusantara"
    ).exists()


@pytest.mark.parametrize(
    "template",
    ["{name:>100000}", "{name!r}", "{name.__class__}", "{code[0]}", "{}", "{0}", "Pesan {name"],
)
def test_an_order_message_that_formats_more_than_a_placeholder_is_refused(
    client, head, settings_url, template
):
    client.force_login(head)

    response = client.post(settings_url, institution_form(order_message_template=template))

    assert form_error_codes(response) == {"order_message_template": ["unknown_placeholder"]}
    assert "Gunakan hanya {name}, {code}, dan {url}" in response.content.decode()


def test_an_order_message_saved_with_a_format_before_is_not_expanded(head, catalog, workshop):
    product = ProductPageFactory(parent=catalog, workshop=workshop, title="Batik", code="BTK-001")
    institution = InstitutionSettings.for_site(Site.objects.get(is_default_site=True))
    institution.whatsapp_number = "6281234567890"
    institution.order_message_template = "{name:>100000} " * 50 + "{name} {code}"

    link = institution.whatsapp_order_url(product, "https://etalase.test/katalog/batik/")

    assert len(link) < 4000
    assert "%7Bname%3A%3E100000%7D" in link  # left as written, not a width


def test_manager_cannot_change_institution_settings(client, manager, settings_url):
    client.force_login(manager)

    response = client.post(settings_url, institution_form(whatsapp_number="0899-0000-0000"))

    assert response.status_code in (302, 403)
    assert not InstitutionSettings.objects.filter(whatsapp_number="62899000000").exists()


# A page shows photos and links pages of its own institution only: a form can be posted with
# another institution's, whatever the choosers offer.


@pytest.fixture
def bandung_photo(bandung):
    return PhotoFactory(title="Foto Bandung", collection=bandung.collection)


def assert_refused_on(response, *fields):
    """The form is shown again with an error on each of `fields` (fields or inline panels);
    `form_error_codes` checks that each message is on the screen."""
    assert response.status_code == 200
    assert form_error_codes(response) == {field: ["other_institution"] for field in fields}


def test_a_photo_of_another_institutions_collection_is_refused(
    client, manager, catalog, category, workshop, bandung_photo
):
    client.force_login(manager)

    response = client.post(
        add_product_url(catalog), product_form_data(category, workshop, bandung_photo)
    )

    assert_refused_on(response, "photos")
    assert not ProductPage.objects.exists()


def test_a_workshop_of_another_institution_is_refused(
    client, manager, catalog, category, bandung_catalog
):
    _bandung_shop, bandung_workshop = bandung_catalog
    client.force_login(manager)

    response = client.post(
        add_product_url(catalog), product_form_data(category, bandung_workshop, PhotoFactory())
    )

    assert_refused_on(response, "workshop")
    assert not ProductPage.objects.exists()


def test_a_story_photo_of_another_institution_is_refused_on_edit(
    client, manager, catalog, category, workshop, bandung_photo
):
    product = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    client.force_login(manager)
    own_photo = product.photos.get().image
    story = streamfield(
        [("image", {"image": bandung_photo.pk, "alt_text": "Kulit", "caption": ""})]
    )

    response = client.post(
        edit_url(product),
        product_form_data(category, workshop, own_photo, code=product.code, story=story),
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["story"]
    assert error.code == "other_institution"
    # The story's editor shows it on the field, from the JSON of its blocks' errors.
    assert escape(json.dumps(error.message)[1:-1]) in response.content.decode()
    assert not Page.objects.get(pk=product.pk).specific.get_latest_revision()


def test_a_photo_of_a_collection_inside_the_institutions_is_accepted(
    client, manager, catalog, category, workshop
):
    own = Institution.objects.get(site__is_default_site=True).collection
    photo = PhotoFactory(collection=own.add_child(name="Foto Batik"))
    client.force_login(manager)

    response = client.post(add_product_url(catalog), product_form_data(category, workshop, photo))

    assert response.status_code == 302
    assert ProductPage.objects.get().photos.get().image == photo


def test_the_other_institution_refuses_the_first_ones_photo_and_workshop_too(
    client, member_of, bandung, bandung_catalog, category, workshop
):
    bandung_shop, bandung_workshop = bandung_catalog
    client.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))

    response = client.post(
        add_product_url(bandung_shop), product_form_data(category, workshop, PhotoFactory())
    )

    assert_refused_on(response, "photos", "workshop")
    assert not ProductPage.objects.exists()


def test_code_that_saves_a_page_is_refused_the_same(home, catalog, bandung_catalog, bandung_photo):
    """Pages made in code (imports, the demo) go through the same check."""
    _bandung_shop, bandung_workshop = bandung_catalog
    product = ProductPage(
        title="Dompet",
        slug="dompet",
        code="DMP-001",
        category=CategoryFactory(),
        workshop=bandung_workshop,
        price=80000,
        short_description="Dompet kulit.",
    )
    with pytest.raises(ValidationError) as refused:
        catalog.add_child(instance=product)
    assert set(refused.value.message_dict) == {"workshop"}

    stories = home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita"))
    story = StoryPage(
        title="Cerita",
        slug="cerita-kulit",
        summary="Kulit.",
        cover_image=bandung_photo,
        cover_image_alt="Tas kulit",
        body=[("paragraph", "<p>Teks.</p>")],
    )
    story.related_products = [
        ProductPageFactory(parent=bandung_catalog[0], workshop=bandung_workshop, code="DMP-002")
    ]
    with pytest.raises(ValidationError) as refused:
        stories.add_child(instance=story)
    assert set(refused.value.message_dict) == {"cover_image", "related_products"}
    assert not StoryPage.objects.exists()


def test_a_page_outside_every_institution_is_not_restricted(bandung_photo):
    """A site set up by hand, without an institution, has no collection to keep to."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(hostname="pameran.test", root_page=home)

    home.hero_image, home.hero_image_alt = bandung_photo, "Tas kulit"
    home.full_clean()
