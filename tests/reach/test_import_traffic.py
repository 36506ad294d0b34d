"""``manage.py import_traffic`` on samples of the three log formats, written from each format's
documentation: what counts as a view or an order click, on which day and from which channel,
and what is left out (bots, assets, errors, other methods, malformed lines). Each sample's
counts are made by hand below, line by line."""

import gzip
import shutil
from datetime import date
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Site

from cms.models import ProductPage
from reach.models import ImportedLog, TrafficCount
from sitegen.bake import bake
from sitegen.models import PublishSettings
from tests.factories import ProductPageFactory
from tests.reach.conftest import BUCKET, SAMPLES
from tests.sitegen.helpers import publish

DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)


def import_traffic(*paths, log_format, **options):
    output = StringIO()
    call_command("import_traffic", *map(str, paths), format=log_format, stdout=output, **options)
    return output.getvalue()


def counts() -> dict[tuple, int]:
    return {
        (row.page_id, row.day, row.channel, row.kind, row.destination): row.count
        for row in TrafficCount.objects.all()
    }


def s3_expected(pages):
    parang, kawung = pages["batik-parang"], pages["batik-kawung"]
    return {
        # 03:15 UTC is 10:15 in Jakarta; the link carried utm_source=instagram.
        (parang, DEC_1, "instagram", "view", ""): 1,
        # The order address, opened from the page that carried utm_source=instagram.
        (parang, DEC_1, "instagram", "order_click", "whatsapp"): 1,
        (parang, DEC_1, "google", "view", ""): 1,
        # 18:05 UTC on 1 December is 01:05 on 2 December in Jakarta; a 304 is a view too.
        (parang, DEC_2, "whatsapp", "view", ""): 1,
        (kawung, DEC_2, "whatsapp", "view", ""): 1,  # from l.wl.co, WhatsApp's link shim
        (kawung, DEC_2, "direct", "order_click", "tokopedia"): 1,
    }


def test_s3_access_log_counts_views_and_order_clicks(published):
    output = import_traffic(SAMPLES / "s3.log", log_format="s3")

    assert counts() == s3_expected(published)
    default_site = Site.objects.get(is_default_site=True)
    assert set(TrafficCount.objects.values_list("site", flat=True)) == {default_site.pk}
    # Googlebot and WhatsApp's preview, a style sheet, a 404, the publisher's PUT and a HEAD,
    # another institution's bucket, and a line cut short.
    assert "2 bots" in output and "1 assets and feeds" in output
    assert "1 errors (status 400 and above)" in output and "2 not GET" in output
    assert "1 no site of this installation" in output
    assert "1 malformed lines: line 11: not an S3 server access log line" in output
    assert "4 page views and 2 order clicks counted" in output


def test_cloudfront_log_compressed_counts_by_the_host_the_visitor_asked_for(published, tmp_path):
    compressed = tmp_path / "E2EXAMPLE.2026-12-01-03.abcd1234.gz"
    compressed.write_bytes(gzip.compress((SAMPLES / "cloudfront.log").read_bytes()))

    output = import_traffic(compressed, log_format="cloudfront")

    kawung, sandals = published["batik-kawung"], published["sandal-hotel"]
    assert counts() == {
        (kawung, DEC_1, "facebook", "view", ""): 1,
        (kawung, DEC_1, "facebook", "order_click", "whatsapp"): 1,
        # 17:30 UTC is 00:30 the next day in Jakarta.
        (sandals, DEC_2, "tiktok", "view", ""): 1,
        (published[""], DEC_2, "tiktok", "view", ""): 1,
    }
    assert "1 bots" in output and "1 errors (status 400 and above)" in output
    assert "1 no site of this installation" in output and "1 assets and feeds" in output
    assert "1 malformed lines: line 9: 4 fields" in output


def test_combined_log_of_a_folder_of_logs(published, tmp_path):
    folder = tmp_path / "nginx"
    folder.mkdir()
    shutil.copy(SAMPLES / "combined.log", folder / "access.log")

    output = import_traffic(folder, log_format="combined")

    parang, sandals = published["batik-parang"], published["sandal-hotel"]
    assert counts() == {
        (sandals, DEC_1, "tiktok", "view", ""): 1,
        # A folder target serves the order address as its refresh page, with a 200.
        (sandals, DEC_1, "tiktok", "order_click", "whatsapp"): 1,
        (sandals, DEC_1, "shopee", "view", ""): 1,  # 23:59:59 in Jakarta is still 1 December
        (sandals, DEC_2, "direct", "view", ""): 1,
        (parang, DEC_2, "other", "view", ""): 1,  # an utm_source no channel knows
    }
    assert "2 bots" in output and "2 assets and feeds" in output
    assert "2 errors (status 400 and above)" in output and "1 not a page of the site" in output
    assert "1 malformed lines: line 12" in output


def test_a_combined_log_needs_its_site_when_there_are_several(published, bandung):
    with pytest.raises(CommandError, match="name it with --site"):
        import_traffic(SAMPLES / "combined.log", log_format="combined")
    with pytest.raises(CommandError, match="No site has the hostname 'nowhere.test'"):
        import_traffic(SAMPLES / "combined.log", log_format="combined", site="nowhere.test")

    import_traffic(SAMPLES / "combined.log", log_format="combined", site="localhost")

    assert sum(counts().values()) == 5


def test_importing_the_same_log_again_changes_nothing(published, tmp_path):
    import_traffic(SAMPLES / "s3.log", log_format="s3")
    rotated = tmp_path / "s3.log.1.gz"  # the same log, rotated and compressed since
    rotated.write_bytes(gzip.compress((SAMPLES / "s3.log").read_bytes()))

    output = import_traffic(SAMPLES / "s3.log", rotated, log_format="s3")

    assert counts() == s3_expected(published)
    assert "0 lines, 0 views, 0 order clicks, 14 lines imported before" in output
    assert ImportedLog.objects.count() == 1


def test_a_log_that_grew_counts_only_its_new_lines(published, tmp_path):
    lines = (SAMPLES / "s3.log").read_bytes().splitlines(keepends=True)
    log = tmp_path / "access.log"
    log.write_bytes(b"".join(lines[:3]) + lines[3][:40])  # a line being written
    first = import_traffic(log, log_format="s3")
    log.write_bytes(b"".join(lines))

    second = import_traffic(log, log_format="s3")

    assert counts() == s3_expected(published)
    assert "The last line is incomplete: the next import reads it." in first
    assert "11 lines, 2 views, 1 order clicks, 3 lines imported before" in second


def test_a_log_edited_instead_of_grown_is_refused(published, tmp_path):
    log = tmp_path / "access.log"
    shutil.copy(SAMPLES / "s3.log", log)
    import_traffic(log, log_format="s3")
    log.write_text(log.read_text().replace("www.google.co.id", "www.bing.com"))

    output = import_traffic(log, log_format="s3")

    assert "not imported: the part imported before has changed since" in output
    assert counts() == s3_expected(published)


def test_nothing_personal_is_stored(published):
    import_traffic(SAMPLES / "s3.log", log_format="s3")

    stored = [
        str(value)
        for model in (TrafficCount, ImportedLog)
        for row in model.objects.values()
        for value in row.values()
    ]
    assert not any(
        "192.0.2" in value or "Mozilla" in value or "iPhone" in value for value in stored
    )


def s3_line(
    bucket, key, time="03/Dec/2026:02:00:00 +0000", agent="Mozilla/5.0 (Linux; Android 14)"
):
    """A line of an S3 server access log: a visitor's GET through the website endpoint."""
    return (
        f"{'a' * 64} {bucket} [{time}] 192.0.2.3 - {key.replace('/', '')[-16:]} "
        f'WEBSITE.GET.OBJECT {key} "GET /{key.removesuffix("index.html")} HTTP/1.1" 200 - '
        f'5120 5120 12 11 "-" "{agent}" - hostid - - - {bucket}.s3-website.example - - -\n'
    )


def test_a_site_s_requests_never_count_for_another_site_at_the_same_path(
    published, bandung, bandung_catalog, settings, tmp_path
):
    """Two institutions publish to one bucket under their own prefixes, each with a page at
    katalog/batik-parang/: each request counts for the page of the prefix it was served from."""

    default_site = Site.objects.get(is_default_site=True)
    PublishSettings.objects.filter(site=default_site).update(prefix="contoh")
    PublishSettings.objects.update_or_create(site=bandung.site, defaults={"prefix": "bandung"})
    catalog, workshop = bandung_catalog
    for page in (
        bandung.site.root_page.specific,
        catalog,
        workshop.get_parent().specific,
        workshop,
    ):
        publish(page)
    theirs = publish(ProductPageFactory(parent=catalog, workshop=workshop, slug="batik-parang"))
    bake(bandung.site)
    log = tmp_path / "shared-bucket.log"
    log.write_text(
        s3_line(BUCKET, "contoh/katalog/batik-parang/index.html")
        + s3_line(
            BUCKET, "bandung/katalog/batik-parang/index.html", time="03/Dec/2026:02:01:00 +0000"
        )
        + s3_line(
            BUCKET, "bandung/katalog/batik-parang/index.html", time="03/Dec/2026:02:02:00 +0000"
        )
        # The other institution has no such product: never counted for this one's.
        + s3_line(
            BUCKET, "bandung/katalog/batik-kawung/index.html", time="03/Dec/2026:02:03:00 +0000"
        )
    )

    import_traffic(log, log_format="s3")

    rows = {(row.site_id, row.page_id): row.count for row in TrafficCount.objects.all()}
    assert rows == {
        (default_site.pk, published["batik-parang"]): 1,
        (bandung.site.pk, theirs.pk): 2,
    }


def test_a_business_form_s_request_on_s3_counts_as_its_product_s_order_click(published, tmp_path):
    """The business order form of a product taking custom orders counts its click by a request
    for its own order address (theme/static/theme/business_order.js), which S3 answers with
    the address's redirect, and logs, like an order button's."""
    parang = ProductPage.objects.get(pk=published["batik-parang"])
    parang.accepts_custom_orders = True
    publish(parang)
    bake(parang.get_site())
    whatsapp_click = (SAMPLES / "s3.log").read_text().splitlines()[1]
    assert "/pesan/whatsapp/" in whatsapp_click
    log = tmp_path / "s3.log"
    log.write_text(whatsapp_click.replace("/pesan/whatsapp/", "/pesan/whatsapp-business/") + "\n")

    output = import_traffic(log, log_format="s3")

    assert counts() == {(parang.pk, DEC_1, "instagram", "order_click", "whatsapp-business"): 1}
    assert "0 page views and 1 order clicks counted" in output
