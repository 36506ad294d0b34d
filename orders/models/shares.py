"""How the money of a sale is shared: the inmates' wage share (premi), the state's revenue
(PNBP) and the rest. The head sets the percentages; a workshop may have its own."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def percent_field(label, help_text):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT_VALIDATORS,
        help_text=help_text,
    )


class ShareRates(models.Model):
    """Premi and PNBP percentages of a sale line's net amount; together at most 100."""

    premi_percent = percent_field(_("premi (%)"), _("Inmates' wage share, e.g. 15.00."))
    pnbp_percent = percent_field(_("PNBP (%)"), _("State revenue share, e.g. 20.00."))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        premi, pnbp = self.premi_percent, self.pnbp_percent
        if premi is not None and pnbp is not None and premi + pnbp > 100:
            raise ValidationError(
                {"pnbp_percent": _("Premi and PNBP together cannot be more than 100%.")}
            )


@register_setting(icon="pick")
class ShareSettings(ClusterableModel, ShareRates, BaseSiteSetting):
    """The shares every sale is split into, edited by the head. Each sale line records the
    percentages it was split with, so a change here never rewrites past reports."""

    # Not shown on the public site: changing the shares must not re-bake it.
    shown_on_public_site = False

    panels = [
        FieldRowPanel([FieldPanel("premi_percent"), FieldPanel("pnbp_percent")]),
        InlinePanel("workshop_shares", label=_("Workshops with their own shares")),
    ]

    class Meta:
        verbose_name = _("sales shares")

    def __str__(self):
        return str(self._meta.verbose_name)


class WorkshopShare(ShareRates):
    """A workshop whose sales are split with other percentages than the institution's."""

    settings = ParentalKey(ShareSettings, on_delete=models.CASCADE, related_name="workshop_shares")
    workshop = models.ForeignKey(
        "cms.WorkshopPage", verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [
        FieldPanel("workshop"),
        FieldRowPanel([FieldPanel("premi_percent"), FieldPanel("pnbp_percent")]),
    ]

    class Meta:
        verbose_name = _("workshop share")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "workshop"], name="orders_one_share_per_workshop"
            )
        ]

    def __str__(self):
        return str(self.workshop)


class ShareTable:
    """The percentages of an institution in force now, per workshop: the override, or the
    institution's."""

    def __init__(self, site):
        settings = ShareSettings.for_site(site)
        self.default = (settings.premi_percent, settings.pnbp_percent)
        self.overrides = (
            {
                share.workshop_id: (share.premi_percent, share.pnbp_percent)
                for share in settings.workshop_shares.all()
            }
            if settings.pk
            else {}
        )

    def for_workshop(self, workshop_id):
        return self.overrides.get(workshop_id, self.default)
