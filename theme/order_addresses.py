"""A product's order addresses: where its order buttons link on the baked site.

Each button (WhatsApp click-to-chat, each marketplace shop) links to an address below the
product's page, ``<product url>pesan/<destination>/``, which the bake writes as a redirect to
what the button would otherwise link to (``sitegen.api.redirect_address``). The storage's access
logs then count the clicks per destination (``manage.py import_traffic``), with no tracker on
the page.
"""

import re

from sitegen.api import redirect_address

# Below the product's URL: "pesan" (order) reads naturally in an Indonesian address.
PREFIX = "pesan/"
_ADDRESS = re.compile(rf"^{PREFIX}(?P<destination>[a-z0-9_-]+?)(?:-\d+)?/$")


def order_address(product_url: str, destination: str, target: str) -> str:
    """The link of the order button to `target`: the product's order address for
    `destination` (``whatsapp``, ``whatsapp-bulk``, ``tokopedia``, ...)."""
    return redirect_address(product_url, f"{PREFIX}{destination}/", target)


def destination_of(subpath: str) -> str | None:
    """The destination of an order address below a product's URL (``pesan/tokopedia-2/`` →
    ``tokopedia``), or None for any other subpath."""
    match = _ADDRESS.match(subpath)
    return match["destination"] if match else None
