"""The funnel of a month (reach/funnel.py), checked against counts made by hand from the
fixtures' records (tests/reach/conftest.py)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.recording import LineInput
from reach.funnel import Steps, funnel_report
from tests.reach.conftest import count, inquiry, nov, sale

NOVEMBER = date(2026, 11, 1)


def funnel_of(home):
    return funnel_report(NOVEMBER, home.get_site())


def by_code(report):
    return {product.code: product for product in report.products}


def test_each_product_s_month_matches_the_hand_count(november, home):
    report = funnel_of(home)

    products = by_code(report)
    # Views: batik 40 + 20 from Instagram, 10 from WhatsApp, 5 from Tokopedia, 7 direct; clicks
    # 6 to WhatsApp and 2 to Tokopedia; inquiries of 1 and 2 November in Jakarta (not
    # 1 December's); one sale of 2 at Rp 150.000 (the voided one and October's left out).
    assert products["BTK-001"].total == Steps(82, 8, 2, 1, 2, 300000)
    # Sandals: 30 views from Google, 4 clicks to Shopee, two inquiries (one also asks for the
    # batik), a sale of 3 at Rp 120.000 less Rp 15.000.
    assert products["SDL-003"].total == Steps(30, 4, 2, 1, 3, 345000)
    assert products["DMP-002"].total == Steps(views=9)
    assert products["TAS-007"].total == Steps()
    # The draft had nothing to count; another institution's product is not the report's.
    assert set(products) == {"BTK-001", "SDL-003", "DMP-002", "TAS-007"}
    assert report.total == Steps(121, 12, 4, 2, 5, 645000)


def test_each_step_lands_in_one_channel_and_the_channels_add_up(november, home):
    report = funnel_of(home)

    routes = {route.name: (route.takes_orders, steps) for route, steps in report.routes}
    # Views from WhatsApp, Tokopedia and Shopee are of the orders channel; clicks are of the
    # channel the button leads to; inquiries and sales of the channel recorded.
    assert routes["WhatsApp"] == (True, Steps(10, 6, 3, 1, 2, 300000))
    assert routes["Tokopedia"] == (True, Steps(5, 2, 0, 0, 0, 0))
    assert routes["Shopee"] == (True, Steps(0, 4, 1, 1, 3, 345000))
    # The other sources of visitors have views only, and are no orders channel: "direct"
    # visits are not the orders channel Direct / B2B.
    assert routes["Instagram"] == (False, Steps(views=60))
    assert routes["Google"] == (False, Steps(views=30))
    assert routes["Facebook"] == (False, Steps(views=9))
    assert routes["Direct"] == (False, Steps(views=7))
    assert len(routes) == 7
    summed = Steps()
    for _route, steps in report.routes:
        summed.add(steps)
    assert summed == report.total
    # Orders channels first, in the orders app's order.
    assert [route.name for route, _steps in report.routes][:3] == [
        "WhatsApp",
        "Tokopedia",
        "Shopee",
    ]


def test_a_product_s_channels_are_its_own(november, home):
    batik = by_code(funnel_of(home))["BTK-001"]

    assert {route.name: steps for route, steps in batik.routes} == {
        "WhatsApp": Steps(10, 6, 2, 1, 2, 300000),
        "Tokopedia": Steps(5, 2),
        "Instagram": Steps(views=60),
        "Direct": Steps(views=7),
    }


def test_workshops_add_up_their_products(november, home):
    workshops = dict(funnel_of(home).workshops)

    assert workshops == {
        "Batik Tulis": Steps(91, 8, 2, 1, 2, 300000),
        "Sandal Hotel": Steps(30, 4, 2, 1, 3, 345000),
    }


def test_viewed_and_unsold_and_live_but_not_viewed_products_are_named(november, home, whatsapp):
    # A product no longer on the public site still had an inquiry in the month.
    inquiry(whatsapp, nov(20), november["draft"])

    report = funnel_of(home)

    assert [product.code for product in report.viewed_not_sold] == ["DMP-002"]
    assert by_code(report)["DRF-009"].total == Steps(inquiries=1)
    # Nobody could view the product that is not on the public site: it is not named.
    assert [product.code for product in report.not_viewed] == ["TAS-007"]


def test_a_click_to_a_channel_the_orders_app_does_not_have_keeps_its_own_row(products, home):
    count(products["batik"], date(2026, 11, 2), "instagram", 3, destination="olx")

    report = funnel_of(home)

    assert [(route.name, route.takes_orders, steps) for route, steps in report.routes] == [
        ("olx", False, Steps(clicks=3))
    ]
    assert report.total.clicks == 3


def test_clicks_on_every_kind_of_whatsapp_message_count_for_whatsapp(products, home, whatsapp):
    # The order addresses of the bulk-order, made-to-order and notify-me buttons.
    for destination in ("whatsapp", "whatsapp-bulk", "whatsapp-make", "whatsapp-notify"):
        count(products["batik"], date(2026, 11, 2), "instagram", 1, destination=destination)

    report = funnel_of(home)

    assert [(route.name, steps) for route, steps in report.routes] == [
        (whatsapp.name, Steps(clicks=4))
    ]


def test_the_number_of_queries_does_not_grow_with_the_products(make_product, home, clerk, whatsapp):
    def month_of(products):
        for product in products:
            count(product, date(2026, 11, 2), "instagram", 5)
            count(product, date(2026, 11, 2), "instagram", 1, destination="whatsapp")
            inquiry(whatsapp, nov(3), product)
            sale(whatsapp, date(2026, 11, 4), clerk, LineInput(product, 1))

    def queries_of_the_report():
        with CaptureQueriesContext(connection) as queries:
            report = funnel_of(home)
        return len(queries), report

    month_of([make_product(f"FEW-{n:03d}", stock=1) for n in range(2)])
    few, report = queries_of_the_report()
    assert report.total.sales == 2
    month_of([make_product(f"MNY-{n:03d}", stock=1) for n in range(12)])
    many, report = queries_of_the_report()
    assert report.total.sales == 14

    assert many == few
