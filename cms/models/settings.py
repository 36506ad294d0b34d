"""Per-site settings: who the institution is and how the public reaches it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from cms.marketplaces import SOCIAL_NETWORK_DOMAINS, SocialNetwork
from cms.models.links import MarketplaceLinkBase
from cms.validators import (
    normalise_whatsapp_number,
    validate_link_domain,
    validate_order_message_template,
)

DEFAULT_ORDER_MESSAGE = "Halo, saya ingin memesan {name} (kode {code}). {url}"


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

    panels = [
        MultiFieldPanel(
            [FieldPanel("institution_name"), FieldPanel("address")], heading=_("Institution")
        ),
        MultiFieldPanel(
            [FieldPanel("whatsapp_number"), FieldPanel("order_message_template")],
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
        try:
            validate_order_message_template(self.order_message_template)
        except ValidationError as error:
            errors["order_message_template"] = error
        if errors:
            raise ValidationError(errors)


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
            network = SocialNetwork(self.network)
            try:
                validate_link_domain(self.url, network.label, SOCIAL_NETWORK_DOMAINS[network])
            except ValidationError as error:
                raise ValidationError({"url": error}) from error
