"""Finding a product by the code a customer quotes, and how many they ask for.

The public site's WhatsApp button opens a message that carries the product code ("… (kode
BTK-001) …"); customers also type it themselves as "btk 001" or "BTK001", and say how many in
digits or in words ("dua buah BTK-001", "selusin BTK-001", "dua kodi SDL-003"). A clerk pastes
the message or types the code, and this finds the products and their quantities.
"""

import re

from cms.models import ProductPage
from cms.validators import normalise_product_code

# Letters and digits of a code, with a dash, a space or nothing between them.
CODE_IN_TEXT = re.compile(r"\b([A-Za-z]{2,5})[\s\-–]*(\d{3,5})\b")
WORD = re.compile(r"\w+")

DIGITS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
# Words that stand for a number on their own ("sebuah" is "one piece").
WHOLE_WORDS = {"sebuah": 1, "sepuluh": 10, "sebelas": 11, "seratus": 100}
# Dozens and scores, as traders count: "selusin" = 12, "dua kodi" = 40.
MULTIPLES = {"lusin": 12, "kodi": 20}
# Words between the quantity and the code that say nothing of the number.
FILLERS = {"buah", "pcs", "pc", "biji", "potong", "lembar", "pasang", "unit", "item", "kode", "x"}
LONGEST_NUMBER = 4  # words, e.g. "dua puluh lima lusin"
# More digits than this are a phone or an order number, not a quantity.
LONGEST_QUANTITY_DIGITS = 4


def codes_in(text: str) -> list[str]:
    """The product codes the text mentions, written the canonical way (`BTK-001`), in order."""
    return list(quantities_in(text))


def quantities_in(text: str, known: set[str] | None = None) -> dict[str, int]:
    """Each code the text mentions, in order, with the quantity written before it (1 when
    none is): "dua buah BTK-001" → {"BTK-001": 2}. With `known`, only those codes are codes:
    in "perlu 300 HDK-001", "perlu 300" looks like one but is the quantity."""
    found = {}
    text = text or ""
    previous_end = 0
    for match in CODE_IN_TEXT.finditer(text):
        letters, digits = match.groups()
        code = normalise_product_code(f"{letters}-{digits}")
        if known is not None and code not in known:
            continue
        if code not in found:
            # Only the words since the previous code: its digits are not this one's quantity.
            found[code] = quantity_before(text[previous_end : match.start()])
        previous_end = match.end()
    return found


def quantity_before(text: str) -> int:
    words = [word.lower() for word in WORD.findall(text)]
    while words and words[-1] in FILLERS:
        words.pop()
    for length in range(min(LONGEST_NUMBER, len(words)), 0, -1):
        value = number_in_words(words[-length:])
        if value:
            return value
    return 1


def number_in_words(words: list[str]) -> int | None:
    """The number the words say as a whole ("12", "dua belas", "tiga puluh lima", "dua
    lusin", "sekodi"), or None when they are not one number."""
    multiple = 1
    if words and words[-1] in MULTIPLES:
        multiple = MULTIPLES[words[-1]]
        words = words[:-1] or ["satu"]
    elif len(words) == 1 and words[0].startswith("se") and words[0][2:] in MULTIPLES:
        return MULTIPLES[words[0][2:]]  # "selusin", "sekodi"
    value = cardinal(words)
    return value * multiple if value else None


def cardinal(words: list[str]) -> int | None:
    if len(words) == 1:
        word = words[0]
        if word.isdigit() and len(word) <= LONGEST_QUANTITY_DIGITS:
            return int(word)
        return WHOLE_WORDS.get(word) or DIGITS.get(word)
    if len(words) == 2 and words[1] == "belas" and words[0] in DIGITS:
        return 10 + DIGITS[words[0]]
    if len(words) in (2, 3) and words[1] == "puluh" and words[0] in DIGITS:
        ones = words[2:]
        if not ones:
            return 10 * DIGITS[words[0]]
        if ones[0] in DIGITS:
            return 10 * DIGITS[words[0]] + DIGITS[ones[0]]
    return None


def products_ordered_in(text: str, products) -> list[tuple[ProductPage, int]]:
    """The products (of the queryset `products`) whose codes the text mentions, in the order
    it mentions them, each with the quantity asked for."""
    mentioned = codes_in(text)
    by_code = {product.code: product for product in products.filter(code__in=mentioned)}
    quantities = quantities_in(text, known=set(by_code))
    return [(by_code[code], count) for code, count in quantities.items()]
