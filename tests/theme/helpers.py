"""Reading baked HTML the way a browser or a link preview does."""

import json
from html.parser import HTMLParser


class Elements(HTMLParser):
    """Every start tag of a document with its attributes, and the JSON-LD blocks."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.json_ld: list[dict] = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_json_ld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def all(self, tag, **attributes):
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attributes.items())
        ]

    def meta(self, key) -> str | None:
        for name, found in self.tags:
            if name == "meta" and key in (found.get("property"), found.get("name")):
                return found.get("content")
        return None


def read_page(build_dir, path) -> Elements:
    page = Elements((build_dir / path).read_text())
    page.build_dir = build_dir
    return page


def order_targets(page: Elements, kind: str) -> list[str]:
    """Where the page's order buttons of `kind` (``data-order``) lead: each links to one of
    the product's order addresses, which the build redirects to the destination."""
    manifest = json.loads((page.build_dir / ".etalase/manifest.json").read_text())["files"]
    targets = []
    for link in page.all("a", **{"data-order": kind}):
        assert "/pesan/" in link["href"], link["href"]
        targets.append(manifest[link["href"].lstrip("/") + "index.html"]["redirect"])
    return targets
