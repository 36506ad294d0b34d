"""The baked product page: ordering links, structured data, link previews and images."""

from urllib.parse import parse_qs, urlsplit

import pytest

from django.template import Context, Template

from sitegen.bake import bake
from tests.sitegen.helpers import edit
from tests.theme.helpers import order_targets, read_page

BATIK = "katalog/kain-batik-sekar-jagad/index.html"
BATIK_URL = "http://localhost/katalog/kain-batik-sekar-jagad/"


def whatsapp_message(href):
    address = urlsplit(href)
    assert (address.scheme, address.netloc) == ("https", "wa.me")
    return address.path.strip("/"), parse_qs(address.query)["text"][0]


def test_the_whatsapp_button_carries_number_and_a_decoded_message(baked):
    [href] = order_targets(read_page(baked, BATIK), "whatsapp")

    number, message = whatsapp_message(href)

    assert number == "6281234567890"
    assert message == (
        f"Halo, saya ingin memesan Kain Batik Tulis Sekar Jagad «Sogan» (kode BTK-007). {BATIK_URL}"
    )
    # Every character of the message is percent-encoded UTF-8: nothing WhatsApp could misread.
    assert "%C2%AB" in href and " " not in href and "&" not in urlsplit(href).query


def test_a_product_for_organisations_has_a_bulk_order_message(baked):
    page = read_page(baked, BATIK)

    [href] = order_targets(page, "whatsapp-bulk")

    message = whatsapp_message(href)[1]
    assert "[nama organisasi]" in message and "[jumlah]" in message and "BTK-007" in message
    assert not order_targets(read_page(baked, "katalog/sandal-hotel/index.html"), "whatsapp-bulk")


def test_without_a_whatsapp_number_there_is_no_whatsapp_button(storefront, institution, build_dir):
    institution.whatsapp_number = ""
    institution.save()
    bake()
    assert not order_targets(read_page(build_dir, BATIK), "whatsapp")


def test_each_marketplace_button_names_the_marketplace_and_links_to_the_product(baked):
    page = read_page(baked, BATIK)

    assert order_targets(page, "marketplace") == [
        "https://www.tokopedia.com/lapas/batik",
        "https://shopee.co.id/lapas/batik",
    ]
    html = (baked / BATIK).read_text()
    assert ">Tokopedia</a>" in html and ">Shopee</a>" in html


def test_a_link_saved_before_browsers_rules_were_checked_is_left_out(
    storefront, institution, build_dir
):
    """Rows written before links were read the way browsers read them (or kept in a revision):
    the browser would go to evil.example under a button labelled Tokopedia."""
    forged = "https://evil.example\\@tokopedia.com/"
    storefront["batik"].marketplace_links.update(url=forged)
    institution.shop_links.create(marketplace="tokopedia", url=forged)
    institution.social_accounts.create(
        network="instagram", url="https://evil.example\\@instagram.com/"
    )
    bake()

    html = (build_dir / BATIK).read_text()
    assert "evil.example" not in html
    assert order_targets(read_page(build_dir, BATIK), "marketplace") == []


@pytest.mark.parametrize(
    ("path", "availability"),
    [
        (BATIK, "https://schema.org/InStock"),
        ("katalog/sandal-hotel/index.html", "https://schema.org/SoldOut"),
    ],
)
def test_json_ld_matches_price_and_availability(baked, path, availability):
    [product] = read_page(baked, path).json_ld

    assert product["@type"] == "Product" and product["@context"] == "https://schema.org"
    offer = product["offers"]
    assert offer["priceCurrency"] == "IDR" and offer["availability"] == availability
    assert offer["price"] == (450000 if path == BATIK else 9500)


def test_json_ld_follows_an_approved_change(baked, storefront):
    edit(storefront["batik"], price=475000, availability="pre_order")
    bake(changed_only=True)

    offer = read_page(baked, BATIK).json_ld[0]["offers"]
    assert offer["price"] == 475000 and offer["availability"] == "https://schema.org/PreOrder"


def test_link_previews_carry_absolute_urls_and_a_photo(baked):
    page = read_page(baked, BATIK)

    assert page.meta("og:url") == BATIK_URL
    assert page.all("link", rel="canonical")[0]["href"] == BATIK_URL
    assert page.meta("og:title") == "Kain Batik Tulis Sekar Jagad «Sogan»"
    assert page.meta("og:type") == "product"
    image = page.meta("og:image")
    assert image.startswith("http://localhost/media/") and image.endswith(".jpg")
    assert (baked / urlsplit(image).path.lstrip("/")).is_file()
    assert page.meta("twitter:card") == "summary_large_image"
    assert page.meta("twitter:image") == image
    assert page.meta("description") == "A product made in a workshop."


def test_price_is_written_the_indonesian_way(baked):
    assert "Rp 450.000" in (baked / BATIK).read_text()
    assert "Rp 9.500" in (baked / "katalog/index.html").read_text()


def test_photos_come_in_modern_formats_with_a_jpeg_fallback_and_fixed_size(baked):
    page = read_page(baked, BATIK)

    assert {source["type"] for source in page.all("source")} == {"image/avif", "image/webp"}
    # Two widths of each format, for phones and for sharper screens.
    assert all(len(source["srcset"].split(",")) == 2 for source in page.all("source"))
    [photo] = [img for img in page.all("img") if img.get("alt") == "Front view"]
    assert photo["src"].endswith(".jpg") and photo["width"] and photo["height"]
    assert photo.get("fetchpriority") == "high" and "loading" not in photo
    for path in [photo["src"], *(s["srcset"].split()[0] for s in page.all("source"))]:
        assert (baked / path.lstrip("/")).is_file()


def test_a_photo_is_wagtails_picture_with_its_alt_text_kept_as_text(storefront, build_dir):
    """The theme writes Wagtail's <picture> markup itself, faster: it must be the very markup
    Wagtail's tag writes, with text in an attribute escaped."""
    photo = storefront["batik"].photos.get()
    photo.alt_text = "Kain \"Sogan\" <b>tulis</b> & 'parang'"
    photo.save()
    bake()

    baked = (build_dir / BATIK).read_text()
    wagtails = Template(
        "{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} "
        'fill-{480x480,800x800} sizes="(min-width: 50em) 24rem, 100vw" alt=alt '
        'fetchpriority="high" %}'
    ).render(Context({"image": photo.image, "alt": photo.alt_text}))
    assert wagtails in baked
    assert "&lt;b&gt;tulis&lt;/b&gt; &amp; &#x27;parang&#x27;" in wagtails


def test_catalog_cards_below_the_fold_load_lazily(baked, storefront, catalog, workshop, category):
    from tests.factories import ProductPageFactory
    from tests.sitegen.helpers import publish

    for _ in range(3):
        publish(ProductPageFactory(parent=catalog, workshop=workshop, category=category))
    bake()

    images = read_page(baked, "katalog/index.html").all("img")
    assert [img.get("loading") for img in images] == ["eager", "eager", "lazy", "lazy", "lazy"]
    assert all(img["alt"] and img["width"] == img["height"] for img in images)


def test_the_page_requests_nothing_from_another_host(baked):
    page = read_page(baked, BATIK)
    requested = [
        *(tag["src"] for tag in page.all("img")),
        *(tag["src"] for tag in page.all("script") if "src" in tag),
        *(tag["href"] for tag in page.all("link") if tag.get("rel") != "canonical"),
        *(
            candidate.split()[0]
            for tag in page.all("source")
            for candidate in tag["srcset"].split(",")
        ),
    ]
    assert requested and all(url.startswith("/") and not url.startswith("//") for url in requested)


def test_preview_shows_a_draft_with_the_public_template(storefront, catalog, workshop, category):
    """The officer reviews exactly what the public will see: the same template and links."""
    from tests.factories import ProductPageFactory

    draft = ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, title="Dompet Kulit", live=False
    )

    response = draft.make_preview_request()

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dompet Kulit" in html and "Rp 150.000" in html
    assert "https://wa.me/6281234567890?text=" in html
    assert '"@type": "Product"' in html
