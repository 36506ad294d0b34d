"""Product feeds for the platforms where buyers already look, baked beside ``catalog.json``.

- ``feeds/google-merchant.xml``: Google Merchant Center's product feed (RSS 2.0 with the ``g:``
  namespace), for free listings on Google Search and Shopping;
- ``feeds/meta-catalog.csv``: a Meta commerce catalog (Facebook and Instagram shops, a WhatsApp
  Business catalog).

Both are made from the same entries as ``catalog.json`` (each product page's
``get_feed_entry``): the approved, public catalog only, refreshed by every bake, so a product
sold out or withdrawn changes or leaves the feeds in the same publish. A head registers each
feed's address once with its platform, which then fetches it on a schedule
(docs/users/public-site.md).
"""

import csv
import io
import xml.etree.ElementTree as ET

GOOGLE_FEED_PATH = "feeds/google-merchant.xml"
META_FEED_PATH = "feeds/meta-catalog.csv"

GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0"

# Google asks for a date whenever an order ships later than now ("preorder", "backorder"), and a
# product made to order or pre-ordered has none yet: those stay off Google until they do.
GOOGLE_AVAILABILITY = {"ready_stock": "in_stock", "sold_out": "out_of_stock"}
META_AVAILABILITY = {
    "ready_stock": "in stock",
    "sold_out": "out of stock",
    "made_to_order": "available for order",
    "pre_order": "preorder",
}

META_COLUMNS = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "additional_image_link",
    "brand",
    "google_product_category",
]

# The platforms' limits on text: longer text is refused, so it is cut at a word.
TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 5000
# Google takes up to 10 more photos, Meta up to 20: the feed gives the same ones to both.
ADDITIONAL_IMAGES = 10


def product_feeds(entries: list[dict], *, site_url: str, brand: str) -> dict[str, bytes]:
    """The feed files by path in the build, from the catalog's entries."""
    products = sorted(
        (entry for entry in entries if entry.get("code") and entry.get("images")),
        key=lambda entry: entry["code"],
    )
    return {
        GOOGLE_FEED_PATH: google_merchant_feed(products, site_url=site_url, brand=brand),
        META_FEED_PATH: meta_catalog_feed(products, brand=brand),
    }


def google_merchant_feed(products: list[dict], *, site_url: str, brand: str) -> bytes:
    ET.register_namespace("g", GOOGLE_NAMESPACE)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = brand
    ET.SubElement(channel, "link").text = site_url
    ET.SubElement(channel, "description").text = brand
    for product in products:
        availability = GOOGLE_AVAILABILITY.get(product["availability"])
        if availability is None:
            continue
        item = ET.SubElement(channel, "item")
        for name, value in _shared_fields(product, brand):
            _google_field(item, name, value)
        for image in _additional_images(product):
            _google_field(item, "additional_image_link", image)
        _google_field(item, "availability", availability)
        _google_field(item, "identifier_exists", "no")  # handmade: no GTIN or maker's number
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def meta_catalog_feed(products: list[dict], *, brand: str) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=META_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for product in products:
        row = dict(_shared_fields(product, brand))
        row["availability"] = META_AVAILABILITY[product["availability"]]
        row["additional_image_link"] = ",".join(_additional_images(product))
        writer.writerow({column: row.get(column, "") for column in META_COLUMNS})
    return out.getvalue().encode()


def _shared_fields(product: dict, brand: str) -> list[tuple[str, str]]:
    """The fields both platforms read the same way, in the order they list them."""
    fields = [
        ("id", product["code"]),
        ("title", _cut(product["name"], TITLE_LIMIT)),
        ("description", _cut(product.get("description") or product["name"], DESCRIPTION_LIMIT)),
        ("link", product["url"]),
        ("image_link", product["images"][0]),
        ("condition", "new"),
        ("price", f"{product['price']}.00 IDR"),
        ("brand", brand),
    ]
    category = (product.get("category") or {}).get("google_product_category")
    if category:
        fields.append(("google_product_category", str(category)))
    return fields


def _additional_images(product: dict) -> list[str]:
    return product["images"][1 : 1 + ADDITIONAL_IMAGES]


def _google_field(item: ET.Element, name: str, value: str) -> None:
    ET.SubElement(item, f"{{{GOOGLE_NAMESPACE}}}{name}").text = value


def _cut(text: str, limit: int) -> str:
    """The text whole if it fits, else cut at the last word that fits, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
