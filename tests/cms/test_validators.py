"""Normalisation rules, checked one input at a time."""

import pytest

from django.core.exceptions import ValidationError

from cms.marketplaces import MARKETPLACE_DOMAINS, Marketplace
from cms.validators import host_belongs_to, normalise_product_code, normalise_whatsapp_number


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("62 812.3456.7890", "6281234567890"),
        ("(0812) 345-678", "62812345678"),
    ],
)
def test_whatsapp_number_is_normalised(typed, stored):
    assert normalise_whatsapp_number(typed) == stored


@pytest.mark.parametrize("typed", ["", "0812", "0812345678901234", "0212345678", "+1 415 555 0100"])
def test_whatsapp_number_that_is_not_indonesian_mobile_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_whatsapp_number(typed)


def test_product_code_is_upper_cased():
    assert normalise_product_code(" kLt-0042 ") == "KLT-0042"


@pytest.mark.parametrize(
    ("url", "belongs"),
    [
        ("https://shopee.co.id/shop/1", True),
        ("https://id.shp.ee/abc", True),
        ("https://evilshopee.co.id/shop", False),
        ("https://shopee.co.id.evil.example/shop", False),
        ("https://shopee.co.id@evil.example/", False),
        ("http://shopee.co.id/shop", False),
        ("javascript:alert(1)//shopee.co.id", False),
    ],
)
def test_marketplace_host_check(url, belongs):
    assert host_belongs_to(url, MARKETPLACE_DOMAINS[Marketplace.SHOPEE]) is belongs
