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
from xml.sax.saxutils import escape

from sitegen.recently_used import RecentlyUsed

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
    built = _built_parts(products, brand)
    return {
        GOOGLE_FEED_PATH: google_merchant_feed(built, site_url=site_url, brand=brand),
        META_FEED_PATH: meta_catalog_feed(built),
    }


# Each product's part of both feeds as this process last built it, for the brands used last:
# brand → {code: (entry, Google item, Meta line)}. Every bake builds the feeds from every entry,
# and an approval changes one or two of them; an entry the state still holds is the very same
# object, so telling it unchanged costs nothing.
_built = RecentlyUsed(size=2)


def _built_parts(products: list[dict], brand: str) -> list[tuple[dict, str | None, str]]:
    """Each product's (entry, Google item or None, Meta line), built again only if it changed."""
    before = _built.get(brand) or {}
    built = []
    for product in products:
        kept = before.get(product["code"])
        if kept is None or not (kept[0] is product or kept[0] == product):
            kept = (product, _google_item(product, brand), _meta_line(product, brand))
        built.append(kept)
    _built.put(brand, {kept[0]["code"]: kept for kept in built})
    return built


def google_merchant_feed(built: list[tuple], *, site_url: str, brand: str) -> bytes:
    """The feed as ElementTree would write it indented, built as text: a feed is rebuilt at
    every bake, and a tree of every product's fields costs a second at 10,000 products."""
    items = [item for _entry, item, _line in built if item is not None]
    # The namespace is declared only when a field uses it, as ElementTree does.
    namespace = f' xmlns:g="{GOOGLE_NAMESPACE}"' if items else ""
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<rss{namespace} version="2.0">',
        "  <channel>",
        _element("    ", "title", brand),
        _element("    ", "link", site_url),
        _element("    ", "description", brand),
        *items,
        "  </channel>",
        "</rss>",
    ]
    return ("\n".join(lines) + "\n").encode()


def _google_item(product: dict, brand: str) -> str | None:
    """A product's ``<item>``, indented at its place in the feed; None when Google cannot list
    it."""
    availability = GOOGLE_AVAILABILITY.get(product["availability"])
    if availability is None:
        return None
    fields = [
        *_shared_fields(product, brand),
        *(("additional_image_link", image) for image in _additional_images(product)),
        ("availability", availability),
        ("identifier_exists", "no"),  # handmade: no GTIN or maker's number
    ]
    lines = ["    <item>", *(_element("      ", f"g:{name}", value) for name, value in fields)]
    return "\n".join([*lines, "    </item>"])


def _element(indent: str, name: str, text: str) -> str:
    """One element holding text, escaped and written as ElementTree writes it."""
    if not text:
        return f"{indent}<{name} />"
    return f"{indent}<{name}>{escape(text)}</{name}>"


def meta_catalog_feed(built: list[tuple]) -> bytes:
    lines = [_csv_line(META_COLUMNS), *(line for _entry, _item, line in built)]
    return "".join(lines).encode()


def _meta_line(product: dict, brand: str) -> str:
    """A product's line of the Meta catalog."""
    row = dict(_shared_fields(product, brand))
    row["availability"] = META_AVAILABILITY[product["availability"]]
    row["additional_image_link"] = ",".join(_additional_images(product))
    return _csv_line([row.get(column, "") for column in META_COLUMNS])


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


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


def _cut(text: str, limit: int) -> str:
    """The text whole if it fits, else cut at the last word that fits, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
