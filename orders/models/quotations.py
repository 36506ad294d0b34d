"""Quotations (surat penawaran) to business buyers, made by a clerk from an inquiry.

A quotation is numbered per institution and year (`001/SP/LPB/2026`) when it is made, approved
by the head when its total is above the institution's threshold, then sent. Once approved or
sent it never changes: a revision is a new quotation with the same number and the next revision
number, and the earlier one stays, read-only, as the history of what the buyer was offered. An
accepted quotation is what a production order will be made from.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from institutions.models import InstitutionRecord
from orders.forms import InstitutionInlinePanel
from orders.models.customers import CustomerFields
from orders.money import MAX_QUANTITY, MAX_UNIT_PRICE
from orders.widgets import ProductSelect

DEFAULT_APPROVAL_THRESHOLD = 10_000_000


@register_setting(icon="doc-full")
class QuotationSettings(BaseSiteSetting):
    """What the institution's quotations need besides its name and address (the institution
    settings): the code in their numbers, the letterhead's logo, who signs them, and the amount
    above which the head approves a quotation before it is sent. Edited by the head."""

    # Not shown on the public site: changing these must not re-bake it.
    shown_on_public_site = False

    institution_code = models.CharField(
        _("code in quotation numbers"),
        max_length=20,
        default="LAPAS",
        help_text=_("e.g. LPB for Lapas Bandung: quotations are numbered 001/SP/LPB/2026."),
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed on the letterhead of quotations."),
    )
    head_name = models.CharField(
        _("head's name"), max_length=150, blank=True, help_text=_("Who signs the quotations.")
    )
    head_position = models.CharField(
        _("head's position"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Kepala Lapas Kelas I Bandung."),
    )
    approval_threshold = models.PositiveBigIntegerField(
        _("approval above (Rp)"),
        default=DEFAULT_APPROVAL_THRESHOLD,
        help_text=_(
            "A quotation whose total is above this amount is approved by the head "
            "before it is sent."
        ),
    )
    payment_terms = models.TextField(
        _("usual payment terms"),
        blank=True,
        default="DP 50% saat pemesanan, pelunasan sebelum pengiriman.",
        help_text=_("What a new quotation proposes; the clerk may change it."),
    )

    panels = [
        FieldPanel("institution_code"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("head_name"), FieldPanel("head_position")]),
        FieldPanel("approval_threshold"),
        FieldPanel("payment_terms"),
    ]

    class Meta:
        verbose_name = _("quotations")

    def __str__(self):
        return str(self._meta.verbose_name)


class QuotationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Revised")


class QuotationCounter(models.Model):
    """The last number of a series of letters (quotations, delivery notes, invoices) of an
    institution in a year, locked while the next one is taken, so that two clerks saving at
    once never get the same number."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    # The letters' code in their numbers: SP (surat penawaran), SJ (surat jalan), INV.
    series = models.CharField(max_length=10, default="SP")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "series", "year"], name="orders_one_counter_per_series_year"
            )
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"


class Quotation(InstitutionRecord, CustomerFields, ClusterableModel):
    """A surat penawaran: products, quantities and prices offered to a business buyer, with
    the customisation, lead time, validity and payment terms. See the module's docstring."""

    inquiry = models.ForeignKey(
        "orders.Inquiry",
        verbose_name=_("inquiry"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="quotations",
    )
    number = models.CharField(_("number"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("revision of"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="next_revision",
    )
    date = models.DateField(_("date"), editable=False)
    customisation = models.TextField(
        _("customisation"),
        blank=True,
        help_text=_("What is made to the buyer's wish, e.g. their logo embroidered."),
    )
    lead_time = models.CharField(
        _("lead time"), max_length=150, help_text=_("e.g. 3 weeks after the down payment.")
    )
    valid_until = models.DateField(_("valid until"))
    payment_terms = models.TextField(_("payment terms"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuotationStatus.choices,
        default=QuotationStatus.DRAFT,
        editable=False,
    )
    total = models.BigIntegerField(_("total (Rp)"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, editable=False)

    panels = [
        MultiFieldPanel(CustomerFields.panels, heading=_("Buyer")),
        InstitutionInlinePanel("lines", label=_("Products"), min_num=1),
        FieldPanel("customisation"),
        FieldRowPanel([FieldPanel("lead_time"), FieldPanel("valid_until")]),
        FieldPanel("payment_terms"),
    ]

    class Meta:
        ordering = ["-year", "-number", "-revision"]
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        permissions = [("approve_quotation", _("Can approve quotations"))]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number", "revision"], name="orders_one_quotation_per_number"
            )
        ]

    def __str__(self):
        if not self.number:
            return str(_("New quotation"))
        if self.revision:
            return _("%(number)s revision %(revision)s") % {
                "number": self.number,
                "revision": self.revision,
            }
        return self.number


class QuotationLine(models.Model):
    """A product offered: the quantity and the unit price, by default the product's price tier
    for that quantity (the clerk may change it)."""

    quotation = ParentalKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "cms.ProductPage", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    unit_price = models.PositiveIntegerField(
        _("unit price (Rp)"),
        blank=True,
        validators=[MaxValueValidator(MAX_UNIT_PRICE)],
        help_text=_("Leave empty for the product's price tier for this quantity."),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("product", widget=ProductSelect),
                FieldPanel("quantity"),
                FieldPanel("unit_price"),
            ]
        )
    ]

    class Meta:
        verbose_name = _("quotation line")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.product}"

    def save(self, *args, **kwargs):
        if self.unit_price is None:
            self.unit_price = self.product.unit_price_for(self.quantity)
        super().save(*args, **kwargs)

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price
