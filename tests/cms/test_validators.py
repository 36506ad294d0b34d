"""Normalisation rules, checked one input at a time."""

import pytest

from django.core.exceptions import ValidationError

from cms.marketplaces import MARKETPLACE_DOMAINS, Marketplace
from cms.validators import (
    fill_order_message,
    normalise_link,
    normalise_product_code,
    normalise_whatsapp_number,
    validate_order_message_template,
)


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
        ("https://evil.example\\@shopee.co.id/", False),
        ("https://evil.example\\.shopee.co.id/", False),
        ("https://shopee.co.id:443/", False),
        ("https://shopee.co.id./", False),
        ("https://evil%2eshopee.co.id/", False),
        ("https://shopee.co.id\n.evil.example/", False),
        ("https://shopee。co.id/", False),
    ],
)
def test_marketplace_host_check(url, belongs):
    domains = MARKETPLACE_DOMAINS[Marketplace.SHOPEE]
    if belongs:
        assert normalise_link(url, "Shopee", domains) == url
    else:
        with pytest.raises(ValidationError):
            normalise_link(url, "Shopee", domains)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Halo {name} ({code}) {url}", "Halo Batik (BTK-001) https://e.test/"),
        ("{{name}} {{{code}}}", "{name} {BTK-001}"),
    ],
)
def test_an_order_message_is_filled_as_python_would(template, message):
    values = {"name": "Batik", "code": "BTK-001", "url": "https://e.test/"}
    validate_order_message_template(template)
    assert fill_order_message(template, **values) == message == template.format(**values)


def test_an_order_message_is_at_most_1000_characters():
    with pytest.raises(ValidationError) as refused:
        validate_order_message_template("x" * 1001)
    assert refused.value.code == "too_long"
    assert refused.value.params == {"length": 1001, "limit": 1000}
    assert len(fill_order_message("{name}" * 10, name="x" * 200, code="", url="")) == 1000
