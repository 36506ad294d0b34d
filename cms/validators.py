"""Validation and normalisation of what editors type: product codes, WhatsApp numbers, links to
marketplaces and social networks, and the order message template."""

import re
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PRODUCT_CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{3,5}$")

# Indonesian mobile numbers: 08xx... nationally, 628xx... internationally, 10 to 14 digits in all.
WHATSAPP_NUMBER_PATTERN = re.compile(r"^628\d{7,11}$")
PHONE_SEPARATORS = re.compile(r"[\s\-.()]")

ORDER_MESSAGE_PLACEHOLDERS = ("name", "code", "url")
# What an order message template may hold besides text: a placeholder, or a doubled brace for a
# brace. Any other brace is a placeholder it cannot fill in (or a typo).
ORDER_MESSAGE_PART = re.compile(r"\{\{|\}\}|\{(" + "|".join(ORDER_MESSAGE_PLACEHOLDERS) + r")\}")
ORDER_MESSAGE_UNKNOWN = re.compile(r"\{[^{}]*\}|[{}]")
# Far more than a message needs; a link to WhatsApp stays a reasonable size.
ORDER_MESSAGE_MAX_LENGTH = 1000


def normalise_product_code(value: str) -> str:
    """Return the code in upper case, or raise if it is not like `BTK-001`."""
    code = (value or "").strip().upper()
    if not PRODUCT_CODE_PATTERN.match(code):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid product code. Use 2–5 letters, a dash and 3–5 digits, "
                "for example BTK-001."
            ),
            code="invalid_product_code",
            params={"value": value},
        )
    return code


def normalise_whatsapp_number(value: str) -> str:
    """Return the number in the international form wa.me expects.

    `0812-3456-7890` → `6281234567890`.
    """
    digits = PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not WHATSAPP_NUMBER_PATTERN.match(digits):
        raise ValidationError(
            _(
                "“%(value)s” is not an Indonesian mobile number. Write it as 0812-3456-7890 "
                "or +62 812-3456-7890."
            ),
            code="invalid_whatsapp_number",
            params={"value": value},
        )
    return digits


# Browsers and Python read some links differently: in "https://evil.example\@shop.com/" Python
# finds the host shop.com and a browser evil.example (a backslash ends the host for it). So a
# link is refused unless every reader must agree: no backslash, no control character or space
# anywhere, and an authority that is nothing but a host name (no user name, no port, no
# percent-escape, no character a host name cannot hold; internationalised names in their xn--
# form). The link is then stored as rebuilt from those parts.
UNREADABLE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
HOST_NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
# Characters a path, query or fragment keeps as they are; any other is percent-encoded (UTF-8),
# as browsers do.
URL_SAFE_CHARACTERS = "!$%&'()*+,-./:;=?@_~"


def normalise_link(url: str, label: str, domains: tuple[str, ...]) -> str:
    """The https link on one of the domains (or a subdomain), rebuilt from its parts; refuses
    any other link, a typo, a look-alike site or a link that browsers read otherwise."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    belongs = (
        not UNREADABLE_CHARACTERS.search(url)
        and parts.scheme.lower() == "https"
        and HOST_NAME.match(host)
        and any(host == domain or host.endswith("." + domain) for domain in domains)
    )
    if not belongs:
        raise ValidationError(
            _("This is not a %(label)s address. Use an https link on %(domains)s."),
            code="wrong_domain",
            params={"label": label, "domains": ", ".join(domains)},
        )
    path, query, fragment = (
        quote(part, safe=URL_SAFE_CHARACTERS) for part in (parts.path, parts.query, parts.fragment)
    )
    return urlunsplit(("https", host, path or "/", query, fragment))


def validate_order_message_template(template: str) -> None:
    """Allow only what ``fill_order_message`` fills in: {name}, {code} and {url} exactly so (a
    format such as {name:>999999999} would make a message of any size), {{ and }} for braces."""
    unknown = sorted(set(ORDER_MESSAGE_UNKNOWN.findall(ORDER_MESSAGE_PART.sub("", template))))
    if unknown:
        raise ValidationError(
            _(
                "The message cannot hold %(unknown)s. Use only {name}, {code} and {url}, "
                "written exactly so, and {{ or }} for a brace."
            ),
            code="unknown_placeholder",
            params={"unknown": ", ".join(unknown)},
        )
    if len(template) > ORDER_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("The message has %(length)s characters; at most %(limit)s are allowed."),
            code="too_long",
            params={"length": len(template), "limit": ORDER_MESSAGE_MAX_LENGTH},
        )


def fill_order_message(template: str, **values: str) -> str:
    """The template with its placeholders replaced by ``values`` (name, code and url), cut at
    ORDER_MESSAGE_MAX_LENGTH characters. Anything else is left as written, so a template saved
    before these rules cannot make a message of any size either."""

    def replace(match):
        return values[match.group(1)] if match.group(1) else match.group(0)[0]

    return ORDER_MESSAGE_PART.sub(replace, template)[:ORDER_MESSAGE_MAX_LENGTH]
