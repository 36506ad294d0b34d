"""The pages the baker writes besides the theme's carry the public site's Content Security
Policy too: the meta-refresh pages of redirects, and the national catalog, whose policy allows
exactly the image hosts it shows, over https only."""

import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect

from sitegen.bake import bake
from sitegen.national import FeedError, read_feed
from tests.theme.test_content_security_policy import POLICY, PageScan


def test_a_redirect_page_has_the_policy(shop, build_dir):
    Redirect.objects.create(old_path="/lama/batik", redirect_page=shop[0])

    bake()

    scan = PageScan((build_dir / "lama/batik/index.html").read_text())
    assert scan.policy == POLICY
    assert scan.loaded_before_policy == [] and scan.violations == []


def product(name, **thumbnail):
    slug = name.lower().replace(" ", "-")
    return {
        "name": name,
        "url": f"https://lapas-c.example/katalog/{slug}/",
        "thumbnail": {"alt": name, **thumbnail},
    }


def national_catalog(tmp_path, *products):
    feed = tmp_path / "catalog.json"
    feed.write_text(json.dumps({"publisher": {"name": "Lapas C"}, "products": list(products)}))
    output = tmp_path / "nasional"
    call_command(
        "bake_national_catalog", "--output", str(output), "--feed", str(feed), stdout=StringIO()
    )
    return (output / "index.html").read_text()


def test_the_national_catalog_allows_exactly_the_image_hosts_it_shows(db, tmp_path):
    html = national_catalog(
        tmp_path,
        product(
            "Batik Parang",
            jpeg="https://lapas-c.example/media/batik.jpg",
            avif="https://CDN.lapas-c.example:8443/media/batik.avif",
        ),
        product("Tas Kulit", jpeg="http://lapas-d.example/media/tas.jpg"),
        product("Dompet", jpeg="https://evil.example;script-src-elem/dompet.jpg"),
        product("Sandal", jpeg="https://user@lapas-e.example/sandal.jpg"),
    )

    scan = PageScan(html)
    assert scan.policy == POLICY.replace(
        "img-src 'self' data:",
        "img-src 'self' https://cdn.lapas-c.example:8443 https://lapas-c.example",
    )
    assert scan.loaded_before_policy == [] and scan.violations == []
    # Every product is listed; only the https images of plain hosts are shown.
    assert all(name in html for name in ("Batik Parang", "Tas Kulit", "Dompet", "Sandal"))
    assert 'src="https://lapas-c.example/media/batik.jpg"' in html
    assert "lapas-d.example/media" not in html and "evil.example" not in html
    assert "lapas-e.example" not in html


def test_a_national_catalog_without_images_allows_its_own_only(db, tmp_path):
    html = national_catalog(tmp_path, product("Batik Parang"))

    assert PageScan(html).policy == POLICY.replace("img-src 'self' data:", "img-src 'self'")


def test_feeds_are_read_over_https_only(db, tmp_path):
    with pytest.raises(FeedError, match="not an https address"):
        read_feed("http://lapas-b.example/catalog.json")

    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 feeds could not be read"):
        call_command(
            "bake_national_catalog",
            "--output",
            str(tmp_path / "nasional"),
            "--feed",
            "http://lapas-b.example/catalog.json",
            stdout=StringIO(),
            stderr=err,
        )
    assert "read the feed over https" in err.getvalue()
