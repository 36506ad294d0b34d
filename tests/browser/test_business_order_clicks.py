"""A business order sent from a phone is counted by the site's own access log: the form opens
WhatsApp with the whole composed message, and the request it makes for its order address is
counted by ``import_traffic`` as an order click of that product, in the channel of the page's
link. The build is served as a web server in front of a folder serves and logs it (the combined
log format), and the demo installation imports that log."""

import functools
import json
import queue
import shutil
import threading
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.management.commands.serve_site import BuildFolderHandler
from tests.browser.conftest import run_demo_command
from tests.browser.test_business_order import a_product_taking_business_orders
from tests.browser.test_public_phone import WHATSAPP_NUMBER

# A person's phone: the import leaves out headless browsers as bots.
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
STORED_CLICKS = """
import json
from reach.models import TrafficCount
rows = TrafficCount.objects.filter(kind="order_click").values_list(
    "page__slug", "channel", "destination", "count"
)
print(json.dumps(sorted(rows)))
"""


class LoggingHandler(BuildFolderHandler):
    """Serves the build as `BuildFolderHandler` does, and logs every request as nginx does."""

    def log_request(self, code="-", size="-"):
        time = datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
        referrer = self.headers.get("Referer", "-")
        agent = self.headers.get("User-Agent", "-")
        line = (
            f'192.0.2.7 - - [{time}] "{self.requestline}" {int(code)} {size} "{referrer}" '
            f'"{agent}"\n'
        )
        with self.server.log_lock, self.server.log_path.open("a") as log:
            log.write(line)
        self.server.logged_paths.put(urlsplit(self.path).path)


@pytest.fixture
def logged_site(demo_site, tmp_path):
    """A copy of the baked demo installation, its build served with an access log. Yields
    (base URL, build folder, installation folder, log file, queue of the paths logged)."""
    _url, demo_build = demo_site
    var_dir = tmp_path / "installation"
    shutil.copytree(demo_build.parent, var_dir)
    build = var_dir / "build"
    handler = functools.partial(LoggingHandler, directory=str(build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.log_path, server.log_lock = tmp_path / "access.log", threading.Lock()
    server.logged_paths = queue.Queue()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        yield url, build, var_dir, server.log_path, server.logged_paths
    finally:
        server.shutdown()
        server.server_close()


def logged_path_ending(paths: queue.Queue, ending: str) -> str:
    """The first path logged from now on that ends with `ending` (waiting for the server)."""
    try:
        while not (path := paths.get(timeout=30)).endswith(ending):
            pass
    except queue.Empty:
        raise AssertionError(f"no request for …{ending} reached the log") from None
    return path


def test_a_business_order_is_counted_as_an_order_click_and_reaches_whatsapp_intact(
    browser, logged_site
):
    url, build, var_dir, log, logged_paths = logged_site
    product = a_product_taking_business_orders(build)
    product_path = urlsplit(product["url"]).path
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, user_agent=ANDROID_CHROME
    )
    page = context.new_page()
    page.route("https://wa.me/**", lambda route: route.abort())  # no network: only its address

    page.goto(f"{url}{product_path}?utm_source=instagram")
    form = page.locator("[data-business-order]")
    form.get_by_label("Jumlah").fill("120")
    form.get_by_label("Kustomisasi yang diminta").fill("Logo & nama hotel, 2 warna")
    with page.expect_request(lambda request: "wa.me" in request.url) as whatsapp:
        form.get_by_role("button", name="Kirim lewat WhatsApp").click()
    logged = logged_path_ending(logged_paths, "/pesan/whatsapp-business/")
    context.close()

    address = urlsplit(whatsapp.value.url)
    message = parse_qs(address.query)["text"][0].splitlines()
    assert (address.netloc, address.path) == ("wa.me", f"/{WHATSAPP_NUMBER}")
    assert message[1:] == [
        f"Jumlah: 120 {product['unit']}",
        "Kustomisasi: Logo & nama hotel, 2 warna",
    ]
    assert logged == f"{product_path}pesan/whatsapp-business/"

    imported = run_demo_command(var_dir, "import_traffic", str(log), "--format", "combined")
    stored = json.loads(run_demo_command(var_dir, "shell", "-c", STORED_CLICKS).splitlines()[-1])

    slug = product_path.rstrip("/").rsplit("/", 1)[-1]
    assert stored == [[slug, "instagram", "whatsapp-business", 1]], imported
