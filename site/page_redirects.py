"""Addresses of a page that redirect elsewhere, such as a product's order addresses.

A link that leaves the public site (a WhatsApp click-to-chat, a marketplace shop) is invisible
to the site's own access logs. A template may link instead to an address below the page
(``pesan/whatsapp/``) that the bake writes as a redirect to the real destination: an object
redirect on S3, a tiny refresh page in a folder. The storage then logs every click, and no
tracker runs on the public site.

While a page renders for a bake, ``redirect_address`` records the addresses its template asks
for; the baker writes them beside the page's HTML and deletes them when the page stops asking.
Outside a bake (an officer's preview) nothing is baked to redirect, so the link goes straight
to its destination.
"""

from contextlib import contextmanager
from contextvars import ContextVar

# URL of each address → its destination, while a page renders for a bake.
_recorded: ContextVar[dict[str, str] | None] = ContextVar("page_redirects", default=None)


def redirect_address(page_url: str, subpath: str, target: str) -> str:
    """The link to `target` from the page at `page_url`: the address ``page_url + subpath``,
    written by the bake as a redirect to `target`, or `target` itself outside a bake.

    A subpath asked for again with another destination (two shops on one marketplace) gets a
    number: ``pesan/tokopedia-2/``."""
    recorded = _recorded.get()
    if recorded is None:
        return target
    address, number = page_url + subpath, 1
    while recorded.get(address, target) != target:
        number += 1
        address = f"{page_url}{subpath.rstrip('/')}-{number}/"
    recorded[address] = target
    return address


@contextmanager
def recording_redirects():
    """Collect the redirect addresses asked for inside the block (URL → destination)."""
    recorded = {}
    token = _recorded.set(recorded)
    try:
        yield recorded
    finally:
        _recorded.reset(token)
