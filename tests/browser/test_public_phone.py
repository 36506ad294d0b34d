"""The baked demo site on the smallest phones (320 and 360 pixels wide): every kind of page fits
the screen, search is one tap from the header, a sold-out product offers what its workshop can
do instead of an order, and the catalog's filter, count and pager describe the same products."""

import json
import re
import shutil
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import order_destination, run_demo_command, served

WHATSAPP_NUMBER = "6281234567890"  # the demo institution's, in international form
PHONE_WIDTHS = [320, 360]

# Stock runs out the way a clerk's adjustment makes it: the orders app marks the product sold
# out and asks for its page to be baked again. One of the two takes custom orders, one does not.
SELL_OUT_TWO_PRODUCTS = """
import json
from django.contrib.auth import get_user_model
from cms.models import ProductPage
from orders.models import MovementKind
from orders.stock import record_movement

clerk = get_user_model().objects.get(username="clerk")
in_stock = ProductPage.objects.live().filter(
    availability="ready_stock", stock__quantity__gt=0
).select_related("stock").order_by("path")
chosen = {
    "made_to_order": in_stock.filter(accepts_custom_orders=True).first(),
    "plain": in_stock.filter(accepts_custom_orders=False).first(),
}
for product in chosen.values():
    record_movement(
        product, -product.stock.quantity, MovementKind.ADJUSTMENT, clerk, reason="stock count"
    )
print(json.dumps({kind: product.slug for kind, product in chosen.items()}))
"""


@pytest.fixture(scope="module")
def phone_site(demo_site, tmp_path_factory):
    """A copy of the baked demo where two products have just sold out and the site was baked
    again with `bake --changed`, served on 127.0.0.1."""
    _url, demo_build = demo_site
    var_dir = tmp_path_factory.mktemp("phone-site")
    shutil.copytree(demo_build.parent, var_dir, dirs_exist_ok=True)
    printed = run_demo_command(var_dir, "shell", "-c", SELL_OUT_TWO_PRODUCTS)
    slugs = json.loads(printed.splitlines()[-1])
    run_demo_command(var_dir, "bake", "--changed")
    build = var_dir / "build"
    feed = json.loads((build / "catalog.json").read_text())["products"]
    with served(build) as url:
        yield SimpleNamespace(
            url=url,
            build=build,
            feed=feed,
            sold_out={kind: f"/katalog/{slug}/" for kind, slug in slugs.items()},
        )


@pytest.fixture
def small_phone(phone):
    """A browser context as wide as a small phone: ``small_phone(320)``."""
    return lambda width, javascript=True: phone(width, 740, javascript=javascript)


def first_page_under(build, folder):
    """The path of the first baked page in a folder of the site (a story, a workshop)."""
    found = sorted(path.parent for path in (build / folder).glob("*/index.html"))
    return "/" + found[0].relative_to(build).as_posix() + "/"


def products_of_workshop(site, workshop):
    return {urlsplit(p["url"]).path for p in site.feed if p["workshop"]["slug"] == workshop}


def card_paths(page):
    return {
        urlsplit(href).path
        for href in page.locator(".cards .card > a").evaluate_all(
            "links => links.map(link => link.href)"
        )
    }


def whatsapp_message(link):
    address = urlsplit(order_destination(link))
    assert (address.netloc, address.path) == ("wa.me", f"/{WHATSAPP_NUMBER}")
    return parse_qs(address.query)["text"][0]


def wait_for_filtered_catalog(page, site):
    expect(page.locator(".cards .card")).to_have_count(
        len(products_of_workshop(site, "kerajinan-kulit"))
    )


def wait_for_search_results(page, _site):
    page.locator("[data-search-results] a").first.wait_for()


def every_kind_of_page(site):
    """(name, path, what to wait for once loaded) of each kind of page the site has."""
    ready_product = next(
        urlsplit(p["url"]).path for p in site.feed if p["availability"] == "ready_stock"
    )
    return [
        ("home", "/", None),
        ("catalog", "/katalog/", None),
        ("catalog-filtered", "/katalog/?bengkel=kerajinan-kulit", wait_for_filtered_catalog),
        ("product", ready_product, None),
        ("sold-out-product", site.sold_out["made_to_order"], None),
        ("stories", "/cerita/", None),
        ("story", first_page_under(site.build, "cerita"), None),
        ("workshops", "/bengkel-kerja/", None),
        ("workshop", first_page_under(site.build, "bengkel-kerja"), None),
        ("about", "/tentang/", None),
        ("search", "/cari/?q=batik", wait_for_search_results),
        ("not-found", "/tidak-ada-di-sini/", None),
    ]


def header_links_off_screen(page, width):
    """The header's links (menu and search) not wholly inside the screen's width."""
    outside = []
    for link in page.locator(".site-header a").all():
        box = link.bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
            outside.append(link.inner_text())
    return outside


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_every_kind_of_page_fits_a_small_phone_without_sideways_scrolling(
    phone_site, small_phone, width
):
    page = small_phone(width)
    too_wide = {}
    for name, path, wait in every_kind_of_page(phone_site):
        page.goto(phone_site.url + path)
        if wait:
            wait(page, phone_site)
        page.step(name)
        # Compared with the phone's width, not innerWidth: a mobile browser widens its layout
        # viewport (and innerWidth) to the content and zooms out, so innerWidth never loses.
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = scroll_width
        if cut := header_links_off_screen(page, width):
            too_wide[f"{name} header"] = cut
    assert too_wide == {}


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_search_is_one_tap_from_the_header_and_a_field_on_the_home_page(
    phone_site, small_phone, width
):
    page = small_phone(width)
    page.goto(phone_site.url + phone_site.sold_out["plain"])

    search = page.get_by_role("banner").get_by_role("link", name="Cari")
    expect(search).to_be_in_viewport(ratio=1)
    search.tap()
    page.wait_for_url("**/cari/")
    expect(page.get_by_label("Produk atau cerita")).to_be_visible()

    page.goto(phone_site.url + "/")
    page.get_by_label("Cari produk dan cerita").fill("batik")
    page.get_by_role("search").get_by_role("button", name="Cari").tap()
    page.wait_for_url("**/cari/?q=batik")
    results = page.locator("[data-search-results] a")
    results.first.wait_for()
    page.step("searched-from-home")
    assert any("Batik" in title for title in results.all_inner_texts())
    # A product's facts read as words in its excerpt, not "KetersediaanHabis".
    excerpts = " ".join(page.locator("[data-search-results] p").all_inner_texts())
    assert "Kode produk " in excerpts
    assert not re.search(r"(Ketersediaan|Kode produk|Bengkel kerja)[A-Z]", excerpts)


def test_a_sold_out_product_offers_to_make_it_or_to_tell_when_it_is_back(phone_site, small_phone):
    page = small_phone(360)

    page.goto(phone_site.url + phone_site.sold_out["made_to_order"])
    page.step("sold-out-made-to-order")
    name = page.locator("h1").inner_text()
    order = page.locator(".order")
    expect(order.get_by_role("link", name="Pesan via WhatsApp")).to_have_count(0)
    expect(order.locator("[data-order=marketplace], [data-order=whatsapp-bulk]")).to_have_count(0)
    make = whatsapp_message(order.get_by_role("link", name="Pesan dibuatkan"))
    notify = whatsapp_message(order.get_by_role("link", name="Kabari saya saat tersedia lagi"))
    assert name in make and "dibuatkan" in make
    assert name in notify and "tersedia lagi" in notify

    page.goto(phone_site.url + phone_site.sold_out["plain"])
    page.step("sold-out-plain")
    order = page.locator(".order")
    expect(order.get_by_role("link")).to_have_count(1)
    notify = whatsapp_message(order.get_by_role("link", name="Kabari saya saat tersedia lagi"))
    assert page.locator("h1").inner_text() in notify


@pytest.mark.parametrize("javascript", [True, False], ids=["filtered-card", "baked-card"])
def test_the_product_card_says_what_the_sold_out_product_page_offers(
    phone_site, small_phone, javascript
):
    """The card drawn by the catalog's filter (from the feed) and the baked card agree with the
    product page: sold out, and made to order only where the workshop takes custom orders."""
    page = small_phone(360, javascript=javascript)
    entries = {urlsplit(p["url"]).path: p for p in phone_site.feed}
    cards = {}
    for kind, path in phone_site.sold_out.items():
        link = page.locator(f"a[href='{path}']")
        if javascript:
            page.goto(f"{phone_site.url}/katalog/?bengkel={entries[path]['workshop']['slug']}")
        else:
            page.goto(phone_site.url + "/katalog/")
            if not page.locator(".cards").locator(link).count():
                page.goto(phone_site.url + "/katalog/halaman/2/")
        card = page.locator(".cards .card").filter(has=link)
        expect(card).to_have_count(1)
        cards[kind] = card.inner_text()

    assert "Habis" in cards["made_to_order"] and "Bisa dipesan dibuatkan" in cards["made_to_order"]
    assert "Habis" in cards["plain"] and "dibuatkan" not in cards["plain"]


@pytest.mark.parametrize("start", ["/katalog/", "/katalog/halaman/2/"])
def test_with_a_filter_the_count_the_cards_and_the_pager_describe_the_same_products(
    phone_site, small_phone, start
):
    page = small_phone(360)
    leather = products_of_workshop(phone_site, "kerajinan-kulit")

    page.goto(f"{phone_site.url}{start}?bengkel=kerajinan-kulit")
    wait_for_filtered_catalog(page, phone_site)
    page.step("filtered")

    assert card_paths(page) == leather
    expect(page.locator("[data-filter-status]")).to_have_text(f"Produk ditemukan: {len(leather)}")
    # Every product found is on this page: no pager leads to pages of the unfiltered catalog.
    expect(page.locator("[data-pagination]")).to_be_hidden()
    expect(page.get_by_role("link", name="Berikutnya")).to_be_hidden()
    expect(page.get_by_role("link", name="Sebelumnya")).to_be_hidden()

    page.get_by_label("Bengkel kerja").select_option("")
    expect(page.locator("[data-pagination]")).to_be_visible()
    expect(page.locator("[data-filter-status]")).to_have_text("")
    assert len(card_paths(page)) > len(leather)
