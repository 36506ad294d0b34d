"""Rich text links only pages of its page's institution, and the public site links only pages
the public sees (cms/rich_text.py): a draft's, a private page's or another institution's slug
never shows, in the editor nor on the site."""

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import rich_text, streamfield

from cms.blocks import PARAGRAPH_FEATURES
from cms.models import ProductPage
from sitegen.bake import bake
from tests.admin import add_product_url, edit_url, form_error_codes, product_form_data
from tests.factories import PhotoFactory, ProductPageFactory
from tests.sitegen.helpers import publish


def linking(page, text="the other one"):
    return f'<p>See <a linktype="page" id="{page.pk}">{text}</a>.</p>'


def posted(html):
    """The rich text as the admin's editor posts it."""
    return rich_text(html, features=PARAGRAPH_FEATURES)


@pytest.fixture
def bandung_draft(bandung_catalog, category):
    catalog, workshop = bandung_catalog
    return ProductPageFactory(
        parent=catalog,
        category=category,
        workshop=workshop,
        live=False,
        title="Sepatu Rahasia",
        slug="sepatu-rahasia-bandung",
        code="BDG-777",
    )


@pytest.fixture
def post_product(client, manager, catalog, category, workshop):
    client.force_login(manager)
    photo = PhotoFactory()

    def post(**fields):
        return client.post(
            add_product_url(catalog), product_form_data(category, workshop, photo, **fields)
        )

    return post


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("materials_and_care", lambda page: posted(linking(page))),
        ("story", lambda page: streamfield([("paragraph", posted(linking(page)))])),
    ],
    ids=["rich text field", "paragraph of a stream"],
)
def test_a_link_to_another_institutions_page_is_refused_and_its_address_not_shown(
    post_product, bandung_draft, field, value
):
    response = post_product(**{field: value(bandung_draft)})

    assert response.status_code == 200
    assert form_error_codes(response) == {field: ["other_institution"]}
    assert not ProductPage.objects.filter(slug="kain-batik-tulis-parang").exists()
    assert "sepatu-rahasia-bandung" not in response.content.decode()


def test_a_link_to_a_page_of_the_own_institution_is_accepted(post_product, workshop):
    response = post_product(materials_and_care=posted(linking(workshop)))

    assert response.status_code == 302
    saved = ProductPage.objects.get(slug="kain-batik-tulis-parang")
    assert f'id="{workshop.pk}"' in saved.materials_and_care


def test_a_photo_of_another_institution_embedded_in_rich_text_is_refused_in_code_too(
    catalog, workshop, bandung
):
    theirs = PhotoFactory(collection=bandung.collection)
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    product.materials_and_care = f'<embed embedtype="image" id="{theirs.pk}" format="fullwidth"/>'

    with pytest.raises(ValidationError) as refused:
        product.save_revision()

    assert [error.code for error in refused.value.error_dict["materials_and_care"]] == [
        "other_institution"
    ]


def test_the_editor_shows_the_address_of_the_own_institutions_linked_pages_only(
    client, manager, catalog, workshop, bandung_draft
):
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    # Stored before links were checked: as a page saved by an earlier version holds it.
    text = linking(workshop) + linking(bandung_draft)
    ProductPage.objects.filter(pk=product.pk).update(materials_and_care=text)
    client.force_login(manager)

    response = client.get(edit_url(product))

    assert response.status_code == 200
    assert f"&quot;url&quot;: &quot;{workshop.url}&quot;" in response.content.decode()
    assert "sepatu-rahasia-bandung" not in response.content.decode()


@pytest.fixture
def public_catalog(home, catalog, workshop):
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    return catalog


def test_the_bake_links_only_pages_the_public_sees(
    build_dir, public_catalog, workshop, category, bandung, bandung_catalog
):
    def product(slug, **fields):
        return ProductPageFactory(
            parent=public_catalog, category=category, workshop=workshop, slug=slug, **fields
        )

    draft = product("draft-kain", live=False)
    private = publish(product("private-kain"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    bandung_home = publish(bandung.site.root_page.specific)
    text = "".join(
        linking(page, text=f"to {name}")
        for name, page in [
            ("workshop", workshop),
            ("draft", draft),
            ("private", private),
            ("bandung", bandung_home),
        ]
    )
    linker = publish(product("linker"))
    # Stored before links were checked: as a page saved by an earlier version holds it.
    ProductPage.objects.filter(pk=linker.pk).update(materials_and_care=text)

    bake()

    html = (build_dir / "katalog/linker/index.html").read_text()
    assert f'<a href="{workshop.url}">to workshop</a>' in html
    for name in ("draft", "private", "bandung"):
        assert f"<a>to {name}</a>" in html
    for slug in ("draft-kain", "private-kain", bandung_home.slug):
        assert slug not in html
