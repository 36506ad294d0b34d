"""QR codes that lead from a product's packaging to its page in the catalog."""

import hashlib
import io

import segno

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Made codes are kept with the uploads, like image renditions: making one takes milliseconds,
# which every full bake would otherwise spend again on every product.
CACHE_FOLDER = "qr-codes"


def qr_code_svg(url: str) -> bytes:
    """A QR code of the URL as a scalable SVG (sized by whoever prints or shows it)."""
    name = f"{CACHE_FOLDER}/{hashlib.sha256(url.encode()).hexdigest()[:32]}.svg"
    if default_storage.exists(name):
        with default_storage.open(name) as cached:
            return cached.read()
    svg = make_qr_code_svg(url)
    default_storage.save(name, ContentFile(svg))
    return svg


def make_qr_code_svg(url: str) -> bytes:
    """Error correction level M survives a scuffed label; a fixed mask pattern keeps it fast to
    make and is as valid for scanners as the best-scoring one."""
    code = segno.make_qr(url, error="m", mask=0, boost_error=False)
    svg = io.BytesIO()
    code.save(svg, kind="svg", border=2, xmldecl=False, omitsize=True, title=url)
    return svg.getvalue()
