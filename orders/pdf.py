"""The institution's letters to business buyers as PDFs, in its letterhead: the quotation
(surat penawaran), the delivery note (surat jalan) and the invoice (faktur).

Drawn with fpdf2 in the typeface shipped with the project (theme/fonts.py), embedded so its text
can be selected and searched on any machine, with no network. The letter is always in Bahasa
Indonesia, whatever the clerk's admin language: it is an official document of the institution,
so its words are written here in Indonesian rather than translated.
"""

import io

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from django.utils import formats, translation

from cms.models import InstitutionSettings
from orders.models.production import Delivery, Invoice
from orders.models.quotations import Quotation, QuotationSettings
from orders.money import rupiah, terbilang
from theme.fonts import BOLD, REGULAR

FONT = "DejaVu"
LOGO_FILTER = "max-300x300|format-png"
# Column widths of the items table in millimetres; together the text width of an A4 page.
COLUMNS = (10, 78, 22, 30, 40)
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def quotation_pdf(quotation: Quotation) -> bytes:
    pdf, institution, letterhead = _letter(quotation.site, f"Surat Penawaran {quotation.number}")
    _heading(pdf, quotation)
    _items(pdf, quotation)
    _terms(pdf, quotation)
    _signature(pdf, institution, letterhead)
    return bytes(pdf.output())


def delivery_note_pdf(delivery: Delivery) -> bytes:
    """The surat jalan that travels with a delivery: what is delivered of which order, signed
    by the sender and the receiver."""
    order = delivery.order
    pdf, institution, letterhead = _letter(order.site, f"Surat Jalan {delivery.number}")
    _title(pdf, "SURAT JALAN")
    _fields(
        pdf,
        ("Nomor", delivery.number),
        ("Tanggal", _date(delivery.date)),
        ("Pesanan", f"{order} (penawaran tanggal {_date(order.quotation.date)})"),
        ("Kepada", _buyer(order)),
    )
    lines = list(delivery.lines.select_related("line__product"))
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(10, 110, 50), text_align=("CENTER", "LEFT", "RIGHT"), line_height=6
    ) as table:
        table.row(("No", "Produk", "Jumlah dikirim"))
        for index, item in enumerate(lines, start=1):
            product = item.line.product
            table.row(
                (
                    str(index),
                    f"{product.code} — {product.title}",
                    f"{rupiah(item.quantity)} {product.unit}",
                )
            )
    pdf.ln(12)
    top = pdf.get_y()
    for x, heading in ((pdf.l_margin, "Penerima,"), (pdf.w - pdf.r_margin - 70, "Pengirim,")):
        pdf.set_xy(x, top)
        pdf.multi_cell(70, 6, f"{heading}\n\n\n\n(....................................)", align="C")
    return bytes(pdf.output())


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice (faktur) of an order: its lines at the quotation's prices, the total in
    figures and in words, and whether it is paid."""
    order = invoice.order
    pdf, institution, letterhead = _letter(order.site, f"Faktur {invoice.number}")
    _title(pdf, "FAKTUR")
    _fields(
        pdf,
        ("Nomor", invoice.number),
        ("Tanggal", _date(invoice.date)),
        ("Pesanan", str(order)),
        ("Kepada", _buyer(order)),
    )
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=COLUMNS,
        text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=6,
    ) as table:
        table.row(("No", "Produk", "Jumlah", "Harga satuan (Rp)", "Jumlah harga (Rp)"))
        for index, line in enumerate(order.lines.select_related("product"), start=1):
            table.row(
                (
                    str(index),
                    f"{line.product.code} — {line.product.title}",
                    f"{rupiah(line.quantity)} {line.product.unit}",
                    rupiah(line.unit_price),
                    rupiah(line.amount),
                )
            )
    _total(pdf, invoice.total)
    if invoice.paid_on:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, f"LUNAS pada {_date(invoice.paid_on)}", **NEXT_LINE)
    _signature(pdf, institution, letterhead)
    return bytes(pdf.output())


def _letter(site, title):
    """A new A4 letter in the institution's letterhead, in the shipped typeface."""
    institution = InstitutionSettings.for_site(site)
    letterhead = QuotationSettings.for_site(site)
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(institution.institution_name)
    pdf.add_font(FONT, "", str(REGULAR))
    pdf.add_font(FONT, "B", str(BOLD))
    pdf.set_margins(20, 15, 20)
    pdf.add_page()
    _letterhead(pdf, institution, letterhead)
    return pdf, institution, letterhead


def _title(pdf, text):
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, text, align="C", **NEXT_LINE)
    pdf.ln(2)


def _fields(pdf, *fields):
    pdf.set_font(FONT, "", 10)
    for label, value in fields:
        pdf.cell(25, 6, label)
        pdf.multi_cell(0, 6, f": {value}", **NEXT_LINE)
    pdf.ln(3)


def _buyer(order) -> str:
    return ", ".join(part for part in (order.customer_name, order.organisation) if part) or "-"


def _total(pdf, total):
    pdf.set_font(FONT, "B", 10)
    pdf.cell(sum(COLUMNS[:-1]), 7, "Total", align="R")
    pdf.cell(COLUMNS[-1], 7, f"Rp {rupiah(total)}", align="R", **NEXT_LINE)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, f"Terbilang: {terbilang(total)} rupiah", **NEXT_LINE)
    pdf.ln(3)


def _letterhead(pdf, institution, letterhead):
    top = pdf.get_y()
    if letterhead.logo:
        with letterhead.logo.get_rendition(LOGO_FILTER).file.open("rb") as logo:
            pdf.image(io.BytesIO(logo.read()), x=pdf.l_margin, y=top, h=22)
        pdf.set_left_margin(pdf.l_margin + 28)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, institution.institution_name, **NEXT_LINE)
    pdf.set_font(FONT, "", 9)
    if institution.address:
        pdf.multi_cell(0, 5, institution.address, **NEXT_LINE)
    if institution.whatsapp_number:
        pdf.multi_cell(0, 5, f"WhatsApp: +{institution.whatsapp_number}", **NEXT_LINE)
    pdf.set_left_margin(20)
    pdf.set_y(max(pdf.get_y(), top + 24))
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(6)


def _heading(pdf, quotation):
    pdf.set_font(FONT, "", 10)
    number = quotation.number + (f" (revisi {quotation.revision})" if quotation.revision else "")
    for label, value in (
        ("Nomor", number),
        ("Tanggal", _date(quotation.date)),
        ("Perihal", "Surat Penawaran Harga"),
    ):
        pdf.cell(25, 6, label)
        pdf.cell(0, 6, f": {value}", **NEXT_LINE)
    pdf.ln(4)
    pdf.cell(0, 6, "Kepada Yth.", **NEXT_LINE)
    pdf.set_font(FONT, "B", 10)
    for line in (quotation.customer_name, quotation.organisation):
        if line:
            pdf.cell(0, 6, line, **NEXT_LINE)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, "di tempat", **NEXT_LINE)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        "Dengan hormat, menanggapi permintaan Bapak/Ibu, bersama ini kami sampaikan penawaran "
        "harga produk hasil pembinaan kemandirian warga binaan kami sebagai berikut:",
        **NEXT_LINE,
    )
    pdf.ln(2)


def _items(pdf, quotation):
    lines = list(quotation.lines.select_related("product"))
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=COLUMNS,
        text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=6,
        first_row_as_headings=True,
    ) as table:
        table.row(("No", "Produk", "Jumlah", "Harga satuan (Rp)", "Jumlah harga (Rp)"))
        for index, line in enumerate(lines, start=1):
            table.row(
                (
                    str(index),
                    f"{line.product.code} — {line.product.title}",
                    f"{rupiah(line.quantity)} {line.product.unit}",
                    rupiah(line.unit_price),
                    rupiah(line.amount),
                )
            )
    _total(pdf, quotation.total)


def _terms(pdf, quotation):
    terms = [
        ("Kustomisasi", quotation.customisation or "-"),
        ("Waktu pengerjaan", quotation.lead_time),
        ("Berlaku sampai", _date(quotation.valid_until)),
        ("Pembayaran", quotation.payment_terms),
    ]
    for label, value in terms:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(40, 6, label)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 6, f": {value}", **NEXT_LINE)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        "Demikian penawaran ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, kami "
        "ucapkan terima kasih.",
        **NEXT_LINE,
    )


def _signature(pdf, institution, letterhead):
    pdf.ln(8)
    left = pdf.w - pdf.r_margin - 70
    for text, height in (
        (letterhead.head_position or f"Kepala {institution.institution_name}", 24),
        (letterhead.head_name, 6),
    ):
        pdf.set_x(left)
        pdf.multi_cell(70, 6, text, align="C", **NEXT_LINE)
        pdf.ln(height - 6)


def _date(value) -> str:
    with translation.override("id"):
        return formats.date_format(value, "j F Y")
