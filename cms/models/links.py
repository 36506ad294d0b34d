"""Links to marketplaces, validated against each marketplace's domains."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from cms.marketplaces import MARKETPLACE_DOMAINS, Marketplace
from cms.validators import normalise_link


class MarketplaceLinkBase(Orderable):
    """A link to a marketplace. A link that is not on the chosen marketplace's domain (a typo,
    another marketplace, a look-alike site) is refused with a message naming the right domains."""

    marketplace = models.CharField(_("marketplace"), max_length=20, choices=Marketplace.choices)
    url = models.URLField(_("link"), max_length=500)

    panels = [FieldPanel("marketplace"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.marketplace and self.url:
            try:
                self.url = self.normalised_url()
            except ValidationError as error:
                raise ValidationError({"url": error}) from error

    def normalised_url(self) -> str:
        marketplace = Marketplace(self.marketplace)
        return normalise_link(self.url, marketplace.label, MARKETPLACE_DOMAINS[marketplace])

    @property
    def public_url(self) -> str:
        """The link the public site shows: a link saved before the check that browsers read
        differently (or stored in a revision since) is left out, never shown under the
        marketplace's name."""
        try:
            return self.normalised_url()
        except (ValidationError, ValueError):
            return ""
