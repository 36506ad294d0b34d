"""Where a customer reached the institution: the channel of an inquiry or a sale."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    MARKETPLACE = "marketplace", _("Marketplace")
    WALK_IN = "walk_in", _("Walk-in gallery")
    EXHIBITION = "exhibition", _("Exhibition")
    DIRECT = "direct", _("Direct / B2B")


class Channel(models.Model):
    """A way customers buy: WhatsApp, each marketplace, the gallery by the visiting room, an
    exhibition, direct orders from organisations. Reports group sales by channel, and an
    import from a marketplace export is recorded under the channel with the matching code."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Short name used by imports and commands, e.g. shopee or tokopedia."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive channels are not offered for new sales.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name
