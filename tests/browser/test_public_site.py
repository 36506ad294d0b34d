"""A shopper on a phone, on the baked demo site: browse, filter, order, search; also with
JavaScript off. Nothing is ever requested from a host other than the site's own."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import order_destination

WHATSAPP_NUMBER = "6281234567890"  # the demo institution's, in international form


@pytest.fixture
def feed(demo_site):
    _url, build = demo_site
    return json.loads((build / "catalog.json").read_text())["products"]


def assert_only_local_requests(page):
    hosts = {urlsplit(url).netloc for url in page.requested if not url.startswith("data:")}
    assert hosts == {urlsplit(page.url).netloc}


def product_paths(page):
    return [
        urlsplit(href).path
        for href in page.locator(".cards .card > a").evaluate_all(
            "links => links.map(link => link.href)"
        )
    ]


def open_first_card(page):
    """Open the first product of a listing, and wait until its page is the one shown."""
    card = page.locator(".cards .card > a").first
    path = urlsplit(card.get_attribute("href")).path
    card.click()
    page.wait_for_url(f"**{path}")


def test_home_to_catalog_to_workshop_filter_to_product_and_order(demo_site, phone, feed):
    site_url, _build = demo_site
    page = phone()

    page.goto(site_url + "/")
    page.step("home")
    page.get_by_role("navigation").get_by_role("link", name="Katalog").click()
    page.wait_for_url("**/katalog/")
    page.step("catalog")

    page.get_by_label("Bengkel kerja").select_option("batik-tulis")
    page.wait_for_url("**/katalog/?bengkel=batik-tulis")
    # Polled from outside: a function evaluated in the page would break its policy (no eval).
    expect(page.locator(".cards .card")).to_have_count(6)
    page.step("filtered-by-workshop")
    batik = {urlsplit(p["url"]).path for p in feed if p["workshop"]["slug"] == "batik-tulis"}
    assert set(product_paths(page)) == batik

    open_first_card(page)
    page.step("product")
    product = next(p for p in feed if urlsplit(p["url"]).path == urlsplit(page.url).path)
    assert page.locator("h1").inner_text() == product["name"]

    order = page.get_by_role("link", name="Pesan via WhatsApp")
    address = urlsplit(order_destination(order))
    message = parse_qs(address.query)["text"][0]
    assert (address.netloc, address.path) == ("wa.me", f"/{WHATSAPP_NUMBER}")
    assert product["name"] in message and product["code"] in message
    slug = urlsplit(product["url"]).path.strip("/").split("/")[-1]
    marketplaces = page.locator("[data-order=marketplace]")
    assert marketplaces.count() == 2
    for link in marketplaces.all():
        assert order_destination(link).endswith(f"/{slug}")
    assert {link.inner_text() for link in marketplaces.all()} == {"Tokopedia", "Shopee"}
    assert_only_local_requests(page)


def test_search_finds_a_product_by_a_word_of_its_story(demo_site, phone):
    site_url, _build = demo_site
    page = phone()

    page.goto(site_url + "/cari/")
    page.get_by_label("Produk atau cerita").fill("canting")
    page.get_by_role("button", name="Cari").click()
    results = page.locator("[data-search-results] a")
    results.first.wait_for()
    page.step("search-results")

    assert any("Batik" in title for title in results.all_inner_texts())
    found = results.first.get_attribute("href")
    results.first.click()
    page.wait_for_url(f"**{urlsplit(found).path}")
    assert "canting" in page.locator("main").inner_text().lower()
    assert_only_local_requests(page)


def test_the_site_works_with_javascript_off(demo_site, phone):
    site_url, _build = demo_site
    page = phone(javascript=False)

    page.goto(site_url + "/katalog/")
    page.step("catalog-without-javascript")
    assert page.locator(".cards .card").count() == 24
    assert not page.locator("[data-catalog-filter]").is_visible()
    page.get_by_role("link", name="Berikutnya").click()
    page.wait_for_url("**/katalog/halaman/2/")
    assert page.locator(".cards .card").count() > 0

    open_first_card(page)
    page.step("product-without-javascript")
    order = page.get_by_role("link", name="Pesan via WhatsApp")
    assert order_destination(order).startswith(f"https://wa.me/{WHATSAPP_NUMBER}?text=")
    assert page.locator("picture img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_only_local_requests(page)
