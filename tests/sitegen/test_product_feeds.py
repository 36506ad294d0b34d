"""The product feeds baked for Google Merchant Center and Meta's catalogs: every row checked
against the fields and formats each platform documents as required, from the approved catalog
only, and in step with it after an approval."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from cms.models import InstitutionSettings, ProductPhoto
from sitegen.bake import bake
from sitegen.feeds import GOOGLE_FEED_PATH, META_FEED_PATH
from tests.admin import edit_url, product_form_data, workflow_action_url
from tests.factories import PhotoFactory, ProductPageFactory
from tests.sitegen.helpers import edit, publish
from tests.sitegen.test_bake_integrity import approve_new_product

G = "{http://base.google.com/ns/1.0}"
PRICE = re.compile(r"^[1-9][0-9]*\.[0-9]{2} IDR$")

# What each platform refuses a product without (Merchant Center's product data specification;
# Meta's catalog fields), beside the formats checked below.
GOOGLE_REQUIRED = {
    "id", "title", "description", "link", "image_link", "availability", "price", "condition",
    "brand", "identifier_exists",
}  # fmt: skip
META_REQUIRED = [
    "id", "title", "description", "availability", "condition", "price", "link", "image_link",
    "brand",
]  # fmt: skip


def google_channel(build_dir) -> ET.Element:
    feed = ET.parse(build_dir / GOOGLE_FEED_PATH)  # noqa: S314 - the file this test's bake wrote
    return feed.getroot().find("channel")


def google_items(build_dir) -> dict[str, dict[str, list[str]]]:
    """Each item of the Google feed by its id: every g: field with its values."""
    items = {}
    for item in google_channel(build_dir).findall("item"):
        fields = {}
        for element in item:
            assert element.tag.startswith(G), element.tag  # only Merchant Center's own fields
            fields.setdefault(element.tag.removeprefix(G), []).append(element.text or "")
        items[fields["id"][0]] = fields
    return items


def meta_rows(build_dir) -> dict[str, dict[str, str]]:
    text = (build_dir / META_FEED_PATH).read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def assert_valid_google_item(fields):
    assert GOOGLE_REQUIRED <= set(fields)
    one = {name: values[0] for name, values in fields.items() if name != "additional_image_link"}
    assert all(len(values) == 1 for name, values in fields.items() if name in one)
    assert 0 < len(one["id"]) <= 50
    assert 0 < len(one["title"]) <= 150
    assert 0 < len(one["description"]) <= 5000 and "<" not in one["description"]
    assert one["availability"] in {"in_stock", "out_of_stock"}  # no date: no preorder/backorder
    assert PRICE.match(one["price"])
    assert one["condition"] == "new" and one["identifier_exists"] == "no"
    for url in [one["link"], one["image_link"], *fields.get("additional_image_link", [])]:
        assert urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc
    assert len(fields.get("additional_image_link", [])) <= 10


def assert_valid_meta_row(row):
    assert all(row[column].strip() for column in META_REQUIRED), row
    assert len(row["title"]) <= 200 and len(row["description"]) <= 9999
    assert "<" not in row["description"]
    assert row["availability"] in {"in stock", "out of stock", "available for order", "preorder"}
    assert row["condition"] == "new"
    assert PRICE.match(row["price"])
    for url in [row["link"], row["image_link"]]:
        assert urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc


def name_the_institution(home, name="Lapas Kelas IIA Contoh"):
    settings = InstitutionSettings.for_site(home.get_site())
    settings.institution_name = name
    settings.save()


def test_every_row_of_both_feeds_has_what_its_platform_requires(
    shop, home, catalog, workshop, category, build_dir
):
    name_the_institution(home)
    category.google_product_category = 166
    category.save()
    long_text = "Kain batik tulis dengan pewarna alam dari kulit kayu dan daun. " * 10
    product = ProductPageFactory(
        parent=catalog,
        workshop=workshop,
        category=category,
        title="Kain Batik Tulis " + "Sekar Jagad " * 15,  # longer than Google takes
        slug="batik-panjang",
        code="BTK-099",
        short_description=long_text[:300],
    )
    collection = product.institution().collection
    for side in ("Kiri", "Kanan"):
        photo = PhotoFactory(collection=collection)
        ProductPhoto.objects.create(page=product, image=photo, alt_text=f"Tampak {side}")
    publish(product)
    bake()

    google, meta = google_items(build_dir), meta_rows(build_dir)

    assert set(google) == set(meta) == {page.code for page in shop} | {"BTK-099"}
    for fields in google.values():
        assert_valid_google_item(fields)
        assert fields["brand"] == ["Lapas Kelas IIA Contoh"]
    # Only the category given Google's number passes one on.
    assert {code for code, fields in google.items() if "google_product_category" in fields} == {
        "BTK-099"
    }
    assert google["BTK-099"]["google_product_category"] == ["166"]
    assert meta["BTK-099"]["google_product_category"] == "166"
    for row in meta.values():
        assert_valid_meta_row(row)
    long = google["BTK-099"]
    assert long["title"][0].endswith("…") and len(long["title"][0]) <= 150
    assert len(long["additional_image_link"]) == 2
    assert meta["BTK-099"]["additional_image_link"].count(",") == 1


def test_a_product_s_feed_rows_say_what_its_page_says(shop, home, build_dir):
    name_the_institution(home)
    product = shop[0]
    bake()

    [item] = [fields for code, fields in google_items(build_dir).items() if code == product.code]
    row = meta_rows(build_dir)[product.code]

    assert item["title"] == [product.title] and row["title"] == product.title
    assert item["description"] == [product.short_description]
    assert item["price"] == [f"{product.price}.00 IDR"] and row["price"] == item["price"][0]
    assert item["link"] == [f"http://localhost{product.url_path.removeprefix('/home')}"]
    image = urlsplit(item["image_link"][0]).path.lstrip("/")
    assert (build_dir / image).is_file()  # the photo the feed names is published with the site
    assert row["link"] == item["link"][0] and row["image_link"] == item["image_link"][0]


def test_a_product_made_to_order_is_in_meta_s_catalog_and_not_on_google(shop, home, build_dir):
    """Google asks for a shipping date with every order that ships later; such a product has
    none yet, so it would be refused there."""
    name_the_institution(home)
    made, pre = shop[0], shop[1]
    edit(made, availability="made_to_order")
    edit(pre, availability="pre_order")
    bake()

    assert made.code not in google_items(build_dir) and pre.code not in google_items(build_dir)
    assert meta_rows(build_dir)[made.code]["availability"] == "available for order"
    assert meta_rows(build_dir)[pre.code]["availability"] == "preorder"


def test_drafts_and_withdrawn_products_are_in_no_feed(shop, home, catalog, workshop, build_dir):
    name_the_institution(home)
    ProductPageFactory(parent=catalog, workshop=workshop, code="BTK-777", live=False)
    bake()
    withdrawn = shop[2]
    withdrawn.unpublish()
    bake(changed_only=True)

    for codes in (set(google_items(build_dir)), set(meta_rows(build_dir))):
        assert "BTK-777" not in codes and withdrawn.code not in codes
        assert shop[0].code in codes


def test_an_approved_sold_out_is_out_of_stock_in_both_feeds_after_its_bake(
    client, manager, officer, shop, home, category, build_dir
):
    """The manager marks the product sold out in the admin, the officer approves: the bake that
    follows the approval changes both feeds."""
    name_the_institution(home)
    product = approve_new_product(client, manager, officer, shop, category)
    bake(changed_only=True)
    assert google_items(build_dir)[product.code]["availability"] == ["in_stock"]

    client.force_login(manager)
    photo = product.photos.get().image
    data = product_form_data(category, product.workshop, photo, availability="sold_out")
    data["action-submit"] = "Submit"
    assert client.post(edit_url(product), data).status_code == 302
    client.force_login(officer)
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    bake(changed_only=True)

    assert google_items(build_dir)[product.code]["availability"] == ["out_of_stock"]
    assert meta_rows(build_dir)[product.code]["availability"] == "out of stock"


def test_the_feeds_name_the_site_when_the_institution_has_no_name_yet(shop, build_dir):
    bake()

    assert google_channel(build_dir).findtext("title") == "localhost"
    assert {row["brand"] for row in meta_rows(build_dir).values()} == {"localhost"}


def test_a_product_without_photos_is_left_out_rather_than_refused(shop, home, build_dir):
    name_the_institution(home)
    product = shop[0]
    product.photos.all().delete()
    bake()

    assert product.code not in google_items(build_dir)
    assert product.code not in meta_rows(build_dir)
