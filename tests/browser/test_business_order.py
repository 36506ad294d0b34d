"""The business order form of a product page in a phone's browser, on the baked demo site: its
WhatsApp message carries the quantity, the date needed and the customisation asked, under the
site's Content Security Policy (its own script only), and the form fits a 320-pixel screen."""

import json
from urllib.parse import parse_qs, urlsplit

from tests.browser.test_public_phone import WHATSAPP_NUMBER


def a_product_taking_business_orders(build):
    products = json.loads((build / "catalog.json").read_text())["products"]
    return next(
        product
        for product in products
        if product["accepts_custom_orders"] and product["availability"] != "sold_out"
    )


def test_the_business_form_opens_whatsapp_with_quantity_date_and_customisation(demo_site, phone):
    url, build = demo_site
    product = a_product_taking_business_orders(build)
    page = phone(320, 740)
    page.route("https://wa.me/**", lambda route: route.abort())  # no network: only its address
    policy_refusals = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and policy_refusals.append(message.text)
        ),
    )

    page.goto(url + urlsplit(product["url"]).path)
    form = page.locator("[data-business-order]")
    form.get_by_label("Jumlah").fill("350")
    form.get_by_label("Dibutuhkan tanggal").fill("2027-02-15")
    form.get_by_label("Kustomisasi yang diminta").fill("Logo Hotel Santika & nama, dibordir")
    page.step("business-form")
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    with page.expect_request(lambda request: "wa.me" in request.url) as whatsapp:
        form.get_by_role("button", name="Kirim lewat WhatsApp").click()

    address = urlsplit(whatsapp.value.url)
    message = parse_qs(address.query)["text"][0]
    assert (address.netloc, address.path) == ("wa.me", f"/{WHATSAPP_NUMBER}")
    assert "[jumlah]" in message.splitlines()[0]  # the institution's bulk order message first
    assert message.splitlines()[1:] == [
        f"Jumlah: 350 {product['unit']}",
        "Dibutuhkan tanggal: 2027-02-15",
        "Kustomisasi: Logo Hotel Santika & nama, dibordir",
    ]
    assert "+" not in address.query and "%20" in address.query
    assert scroll_width <= 320
    assert not policy_refusals
