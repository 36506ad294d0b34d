"""A manager sets what business buyers read on a product (capacity, lead time, price tiers)
through the admin; tiers that do not increase, or a price of Rp 0, are refused."""

import pytest

from cms.models import ProductPage
from tests.admin import add_product_url, form_error_codes, product_form_data, submit_new_product
from tests.factories import PhotoFactory

BUSINESS = {
    "accepts_custom_orders": "on",
    "production_capacity_per_month": "1200",
    "lead_time": "3 minggu untuk 500 lembar",
    "customisation": "Logo instansi dibordir.",
    "samples_available": "on",
    "quality_notes": "Diperiksa dua petugas.",
}


def tiers(*quantities_and_prices):
    return [
        {"minimum_quantity": quantity, "unit_price": price}
        for quantity, price in quantities_and_prices
    ]


@pytest.fixture
def post_product(client, manager, catalog, category, workshop):
    client.force_login(manager)
    photo = PhotoFactory()

    def post(**overrides):
        data = product_form_data(category, workshop, photo, **BUSINESS, **overrides)
        return client.post(add_product_url(catalog), data)

    return post


def test_a_manager_submits_business_details_for_review(
    client, manager, catalog, category, workshop
):
    product = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        PhotoFactory(),
        price_tiers=tiers((100, "400000"), (500, "380000"), (1000, "350000")),
        **BUSINESS,
    )

    assert not product.live and product.workflow_in_progress
    assert [(t.minimum_quantity, t.unit_price) for t in product.price_tiers.all()] == [
        (100, 400000),
        (500, 380000),
        (1000, 350000),
    ]
    assert (product.production_capacity_per_month, product.samples_available) == (1200, True)
    assert product.unit_price_for(99) == product.price
    assert product.unit_price_for(500) == 380000
    assert product.unit_price_for(5000) == 350000


@pytest.mark.parametrize(
    "rows",
    [
        tiers((500, "380000"), (100, "400000")),  # decreasing
        tiers((100, "400000"), (100, "390000")),  # the same quantity twice
    ],
)
def test_tiers_must_increase_from_row_to_row(post_product, rows):
    response = post_product(price_tiers=rows)

    assert response.status_code == 200
    assert form_error_codes(response) == {"price_tiers": ["tiers_not_increasing"]}
    assert not ProductPage.objects.exists()


def test_a_tier_price_of_zero_is_refused(post_product):
    response = post_product(price_tiers=tiers((100, "0")))

    assert response.status_code == 200
    assert form_error_codes(response) == {"price_tiers-0-unit_price": ["min_value"]}
    assert not ProductPage.objects.exists()
