"""The printable sheet of packaging labels (products and stories) in the admin."""

import re

import pytest

from django.contrib.staticfiles import finders
from django.urls import reverse

from cms.models import StoryIndexPage, StoryPage
from cms.qr import make_qr_code_svg
from institutions.models import Role
from sitegen.models import PublishSettings
from tests.factories import ProductPageFactory
from tests.orders.conftest import logged_in_english
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db

ADDRESS = "https://batik.lapas-x.go.id"


@pytest.fixture
def products(home, catalog, workshop, category):
    publish(catalog)
    live = publish(
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=category,
            title="Tas Kulit",
            code="KLT-001",
            price=350000,
        )
    )
    draft = ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, title="Dompet Draf", live=False
    )
    return live, draft


def test_only_published_products_are_offered(client, manager, products):
    client.force_login(manager)

    response = client.get(reverse("cms_labels"))

    assert response.status_code == 200
    assert "Tas Kulit" in response.text and "Dompet Draf" not in response.text


def test_the_sheet_has_name_code_price_and_a_qr_code_per_label(client, clerk, products):
    live, _draft = products
    client.force_login(clerk)

    response = client.get(reverse("cms_labels"), {"products": [live.pk], "copies": 3})

    assert response.status_code == 200
    html = response.text
    assert html.count('class="label"') == 3
    assert "Tas Kulit" in html and "KLT-001" in html and "Rp 350.000" in html
    assert html.count("<svg") == 3 and "<title>http://localhost/katalog/" in html


def test_a_draft_product_cannot_be_printed(client, manager, products):
    _live, draft = products
    client.force_login(manager)

    response = client.get(reverse("cms_labels"), {"products": [draft.pk], "copies": 1})

    assert 'class="label"' not in response.text
    assert "help-critical" in response.text


def test_the_labels_need_an_admin_login(client, products):
    response = client.get(reverse("cms_labels"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_each_institution_prints_the_labels_of_its_own_products(
    client, manager, products, bandung, bandung_catalog, member_of
):
    from institutions.models import Role

    catalog, workshop = bandung_catalog
    publish(bandung.site.root_page)
    publish(catalog)
    theirs = publish(
        ProductPageFactory(parent=catalog, workshop=workshop, title="Sepatu", code="BDG-001")
    )
    client.force_login(manager)

    offered = client.get(reverse("cms_labels")).text
    printed = client.get(reverse("cms_labels"), {"products": [theirs.pk], "copies": 1}).text

    assert "Tas Kulit" in offered and "Sepatu" not in offered
    assert 'class="label"' not in printed
    client.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))
    assert "Sepatu" in client.get(reverse("cms_labels")).text


@pytest.fixture
def stories(home, workshop):
    """A published story of the workshop and a draft one."""
    publish(home)
    index = publish(home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita")))
    live = index.add_child(
        instance=StoryPage(
            title="Di Balik Canting",
            slug="di-balik-canting",
            summary="Cara membatik.",
            workshop=workshop,
        )
    )
    draft = index.add_child(
        instance=StoryPage(title="Cerita Draf", slug="cerita-draf", summary="Belum.", live=False)
    )
    return publish(live), draft


def labels(html, kind):
    """Each label of this kind on the sheet, as (its text, the SVG of its QR code)."""
    label = rf'<div class="label" data-kind="{kind}">(.*?)(<svg.*?</svg>)'
    return re.findall(label, html, re.DOTALL)


def test_story_labels_carry_a_qr_code_of_the_storys_public_address(client, manager, home, stories):
    PublishSettings.objects.create(site=home.get_site(), public_address=ADDRESS)
    story, _draft = stories
    client.force_login(manager)

    response = client.get(reverse("cms_labels"), {"stories": [story.pk], "copies": 2})

    printed = labels(response.text, "story")
    assert len(printed) == 2
    qr_code = make_qr_code_svg(f"{ADDRESS}/cerita/di-balik-canting/").decode().strip()
    for label_text, label_qr_code in printed:
        assert "Di Balik Canting" in label_text and "Batik Tulis" in label_text
        assert label_qr_code == qr_code


def test_products_and_stories_print_on_one_sheet_with_a_print_button(
    client, manager, home, products, stories
):
    PublishSettings.objects.create(site=home.get_site(), public_address=ADDRESS)
    product, story = products[0], stories[0]
    client.force_login(manager)

    offered = client.get(reverse("cms_labels")).text
    sheet = client.get(
        reverse("cms_labels"), {"products": [product.pk], "stories": [story.pk], "copies": 1}
    ).text

    assert "Di Balik Canting" in offered and "Cerita Draf" not in offered
    assert len(labels(sheet, "product")) == 1 and len(labels(sheet, "story")) == 1
    assert (
        labels(sheet, "product")[0][1]
        == make_qr_code_svg(f"{ADDRESS}/katalog/tas-kulit/").decode().strip()
    )
    assert '<button type="button" data-print-sheet>' in sheet
    script = re.search(r'<script src="/static/(cms/labels/sheet\.js)" defer>', sheet).group(1)
    assert "window.print()" in open(finders.find(script)).read()  # noqa: PTH123


def test_a_full_sheet_prints_on_a_page_of_its_own(client, manager, products):
    product, _draft = products
    client.force_login(manager)

    sheet = client.get(reverse("cms_labels"), {"products": [product.pk], "copies": 30}).text

    sheets = sheet.split('<div class="sheet">')[1:]
    assert [len(labels(part, "product")) for part in sheets] == [24, 6]


def test_choosing_nothing_is_said_in_words(client, manager, products, stories):
    logged_in_english(client, manager)

    response = client.get(reverse("cms_labels"), {"copies": 1})

    assert "Choose at least one product or story." in response.text
    assert 'class="label"' not in response.text


def test_a_draft_story_cannot_be_printed(client, manager, stories):
    _story, draft = stories
    client.force_login(manager)

    response = client.get(reverse("cms_labels"), {"stories": [draft.pk], "copies": 1})

    assert 'class="label"' not in response.text and "help-critical" in response.text


def test_a_manager_of_another_institution_cannot_label_this_institutions_story(
    client, stories, bandung, member_of
):
    """A forged request: the story's id typed into the sheet's address."""
    story, _draft = stories
    client.force_login(member_of(bandung, Role.MANAGER, "manager_bandung"))

    offered = client.get(reverse("cms_labels")).text
    printed = client.get(reverse("cms_labels"), {"stories": [story.pk], "copies": 1}).text

    assert "Di Balik Canting" not in offered
    assert 'class="label"' not in printed and "Di Balik Canting" not in printed
