"""The admin host serves staff only: public pages come from the baked site, never from here, and
the admin's pages load nothing from another host."""

import re
from html.parser import HTMLParser

import pytest

from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from sitegen.bake import bake
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish


@pytest.fixture
def product(catalog, workshop, category):
    return ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, title="Tas Anyaman Pandan"
    )


@pytest.fixture
def restricted_product(product):
    return PageViewRestriction.objects.create(
        page=product, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )


def test_anonymous_visitors_get_no_public_page_from_the_admin_host(client, home, product):
    for url in ("/", home.url, product.url):
        assert client.get(url).status_code == 404, url


def test_signed_in_staff_get_no_public_page_from_the_admin_host(client, officer, product):
    client.force_login(officer)

    assert client.get(product.url).status_code == 404


def test_a_restricted_pages_password_cannot_be_tried_on_the_admin_host(
    client, product, restricted_product
):
    assert client.get(product.url).status_code == 404
    password_form = f"/_util/authenticate_with_password/{restricted_product.pk}/{product.pk}/"

    for guess in ("rahasia1", "rahasia", "rahasia2"):
        response = client.post(password_form, {"password": guess, "return_url": product.url})
        assert response.status_code == 404


def test_a_page_behind_a_password_is_not_baked_either(
    home, catalog, workshop, category, product, restricted_product, build_dir
):
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    open_product = publish(
        ProductPageFactory(
            parent=catalog, workshop=workshop, category=category, title="Sandal Kulit Terbuka"
        )
    )
    publish(product)

    bake()

    everything = "".join(
        path.read_text(errors="ignore") for path in build_dir.rglob("*") if path.is_file()
    )
    assert open_product.title in everything
    assert product.title not in everything


def test_the_public_sites_redirects_are_not_followed_on_the_admin_host(client, product):
    # The bake writes them into the public site (sitegen/sitefiles.py).
    Redirect.objects.create(old_path="/tas-pandan", redirect_page=product)

    assert client.get("/tas-pandan/").status_code == 404


def test_officers_still_preview_pages_with_the_public_template(client, officer, product):
    client.force_login(officer)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(product.pk,)))

    assert response.status_code == 200
    assert "Tas Anyaman Pandan" in response.text


class LoadedAddresses(HTMLParser):
    """Every address with a host in the attributes of a page's tags (what the browser loads, or
    scripts may), except the links of ``<a>`` that a user may choose to follow."""

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and not (tag == "a" and name == "href"):
                self.addresses += re.findall(r"(?:https?:)?//[^\s\"'),]+", value)


def outside_addresses(html: str, own_host: str) -> list[str]:
    parser = LoadedAddresses()
    parser.feed(html)
    return [address for address in parser.addresses if f"//{own_host}" not in address]


ADMIN_PAGES = [
    "wagtailadmin_home",
    "wagtailadmin_account",
    "wagtailimages:index",
    "wagtailusers_users:index",
    "wagtailadmin_explore_root",
]


@pytest.mark.parametrize("view_name", ADMIN_PAGES)
def test_admin_pages_load_nothing_from_another_host(client, django_user_model, view_name):
    # A user with an e-mail address: the one Gravatar would be asked about.
    superuser = django_user_model.objects.create_superuser("setup", "setup@lapas.example", "x")
    client.force_login(superuser)

    response = client.get(reverse(view_name))

    assert response.status_code == 200
    assert outside_addresses(response.text, "testserver") == []
