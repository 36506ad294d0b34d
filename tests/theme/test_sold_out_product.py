"""A sold-out product, baked: no order it could not ship, but what its workshop can do instead
(tell the customer when it is back, make it to order), the same on its page and its card."""

import json

from wagtail.models import Site

from sitegen.bake import bake
from sitegen.models import PublishSettings
from tests.sitegen.helpers import edit
from tests.theme.helpers import order_targets, read_page
from tests.theme.test_product_page import BATIK, BATIK_URL, whatsapp_message

SANDALS = "katalog/sandal-hotel/index.html"
SANDALS_URL = "http://localhost/katalog/sandal-hotel/"
ORDERING = ("whatsapp", "whatsapp-bulk", "marketplace")


def catalog_cards(build_dir):
    """The text of each baked catalog card, by the product link it opens."""
    html = (build_dir / "katalog/index.html").read_text()
    cards = html.split('<li class="card">')[1:]
    return {card.split('href="')[1].split('"')[0]: card.split("</li>")[0] for card in cards}


def test_a_sold_out_product_offers_to_tell_the_customer_when_it_is_back(baked):
    page = read_page(baked, SANDALS)

    assert [order_targets(page, kind) for kind in ORDERING] == [[], [], []]
    assert order_targets(page, "whatsapp-make") == []
    [notify] = order_targets(page, "whatsapp-notify")
    assert whatsapp_message(notify) == (
        "6281234567890",
        f"Halo, mohon kabari saya bila Sandal Hotel (kode SDL-001) sudah tersedia lagi. "
        f"{SANDALS_URL}",
    )
    assert "Stok sedang habis." in (baked / SANDALS).read_text()


def test_a_sold_out_product_that_takes_custom_orders_offers_to_make_it(baked, storefront):
    edit(storefront["batik"], availability="sold_out")
    bake(changed_only=True)
    page = read_page(baked, BATIK)

    assert [order_targets(page, kind) for kind in ORDERING] == [[], [], []]
    [make] = order_targets(page, "whatsapp-make")
    assert whatsapp_message(make)[1] == (
        "Halo, saya ingin memesan Kain Batik Tulis Sekar Jagad «Sogan» (kode BTK-007) untuk "
        f"dibuatkan. Mohon info harga dan lama pengerjaannya. {BATIK_URL}"
    )
    [notify] = order_targets(page, "whatsapp-notify")
    assert "BTK-007" in whatsapp_message(notify)[1]


def test_the_card_and_the_feed_say_what_the_product_page_offers(baked, storefront):
    edit(storefront["batik"], availability="sold_out")
    bake(changed_only=True)

    cards = catalog_cards(baked)
    assert "Habis" in cards["/katalog/kain-batik-sekar-jagad/"]
    assert "Bisa dipesan dibuatkan" in cards["/katalog/kain-batik-sekar-jagad/"]
    assert "Habis" in cards["/katalog/sandal-hotel/"]
    assert "dibuatkan" not in cards["/katalog/sandal-hotel/"]
    # The catalog's filter draws its cards from the feed: it needs the same facts.
    feed = json.loads((baked / "catalog.json").read_text())["products"]
    made = {entry["code"]: entry["accepts_custom_orders"] for entry in feed}
    assert made == {"BTK-007": True, "SDL-001": False}


def test_a_product_back_in_stock_is_ordered_again(baked, storefront):
    edit(storefront["sandals"], availability="ready_stock")
    bake(changed_only=True)
    page = read_page(baked, SANDALS)

    assert len(order_targets(page, "whatsapp")) == 1
    assert order_targets(page, "whatsapp-notify") == []


def test_without_a_whatsapp_number_a_sold_out_product_shows_no_empty_link(
    storefront, institution, build_dir
):
    institution.whatsapp_number = ""
    institution.save()
    bake()

    page = read_page(build_dir, SANDALS)
    assert order_targets(page, "whatsapp-notify") == []
    assert all(link.get("href") for link in page.all("a"))


def test_the_sold_out_messages_link_to_the_site_s_public_address(baked, storefront):
    settings = PublishSettings.for_site(Site.objects.get(is_default_site=True))
    settings.public_address = "https://batik.lapas.example"
    settings.save()
    edit(storefront["batik"], availability="sold_out")
    bake()

    page = read_page(baked, BATIK)
    for kind in ("whatsapp-make", "whatsapp-notify"):
        [link] = order_targets(page, kind)
        assert whatsapp_message(link)[1].endswith(
            " https://batik.lapas.example/katalog/kain-batik-sekar-jagad/"
        )
