"""A product's order addresses: each order button links to ``<product url>pesan/<destination>/``,
baked as a redirect to exactly what the button linked to before (an object redirect on S3, a
refresh page in a folder), so the storage's access logs count the clicks. A sold-out or
withdrawn product's addresses follow its buttons."""

import functools
import json
import re
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

from cms.models import InstitutionSettings, MarketplaceLink
from sitegen.api import public_page_url
from sitegen.bake import bake
from sitegen.management.commands.serve_site import BuildFolderHandler
from sitegen.publish import publish
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import edit
from tests.sitegen.helpers import publish as publish_page
from theme.templatetags.etalase import SOLD_OUT_MESSAGES

PAGE = "katalog/tas-anyaman/"
ORDER = f"{PAGE}pesan/"
NUMBER = "6281234567890"


@pytest.fixture
def institution(home):
    institution = InstitutionSettings.for_site(home.get_site())
    institution.whatsapp_number = NUMBER
    institution.save()
    return institution


@pytest.fixture
def product(home, catalog, workshop, category, institution):
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish_page(page)
    return publish_page(
        ProductPageFactory(
            parent=catalog,
            workshop=workshop,
            category=category,
            title="Tas Anyaman «Pandan» & Kulit",
            slug="tas-anyaman",
            code="TAS-021",
            accepts_custom_orders=True,
            marketplace_links=[
                MarketplaceLink(marketplace="tokopedia", url="https://www.tokopedia.com/lapas/tas"),
                MarketplaceLink(marketplace="shopee", url="https://shopee.co.id/lapas/tas"),
                MarketplaceLink(
                    marketplace="tokopedia", url="https://www.tokopedia.com/lapas/tas2"
                ),
            ],
        )
    )


def buttons(build_dir) -> dict[str, str]:
    """The product page's order buttons: data-order → href, in the page's order (a kind that
    appears twice gets a number, as the marketplaces do)."""
    html = (build_dir / PAGE / "index.html").read_text()
    found = {}
    for href, kind in re.findall(r'href="([^"]+)" rel="noopener" data-order="([a-z-]+)"', html):
        key, number = kind, 1
        while key in found:
            number += 1
            key = f"{kind}-{number}"
        found[key] = href.replace("&amp;", "&")
    return found


def redirects(build_dir) -> dict[str, str]:
    manifest = json.loads((build_dir / ".etalase/manifest.json").read_text())["files"]
    return {path: entry["redirect"] for path, entry in manifest.items() if "redirect" in entry}


def what_the_buttons_carried(product, institution, *, sold_out=False) -> dict[str, str]:
    """The links the buttons carried before order addresses, made the way they were."""
    product.refresh_from_db()
    url = public_page_url(product)
    if sold_out:
        return {
            f"{ORDER}whatsapp-make/index.html": institution.whatsapp_message_url(
                str(SOLD_OUT_MESSAGES["make"]), product, url
            ),
            f"{ORDER}whatsapp-notify/index.html": institution.whatsapp_message_url(
                str(SOLD_OUT_MESSAGES["notify"]), product, url
            ),
        }
    bulk = institution.whatsapp_order_url(product, url, bulk=True)
    return {
        f"{ORDER}whatsapp/index.html": institution.whatsapp_order_url(product, url),
        f"{ORDER}whatsapp-bulk/index.html": bulk,
        # The business order form's, which counts its sending (the message is composed there).
        f"{ORDER}whatsapp-business/index.html": bulk,
        f"{ORDER}tokopedia/index.html": "https://www.tokopedia.com/lapas/tas",
        f"{ORDER}shopee/index.html": "https://shopee.co.id/lapas/tas",
        f"{ORDER}tokopedia-2/index.html": "https://www.tokopedia.com/lapas/tas2",
    }


def test_each_order_button_links_to_an_address_that_redirects_where_it_linked_before(
    product, institution, build_dir
):
    bake()

    assert buttons(build_dir) == {
        "whatsapp": f"/{ORDER}whatsapp/",
        "whatsapp-bulk": f"/{ORDER}whatsapp-bulk/",
        "marketplace": f"/{ORDER}tokopedia/",
        "marketplace-2": f"/{ORDER}shopee/",
        "marketplace-3": f"/{ORDER}tokopedia-2/",
    }
    expected = what_the_buttons_carried(product, institution)
    assert redirects(build_dir) == expected
    for path, target in expected.items():
        page = (build_dir / path).read_text()
        escaped = target.replace("&", "&amp;")
        assert f'http-equiv="refresh" content="0; url={escaped}"' in page
        assert '<meta name="robots" content="noindex">' in page


def test_order_addresses_are_object_redirects_on_s3(product, institution, build_dir, s3_deployment):
    bake()
    publish(build_dir, s3_deployment.target())

    for path, target in what_the_buttons_carried(product, institution).items():
        assert s3_deployment.head(path)["WebsiteRedirectLocation"] == target


def test_order_addresses_are_refresh_pages_in_a_folder(
    product, institution, build_dir, folder_deployment
):
    bake()
    publish(build_dir, folder_deployment.target())

    for path, target in what_the_buttons_carried(product, institution).items():
        assert f"url={target.replace('&', '&amp;')}".encode() in folder_deployment.read(path)


def test_a_sold_out_product_s_addresses_follow_its_buttons_after_one_bake(
    product, institution, build_dir, deployment
):
    bake()
    publish(build_dir, deployment.target())

    edit(product, availability="sold_out")
    bake(changed_only=True)
    publish(build_dir, deployment.target())

    assert buttons(build_dir) == {
        "whatsapp-make": f"/{ORDER}whatsapp-make/",
        "whatsapp-notify": f"/{ORDER}whatsapp-notify/",
    }
    expected = what_the_buttons_carried(product, institution, sold_out=True)
    assert redirects(build_dir) == expected
    on_target = {path for path in deployment.stored_paths() if path.startswith(ORDER)}
    assert on_target == set(expected)


def test_a_withdrawn_product_leaves_no_order_address(product, build_dir, deployment):
    bake()
    publish(build_dir, deployment.target())

    product.unpublish()
    bake(changed_only=True)
    publish(build_dir, deployment.target())

    assert redirects(build_dir) == {}
    assert not any(path.startswith(PAGE) for path in deployment.stored_paths())


def test_the_preview_links_straight_to_the_destination(product, institution):
    """Nothing is baked behind a preview: its buttons lead where the public's addresses do."""
    html = product.make_preview_request().content.decode()

    assert "/pesan/" not in html
    assert f'href="https://wa.me/{NUMBER}?text=' in html


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_serve_site_answers_an_order_address_with_an_http_redirect(product, institution, build_dir):
    bake()
    handler = functools.partial(BuildFolderHandler, directory=str(build_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(f"http://127.0.0.1:{server.server_address[1]}/{ORDER}whatsapp/?x=1")
    finally:
        server.shutdown()
        server.server_close()

    assert answer.value.code == 301
    expected = what_the_buttons_carried(product, institution)[f"{ORDER}whatsapp/index.html"]
    assert answer.value.headers["Location"] == expected
