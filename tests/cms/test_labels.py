"""The printable sheet of product labels in the admin."""

import pytest

from django.urls import reverse

from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db


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
