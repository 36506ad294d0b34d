"""QR codes that lead from a product's packaging to its page in the catalog."""

import io

import segno


def qr_code_svg(url: str) -> bytes:
    """A QR code of the URL as a scalable SVG (sized by whoever prints or shows it).

    Error correction level M survives a scuffed label; a fixed mask pattern keeps it fast to
    make (the bake makes one per product) and is as valid for scanners as the best-scoring one.
    """
    code = segno.make_qr(url, error="m", mask=0, boost_error=False)
    svg = io.BytesIO()
    code.save(svg, kind="svg", border=2, xmldecl=False, omitsize=True, title=url)
    return svg.getvalue()
