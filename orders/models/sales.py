"""Sales and their lines. A sale is recorded once (orders/recording.py), never deleted; a
mistake is voided with a reason, which returns its stock."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from institutions.models import InstitutionRecord
from orders.forms import InstitutionInlinePanel
from orders.models.customers import CustomerFields
from orders.models.shares import percent_field
from orders.money import MAX_LINE_AMOUNT, MAX_QUANTITY, MAX_UNIT_PRICE
from orders.widgets import ProductSelect


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Not paid")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")


class ShippingStatus(models.TextChoices):
    NOT_SHIPPED = "not_shipped", _("Not shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    HANDED_OVER = "handed_over", _("Handed over in person")


class Sale(InstitutionRecord, CustomerFields, ClusterableModel):
    """A sale through one channel. Totals are the sums of the lines, stored when the sale is
    recorded (its lines never change afterwards), so lists and the dashboard read one row."""

    channel = models.ForeignKey(
        "orders.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="sales",
        limit_choices_to={"active": True},
    )
    external_reference = models.CharField(
        _("order number"),
        max_length=64,
        blank=True,
        help_text=_("The marketplace's order number or the invoice number, if there is one."),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    payment_status = models.CharField(
        _("payment"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PAID
    )
    shipping_status = models.CharField(
        _("shipping"),
        max_length=20,
        choices=ShippingStatus.choices,
        default=ShippingStatus.HANDED_OVER,
    )
    note = models.TextField(_("note"), blank=True)
    total_gross = models.BigIntegerField(_("gross (Rp)"), default=0, editable=False)
    total_discount = models.BigIntegerField(_("discount (Rp)"), default=0, editable=False)
    total_net = models.BigIntegerField(_("total (Rp)"), default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True, editable=False)

    status_panels = [
        FieldRowPanel([FieldPanel("payment_status"), FieldPanel("shipping_status")]),
        MultiFieldPanel(CustomerFields.panels, heading=_("Customer")),
        FieldPanel("note"),
    ]
    panels = [
        FieldRowPanel(
            [FieldPanel("channel"), FieldPanel("external_reference"), FieldPanel("date")]
        ),
        InstitutionInlinePanel("lines", label=_("Products"), min_num=1),
        *status_panels,
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        permissions = [("view_report", _("Can view and export sales reports"))]
        indexes = [
            models.Index(fields=["-date", "-id"], name="orders_sale_date_idx"),
            models.Index(fields=["channel", "-date"], name="orders_sale_channel_date_idx"),
            models.Index(fields=["payment_status", "-date"], name="orders_sale_payment_idx"),
            models.Index(fields=["shipping_status", "-date"], name="orders_sale_shipping_idx"),
            models.Index(fields=["external_reference"], name="orders_sale_reference_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="orders_one_sale_per_order_number",
                violation_error_message=_("This channel already has a sale with this number."),
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.external_reference}".strip() if self.pk else str(_("New sale"))

    @property
    def is_voided(self):
        return self.voided_at is not None


class SaleLine(models.Model):
    """A product sold: quantity, the unit price at the time of sale and a discount on the line.

    Everything a report needs is fixed here when the sale is recorded: the net amount, the
    premi and PNBP shares with the percentages used, the unit cost (HPP) and the workshop, so
    later changes to prices, settings or products never rewrite a past month.
    """

    sale = ParentalKey(Sale, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "cms.ProductPage",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="sale_lines",
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    unit_price = models.PositiveIntegerField(
        _("unit price (Rp)"),
        blank=True,
        validators=[MaxValueValidator(MAX_UNIT_PRICE)],
        help_text=_("Leave empty for the product's current price."),
    )
    discount = models.PositiveBigIntegerField(
        _("discount (Rp)"),
        default=0,
        validators=[MaxValueValidator(MAX_LINE_AMOUNT)],
        help_text=_("On the whole line, in rupiah."),
    )
    workshop = models.ForeignKey(
        "cms.WorkshopPage", on_delete=models.PROTECT, related_name="+", editable=False
    )
    net = models.BigIntegerField(default=0, editable=False)
    premi = models.BigIntegerField(default=0, editable=False)
    pnbp = models.BigIntegerField(default=0, editable=False)
    premi_percent = percent_field(_("premi (%)"), "")
    pnbp_percent = percent_field(_("PNBP (%)"), "")
    unit_cost = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("product", widget=ProductSelect),
                FieldPanel("quantity"),
                FieldPanel("unit_price"),
                FieldPanel("discount"),
            ]
        )
    ]

    class Meta:
        verbose_name = _("sale line")

    def __str__(self):
        return f"{self.quantity} × {self.product}"

    @property
    def gross(self):
        return self.quantity * self.unit_price

    @property
    def rest(self):
        return self.net - self.premi - self.pnbp
