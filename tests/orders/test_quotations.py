"""Quotations (surat penawaran) through the admin: a clerk answers a business inquiry, the
head approves above the institution's amount, a revision keeps the history, and the PDF letter
says the number, the total and the total in words. Staff of another institution reach none
of it, whatever address they type."""

import io
import re
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from institutions.models import Role
from orders.models import Inquiry, InquiryLine, Quotation, QuotationSettings, QuotationStatus
from orders.money import terbilang
from orders.quotations import next_number
from tests.factories import PhotoFactory, ProductPageFactory
from tests.orders.conftest import logged_in_english

QUOTATIONS = "/admin/orders/quotation/"
YEAR = timezone.localdate().year


@pytest.fixture
def inquiry(home, sandals, whatsapp):
    inquiry = Inquiry.objects.create(
        site=home.get_site(),
        channel=whatsapp,
        customer_name="Ibu Ratna",
        customer_contact="0811-222-333",
        organisation="Hotel Santika",
        message="Kami perlu 300 pasang sandal hotel dengan logo.",
    )
    InquiryLine.objects.create(inquiry=inquiry, product=sandals, quantity=300)
    return inquiry


def quotation_form(*lines, **fields):
    """The form's body; a line is (product, quantity, price) or, to change a saved line,
    (product, quantity, price, line id)."""
    return nested_form_data(
        {
            "customer_name": "Ibu Ratna",
            "customer_contact": "0811-222-333",
            "organisation": "Hotel Santika",
            "lines": inline_formset(
                [
                    {"product": product.pk, "quantity": quantity, "unit_price": price}
                    | ({"id": line_id[0]} if line_id else {})
                    for product, quantity, price, *line_id in lines
                ],
                initial=sum(len(line) == 4 for line in lines),  # saved lines come first
                min=1,
            ),
            "customisation": "Logo hotel dibordir di tali sandal.",
            "lead_time": "3 minggu setelah DP",
            "valid_until": "2026-12-31",
            "payment_terms": "DP 50%, pelunasan sebelum kirim.",
            **fields,
        }
    )


def make_quotation(client, *lines, inquiry=None):
    url = QUOTATIONS + "create/" + (f"?inquiry={inquiry.pk}" if inquiry else "")
    response = client.post(url, quotation_form(*lines))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return Quotation.objects.order_by("-pk").first()


def action(client, quotation, name):
    return client.post(f"{QUOTATIONS}{name}/{quotation.pk}/")


def is_refused(response) -> bool:
    """The admin's answer to a request the user has no permission for."""
    return response.status_code == 302 and response.url == "/admin/"


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


# Amounts in words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (115, "seratus lima belas"),
        (1000, "seribu"),
        (1_001_500, "satu juta seribu lima ratus"),
        (2_500_000, "dua juta lima ratus ribu"),
        (6_000_000, "enam juta"),
        (
            12_345_678,
            "dua belas juta tiga ratus empat puluh lima ribu enam ratus tujuh puluh delapan",
        ),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
    ],
)
def test_amounts_in_words(amount, words):
    assert terbilang(amount) == words


# Tier prices, totals, numbers


def test_a_quotation_from_an_inquiry_starts_with_its_buyer_and_products(
    clerk_client, inquiry, letterhead
):
    page = clerk_client.get(QUOTATIONS + "create/", {"inquiry": inquiry.pk}).content.decode()

    assert 'value="Hotel Santika"' in page
    assert 'name="lines-0-quantity" value="300"' in page
    assert f'action="{QUOTATIONS}create/?inquiry={inquiry.pk}"' in page


def test_prices_default_to_the_tier_of_the_quantity_and_the_total_adds_the_lines(
    clerk_client, inquiry, sandals, batik, letterhead
):
    quotation = make_quotation(
        clerk_client,
        (sandals, 99, ""),  # below the first tier: the product's price
        (sandals, 100, ""),  # the 100+ tier
        (sandals, 750, ""),  # the 500+ tier
        (batik, 2, "140000"),  # a price the clerk typed
        inquiry=inquiry,
    )

    prices = [line.unit_price for line in quotation.lines.order_by("pk")]
    assert prices == [25000, 20000, 18500, 140000]
    assert quotation.total == 99 * 25000 + 100 * 20000 + 750 * 18500 + 2 * 140000
    assert quotation.inquiry == inquiry
    assert quotation.number == f"001/SP/LPC/{YEAR}"
    assert quotation.created_by.username == "clerk"


def test_numbers_count_per_institution_and_per_year(
    clerk_client, sandals, letterhead, bandung, bandung_catalog, member_of, client
):
    first = make_quotation(clerk_client, (sandals, 10, ""))
    second = make_quotation(clerk_client, (sandals, 10, ""))
    catalog, workshop = bandung_catalog
    shoes = ProductPageFactory(parent=catalog, workshop=workshop, code="KLT-001", with_photo=False)
    bandung_settings = QuotationSettings.for_site(bandung.site)
    bandung_settings.institution_code = "LPB"
    bandung_settings.save()
    bandung_client = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))

    in_bandung = make_quotation(bandung_client, (shoes, 5, ""))

    assert [first.number, second.number] == [f"001/SP/LPC/{YEAR}", f"002/SP/LPC/{YEAR}"]
    assert in_bandung.number == f"001/SP/LPB/{YEAR}"
    assert next_number(first.site, YEAR + 1) == f"001/SP/LPC/{YEAR + 1}"


# Approval above the institution's amount


def test_below_the_amount_a_clerk_sends_without_approval(clerk_client, sandals, letterhead):
    quotation = make_quotation(clerk_client, (sandals, 100, ""))  # Rp 2.000.000

    action(clerk_client, quotation, "send")

    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT and quotation.approved_by is None


def test_above_the_amount_it_is_not_sent_until_the_head_approves(
    client, clerk, head, sandals, letterhead
):
    clerk_client = logged_in_english(client, clerk)
    quotation = make_quotation(clerk_client, (sandals, 300, ""))  # Rp 6.000.000 > 5.000.000

    refused = action(clerk_client, quotation, "send")
    forged_approval = action(clerk_client, quotation, "approve")
    quotation.refresh_from_db()
    assert is_refused(refused) and is_refused(forged_approval)
    assert quotation.status == QuotationStatus.DRAFT

    head_client = logged_in_english(client.__class__(), head)
    action(head_client, quotation, "approve")
    action(clerk_client, quotation, "send")

    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT
    assert quotation.approved_by == head


def test_an_approved_quotation_is_not_edited_behind_the_heads_back(
    client, clerk, head, sandals, letterhead
):
    clerk_client = logged_in_english(client, clerk)
    quotation = make_quotation(clerk_client, (sandals, 300, ""))
    action(logged_in_english(client.__class__(), head), quotation, "approve")

    forged = clerk_client.post(
        f"{QUOTATIONS}edit/{quotation.pk}/", quotation_form((sandals, 3000, "1"))
    )

    assert is_refused(forged)
    assert [line.quantity for line in quotation.lines.all()] == [300]


# Revisions keep the history


def test_a_revision_keeps_the_earlier_version_as_it_was(clerk_client, sandals, letterhead):
    quotation = make_quotation(clerk_client, (sandals, 100, ""))
    action(clerk_client, quotation, "send")

    response = action(clerk_client, quotation, "revise")
    revision = Quotation.objects.get(previous=quotation)
    [copied_line] = revision.lines.all()
    clerk_client.post(
        f"{QUOTATIONS}edit/{revision.pk}/", quotation_form((sandals, 500, "", copied_line.pk))
    )

    quotation.refresh_from_db()
    revision.refresh_from_db()
    assert response.url == f"{QUOTATIONS}inspect/{revision.pk}/"
    assert (revision.number, revision.revision) == (quotation.number, 1)
    assert revision.total == 500 * 18500
    assert quotation.status == QuotationStatus.SUPERSEDED
    assert [(line.quantity, line.unit_price) for line in quotation.lines.all()] == [(100, 20000)]
    assert quotation.total == 100 * 20000
    assert is_refused(clerk_client.get(f"{QUOTATIONS}edit/{quotation.pk}/"))
    history = clerk_client.get(f"{QUOTATIONS}inspect/{revision.pk}/").content.decode()
    assert f"{quotation.number} revision 1" in history
    assert f'href="{QUOTATIONS}inspect/{quotation.pk}/"' in history


# The PDF letter


def test_the_pdf_letter_has_the_number_total_and_amount_in_words(
    clerk_client, sandals, batik, letterhead
):
    letterhead.logo = PhotoFactory()
    letterhead.save()
    quotation = make_quotation(clerk_client, (sandals, 50, "20000"), (batik, 1, "1500"))

    response = clerk_client.get(f"{QUOTATIONS}pdf/{quotation.pk}/")
    text = pdf_text(response)

    assert quotation.total == 1_001_500
    assert f"001/SP/LPC/{YEAR}" in text
    assert "Rp 1.001.500" in text
    assert "satu juta seribu lima ratus rupiah" in text
    for letterhead_text in ("Lapas Kelas I Contoh", "Jl. Contoh No. 1, Bandung", "Siti Rahmawati"):
        assert letterhead_text in text
    assert "Hotel Santika" in text and "SDL-001" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 1  # the logo


def test_the_pdf_s_file_name_reaches_the_browser_whole_whatever_the_institution_code(
    clerk_client, sandals, letterhead
):
    """The head writes the code of quotation numbers as they like, a quote or an accented
    letter included: the browser still reads the whole name of the letter it opens."""
    letterhead.institution_code = 'LP"É'
    letterhead.save()
    quotation = make_quotation(clerk_client, (sandals, 50, "20000"))

    response = clerk_client.get(f"{QUOTATIONS}pdf/{quotation.pk}/")

    assert file_name_read_strictly(response["Content-Disposition"]) == f'001-SP-LP"É-{YEAR}.pdf'


# A Content-Disposition header as RFC 6266 writes it: ASCII only, each parameter a token or a
# quoted string (a quote inside escaped), a name beyond ASCII as filename* in percent-encoded
# UTF-8. Lenient parsers (Python's) guess at a broken header; browsers cut it short.
TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
QUOTED = r'"(?:[^"\\]|\\.)*"'
PARAMETER = rf"([A-Za-z*]+)=({TOKEN}|{QUOTED})"


def file_name_read_strictly(header: str) -> str:
    assert header.isascii(), header
    assert re.fullmatch(rf"inline(?:; ?{PARAMETER})*", header), header
    parameters = dict(re.findall(PARAMETER, header))
    if "filename*" in parameters:
        return unquote(parameters["filename*"].removeprefix("utf-8''"))
    return re.sub(r"\\(.)", r"\1", parameters["filename"].strip('"'))


# Least privilege


def test_managers_read_quotations_but_do_not_make_or_approve_them(
    client, clerk, manager, sandals, letterhead
):
    quotation = make_quotation(logged_in_english(client, clerk), (sandals, 300, ""))
    manager_client = logged_in_english(client.__class__(), manager)

    assert manager_client.get(QUOTATIONS).status_code == 200
    assert manager_client.get(f"{QUOTATIONS}pdf/{quotation.pk}/").status_code == 200
    assert is_refused(manager_client.get(QUOTATIONS + "create/"))
    assert is_refused(action(manager_client, quotation, "approve"))
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.DRAFT


def test_staff_of_another_institution_reach_nothing(
    client, clerk, sandals, inquiry, letterhead, bandung, member_of
):
    quotation = make_quotation(logged_in_english(client, clerk), (sandals, 300, ""))
    their_head = logged_in_english(client.__class__(), member_of(bandung, Role.HEAD, "hb"))
    their_clerk = logged_in_english(client.__class__(), member_of(bandung, Role.CLERK, "cb"))

    assert is_refused(action(their_head, quotation, "approve"))
    assert is_refused(their_clerk.get(f"{QUOTATIONS}pdf/{quotation.pk}/"))
    assert is_refused(their_clerk.get(f"{QUOTATIONS}inspect/{quotation.pk}/"))
    assert their_clerk.get(QUOTATIONS + "create/", {"inquiry": inquiry.pk}).status_code == 404
    assert quotation.number not in their_clerk.get(QUOTATIONS).content.decode()
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.DRAFT


def test_a_head_sets_the_approval_amount_of_their_own_institution_only(
    client, head, clerk, home, bandung
):
    def settings_url(site):
        return f"/admin/settings/orders/quotationsettings/{site.pk}/"

    head_client = logged_in_english(client, head)
    forged = head_client.post(
        settings_url(bandung.site), {"institution_code": "X", "approval_threshold": "1"}
    )

    assert head_client.get(settings_url(home.get_site())).status_code == 200
    assert is_refused(forged)
    assert QuotationSettings.for_site(bandung.site).approval_threshold == 10_000_000
    clerk_client = logged_in_english(client.__class__(), clerk)
    assert is_refused(clerk_client.get(settings_url(home.get_site())))
