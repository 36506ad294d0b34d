"""Finding a product by the code a customer quotes.

The public site's WhatsApp button opens a message that carries the product code ("… (kode
BTK-001) …"); customers also type it themselves as "btk 001" or "BTK001". A clerk pastes the
message or types the code, and this finds the product.
"""

import re

from cms.models import ProductPage
from cms.validators import normalise_product_code

# Letters and digits of a code, with a dash, a space or nothing between them.
CODE_IN_TEXT = re.compile(r"\b([A-Za-z]{2,5})[\s\-–]*(\d{3,5})\b")


def codes_in(text: str) -> list[str]:
    """The product codes the text mentions, written the canonical way (`BTK-001`), in order."""
    found = []
    for letters, digits in CODE_IN_TEXT.findall(text or ""):
        code = normalise_product_code(f"{letters}-{digits}")
        if code not in found:
            found.append(code)
    return found


def products_in(text: str, products) -> list[ProductPage]:
    """The products (of the queryset `products`) whose codes the text mentions, in the order
    it mentions them."""
    codes = codes_in(text)
    by_code = {product.code: product for product in products.filter(code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]
