"""Validation and normalisation of what editors type: product codes, WhatsApp numbers, links to
marketplaces and social networks, and the order message template."""

import re
import string
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PRODUCT_CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{3,5}$")

# Indonesian mobile numbers: 08xx... nationally, 628xx... internationally, 10 to 14 digits in all.
WHATSAPP_NUMBER_PATTERN = re.compile(r"^628\d{7,11}$")
PHONE_SEPARATORS = re.compile(r"[\s\-.()]")

ORDER_MESSAGE_PLACEHOLDERS = ("name", "code", "url")


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


def host_belongs_to(url: str, domains: tuple[str, ...]) -> bool:
    """True when the URL is https and its host is one of the domains or a subdomain of one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == domain or host.endswith("." + domain) for domain in domains
    )


def validate_link_domain(url: str, label: str, domains: tuple[str, ...]) -> None:
    """Reject a link that does not point to the named service (a typo or a look-alike site)."""
    if not host_belongs_to(url, domains):
        raise ValidationError(
            _("This is not a %(label)s address. Use an https link on %(domains)s."),
            code="wrong_domain",
            params={"label": label, "domains": ", ".join(domains)},
        )


def validate_order_message_template(template: str) -> None:
    """Allow only the placeholders the order button can fill in."""
    try:
        fields = {
            field for _, field, _, _ in string.Formatter().parse(template) if field is not None
        }
    except ValueError as error:
        raise ValidationError(
            _("The message has an unmatched brace: %(error)s."), params={"error": error}
        ) from error
    unknown = sorted(fields - set(ORDER_MESSAGE_PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Use only {name}, {code} and {url}."),
            code="unknown_placeholder",
            params={"unknown": ", ".join("{" + field + "}" for field in unknown)},
        )
