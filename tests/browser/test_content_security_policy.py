"""The baked demo site works under its own Content Security Policy (theme/base.html): the home
page, the catalog's filter (catalog.js reading /catalog.json) and the search (Pagefind, which
compiles WebAssembly) run in Chromium without a single violation."""

from playwright.sync_api import expect

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
"""


def test_home_filter_and_search_run_without_a_policy_violation(demo_site, phone):
    site_url, _build = demo_site
    page = phone()
    page.add_init_script(REPORT_VIOLATIONS)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "CSP violation" in message.text
            else None
        ),
    )

    page.goto(site_url + "/")
    page.goto(site_url + "/katalog/")
    page.get_by_label("Bengkel kerja").select_option("batik-tulis")
    # Polled from outside the page: page.wait_for_function would itself eval() under the policy.
    expect(page.locator(".cards .card")).to_have_count(6)
    page.goto(site_url + "/cari/")
    page.get_by_label("Produk atau cerita").fill("canting")
    page.get_by_role("button", name="Cari").click()
    page.locator("[data-search-results] a").first.wait_for()
    page.step("search-under-the-policy")

    assert violations == []

    # The policy is in force: a script written into the page is refused, and reported.
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'document.title = \"injected\"'}))"
    )
    page.wait_for_timeout(200)
    assert page.title() != "injected"
    assert any("script-src" in violation for violation in violations)


def test_search_without_web_workers_compiles_its_webassembly_under_the_policy(demo_site, phone):
    """Pagefind compiles its WebAssembly in a web worker, which the page's <meta> policy does not
    govern; where a browser cannot start the worker it does so in the page itself, which is what
    'wasm-unsafe-eval' allows. Without it, this search finds nothing."""
    site_url, _build = demo_site
    page = phone()
    page.add_init_script("delete window.Worker")
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(site_url + "/cari/?q=canting")
    page.locator("[data-search-results] a").first.wait_for()

    assert not [text for text in messages if "Content Security Policy" in text]
