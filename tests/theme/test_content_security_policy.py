"""Every baked page carries the Content Security Policy of the public site (theme/base.html), and
nothing in a page needs an exception to it: no inline script, no event-handler attribute."""

from html.parser import HTMLParser

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Script types a browser does not run; CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class PageScan(HTMLParser):
    """The page's policy (and whether it came before anything it governs) and what would break
    under it: inline scripts, on* attributes, javascript: links, inline styles."""

    def __init__(self, html: str):
        super().__init__()
        self.policy = None
        self.loaded_before_policy = []
        self.violations = []
        self._inline_script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.policy = attributes["content"]
        elif self.policy is None and tag in ("script", "link", "style", "img"):
            self.loaded_before_policy.append(tag)
        for name, value in attributes.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.violations.append(f"<{tag} {name}>")
            if name == "style":
                self.violations.append(f"<{tag} style>")
        if tag == "style":
            self.violations.append("<style>")
        is_data = attributes.get("type") in DATA_SCRIPT_TYPES
        self._inline_script = tag == "script" and "src" not in attributes and not is_data

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.violations.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        self._inline_script = None


def test_every_baked_page_has_the_policy_and_needs_no_exception(baked):
    pages = sorted(baked.rglob("*.html"))
    assert len(pages) >= 8  # home, catalog, workshops, products, search, 404...

    for page in pages:
        scan = PageScan(page.read_text())
        name = page.relative_to(baked)
        assert scan.policy == POLICY, name
        assert scan.loaded_before_policy == [], name
        assert scan.violations == [], name


def test_product_pages_keep_their_json_ld(baked):
    html = (baked / "katalog" / "kain-batik-sekar-jagad" / "index.html").read_text()

    assert '<script type="application/ld+json">' in html
    assert PageScan(html).violations == []
