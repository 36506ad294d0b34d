"""Per-site settings: who the institution is and how the public reaches it."""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from cms.marketplaces import SOCIAL_NETWORK_DOMAINS, SocialNetwork
from cms.models.links import MarketplaceLinkBase
from cms.validators import (
    fill_order_message,
    normalise_link,
    normalise_whatsapp_number,
    validate_order_message_template,
)

DEFAULT_ORDER_MESSAGE = "Halo, saya ingin memesan {name} (kode {code}). {url}"
DEFAULT_BULK_ORDER_MESSAGE = (
    "Halo, kami dari [nama organisasi] ingin memesan {name} (kode {code}) "
    "sebanyak [jumlah]. Mohon info harga dan waktu pengerjaan. {url}"
)


@register_setting(icon="site")
class InstitutionSettings(ClusterableModel, BaseSiteSetting):
    """The institution behind a catalog site and the ways customers order from it.
    Edited by the Head: the WhatsApp number is where every order message goes."""

    institution_name = models.CharField(
        _("institution name"), max_length=150, help_text=_("e.g. Lapas Kelas I Bandung.")
    )
    address = models.TextField(_("address"), blank=True)
    whatsapp_number = models.CharField(
        _("WhatsApp order number"),
        max_length=20,
        blank=True,
        help_text=_("The number that receives orders, e.g. 0812-3456-7890."),
    )
    order_message_template = models.TextField(
        _("order message"),
        default=DEFAULT_ORDER_MESSAGE,
        help_text=_(
            "The message a customer's WhatsApp opens with. {name}, {code} and {url} are "
            "replaced by the product's name, code and page address."
        ),
    )
    bulk_order_message_template = models.TextField(
        _("bulk or custom order message"),
        default=DEFAULT_BULK_ORDER_MESSAGE,
        help_text=_(
            "The message of the bulk order button, shown on products that accept custom or bulk "
            "orders. Leave [brackets] for what the customer fills in (organisation, quantity); "
            "{name}, {code} and {url} are replaced as above."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("institution_name"), FieldPanel("address")], heading=_("Institution")
        ),
        MultiFieldPanel(
            [
                FieldPanel("whatsapp_number"),
                FieldPanel("order_message_template"),
                FieldPanel("bulk_order_message_template"),
            ],
            heading=_("Ordering"),
        ),
        InlinePanel("shop_links", label=_("Marketplace shops")),
        InlinePanel("social_accounts", label=_("Social accounts")),
    ]

    class Meta:
        verbose_name = _("institution")

    def clean(self):
        super().clean()
        errors = {}
        if self.whatsapp_number:
            try:
                self.whatsapp_number = normalise_whatsapp_number(self.whatsapp_number)
            except ValidationError as error:
                errors["whatsapp_number"] = error
        for name in ("order_message_template", "bulk_order_message_template"):
            try:
                validate_order_message_template(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    # Read on every page of a bake from the one settings object the bake's request caches.
    @cached_property
    def public_shop_links(self):
        return [link for link in self.shop_links.all() if link.public_url]

    @cached_property
    def public_social_accounts(self):
        return [account for account in self.social_accounts.all() if account.public_url]

    def whatsapp_order_url(self, product, page_url: str, *, bulk=False) -> str:
        """The click-to-chat link of a product's order button, or "" without a number."""
        template = self.bulk_order_message_template if bulk else self.order_message_template
        return self.whatsapp_message_url(template, product, page_url)

    def whatsapp_message_url(self, template: str, product, page_url: str) -> str:
        """A click-to-chat link to the institution about a product, or "" without a number.

        The message is percent-encoded as UTF-8 (product names may hold any character), so
        WhatsApp opens with exactly the text of the template.
        """
        if not self.whatsapp_number:
            return ""
        message = fill_order_message(template, name=product.title, code=product.code, url=page_url)
        return f"https://wa.me/{self.whatsapp_number}?text={quote(message, safe='')}"


class ShopLink(MarketplaceLinkBase):
    """The institution's shop on a marketplace."""

    settings = ParentalKey(InstitutionSettings, on_delete=models.CASCADE, related_name="shop_links")


class SocialAccount(Orderable):
    """An account of the institution on a social network."""

    settings = ParentalKey(
        InstitutionSettings, on_delete=models.CASCADE, related_name="social_accounts"
    )
    network = models.CharField(_("network"), max_length=20, choices=SocialNetwork.choices)
    url = models.URLField(_("account link"), max_length=500)

    panels = [FieldPanel("network"), FieldPanel("url")]

    def clean(self):
        super().clean()
        if self.network and self.url:
            try:
                self.url = self.normalised_url()
            except ValidationError as error:
                raise ValidationError({"url": error}) from error

    def normalised_url(self) -> str:
        network = SocialNetwork(self.network)
        return normalise_link(self.url, network.label, SOCIAL_NETWORK_DOMAINS[network])

    @property
    def public_url(self) -> str:
        """The link the public site shows ("": left out), as MarketplaceLinkBase.public_url."""
        try:
            return self.normalised_url()
        except (ValidationError, ValueError):
            return ""
