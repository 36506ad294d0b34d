"""The business section of a product page, baked: what a hotel's buyer reads before ordering by
the hundred, and the form whose WhatsApp message carries their quantity, date and wishes."""

from cms.models.pages.product import PriceTier
from sitegen.bake import bake
from tests.sitegen.helpers import edit
from tests.theme.helpers import order_targets, read_page

BATIK = "katalog/kain-batik-sekar-jagad/index.html"
SANDALS = "katalog/sandal-hotel/index.html"
BUSINESS_FIELDS = {
    "production_capacity_per_month": 1200,
    "lead_time": "3 minggu untuk 500 lembar",
    "customisation": "Logo instansi dibordir di sudut kain.",
    "samples_available": True,
    "quality_notes": "Setiap lembar diperiksa dua petugas sebelum dikemas.",
}


def baked_html(build_dir, path):
    return (build_dir / path).read_text()


def tiers(*quantities_and_prices):
    return [
        PriceTier(minimum_quantity=quantity, unit_price=price)
        for quantity, price in quantities_and_prices
    ]


def test_an_approved_product_shows_what_a_business_buyer_needs(storefront, build_dir):
    edit(storefront["batik"], price_tiers=tiers((100, 400000), (1000, 350000)), **BUSINESS_FIELDS)

    bake()

    html = baked_html(build_dir, BATIK)
    section = html[
        html.index('<section class="business"') : html.index(
            "</section>", html.index('<section class="business"')
        )
    ]
    for text in (
        "1.200 lembar",
        "3 minggu untuk 500 lembar",
        "Logo instansi dibordir di sudut kain.",
        "Setiap lembar diperiksa dua petugas sebelum dikemas.",
        "<td>100+</td><td>Rp 400.000</td>",
        "<td>1.000+</td><td>Rp 350.000</td>",
    ):
        assert text in section, text


def test_the_order_form_starts_from_the_bulk_order_message_and_runs_the_sites_own_script(
    storefront, build_dir
):
    edit(storefront["batik"], **BUSINESS_FIELDS)
    bake()

    page = read_page(build_dir, BATIK)

    [form] = page.all("form", **{"data-business-order": None})
    # The bulk button links to its order address; the form adds lines to the message that
    # address leads to.
    assert [form["data-order-url"]] == order_targets(page, "whatsapp-bulk")
    assert "hidden" in form  # shown by the script: without it, the bulk button is the way
    [script] = [tag for tag in page.all("script") if "business_order" in tag.get("src", "")]
    assert script["type"] == "module" and script["src"].startswith("/")


def test_a_tier_change_waiting_for_review_does_not_reach_the_public_page(storefront, build_dir):
    batik = edit(storefront["batik"], price_tiers=tiers((100, 400000)))
    draft = type(batik).objects.get(pk=batik.pk)
    draft.price_tiers = tiers((100, 1))
    draft.save_revision()

    bake()

    html = baked_html(build_dir, BATIK)
    assert "<td>100+</td><td>Rp 400.000</td>" in html and "Rp 1<" not in html


def test_a_product_without_business_orders_has_no_business_section(storefront, build_dir):
    bake()

    assert 'class="business"' not in baked_html(build_dir, SANDALS)
