"""Production orders: what an accepted quotation becomes, from the promise to the payment.

An order keeps the quotation's lines. Each line counts what is reserved from stock when the
order is made (never more than is on hand), what the workshop has made for it since, and what
has been delivered; a delivery (with its surat jalan) takes from what is reserved or made, and
becomes a sale. One invoice per order is made when the clerk asks for it, and its payment is
recorded by the clerk. The rules live in orders/production.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from institutions.models import InstitutionRecord
from orders.models.customers import CustomerFields
from orders.money import MAX_QUANTITY, MAX_UNIT_PRICE

RECORDED_BY = _("recorded by")


def recorded_by_field(verbose_name=RECORDED_BY):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class ProductionOrder(InstitutionRecord, CustomerFields, models.Model):
    """An order a business buyer placed by accepting a quotation, with the delivery date the
    institution promised. ``completed_on`` is the date of the delivery that completed it: the
    on-time record (orders/reliability.py) compares it with the promised date."""

    quotation = models.OneToOneField(
        "orders.Quotation",
        verbose_name=_("quotation"),
        on_delete=models.PROTECT,
        related_name="production_order",
        editable=False,
    )
    promised_date = models.DateField(_("promised delivery date"))
    total = models.BigIntegerField(_("total (Rp)"), default=0, editable=False)
    completed_on = models.DateField(_("delivered in full on"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, editable=False)
    cancelled_by = recorded_by_field(_("cancelled by"))
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_by = recorded_by_field(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("production order")
        verbose_name_plural = _("production orders")
        permissions = [
            ("record_progress", _("Can record production progress")),
            ("record_delivery", _("Can record deliveries")),
            ("record_payment", _("Can make invoices and record their payment")),
        ]
        indexes = [models.Index(fields=["site", "completed_on"])]

    def __str__(self):
        return self.quotation.number if self.quotation_id else str(_("New production order"))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_open(self) -> bool:
        """Still to be made and delivered: neither delivered in full nor cancelled."""
        return self.completed_on is None and not self.is_cancelled


class ProductionOrderLine(models.Model):
    """A product ordered, at the quotation's price, and how far it has come."""

    order = models.ForeignKey(ProductionOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "cms.ProductPage", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(
        _("ordered"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    unit_price = models.PositiveIntegerField(
        _("unit price (Rp)"), validators=[MaxValueValidator(MAX_UNIT_PRICE)]
    )
    reserved = models.PositiveIntegerField(_("reserved from stock"), default=0)
    made = models.PositiveIntegerField(_("made"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("production order line")

    def __str__(self):
        return f"{self.quantity} × {self.product}"

    @property
    def to_make(self) -> int:
        """Made to order: what stock could not cover, less what the workshop has made."""
        return max(self.quantity - self.reserved - self.made, 0)

    @property
    def ready(self) -> int:
        """Reserved or made for the order, and not delivered yet."""
        return self.reserved + self.made - self.delivered

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


class ProductionProgress(models.Model):
    """Items of a line the workshop made on a date, recorded by its manager."""

    line = models.ForeignKey(ProductionOrderLine, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(
        _("quantity made"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    recorded_by = recorded_by_field()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("production progress")

    def __str__(self):
        return f"{self.date}: {self.quantity} × {self.line.product}"


class Delivery(models.Model):
    """A delivery of part or all of an order, with its delivery note (surat jalan) and the sale
    it was recorded as. A delivery the buyer returned keeps its record and its voided sale; its
    goods are the order's again (orders/production.py `return_delivery`)."""

    order = models.ForeignKey(ProductionOrder, on_delete=models.PROTECT, related_name="deliveries")
    number = models.CharField(_("number"), max_length=40)
    date = models.DateField(_("date"))
    sale = models.OneToOneField(
        "orders.Sale", verbose_name=_("sale"), on_delete=models.PROTECT, related_name="delivery"
    )
    recorded_by = recorded_by_field()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, editable=False)
    returned_by = recorded_by_field(_("return recorded by"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return self.number

    @property
    def is_returned(self) -> bool:
        return self.returned_at is not None


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(
        ProductionOrderLine, on_delete=models.PROTECT, related_name="delivery_lines"
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.line.product}"


class Invoice(models.Model):
    """The invoice of an order, numbered per institution and year, for the order's total."""

    order = models.OneToOneField(ProductionOrder, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(_("number"), max_length=40)
    date = models.DateField(_("date"))
    total = models.BigIntegerField(_("total (Rp)"))
    made_by = recorded_by_field(_("made by"))
    paid_on = models.DateField(_("paid on"), null=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    payment_recorded_by = recorded_by_field(_("payment recorded by"))

    class Meta:
        verbose_name = _("invoice")

    def __str__(self):
        return self.number


@register_setting(icon="pick")
class BusinessRecordSettings(BaseSiteSetting):
    """Whether the public workshop pages show the institution's record of business orders
    (delivered, on time, last 12 months). Chosen by the head; off until they choose."""

    show_on_public_site = models.BooleanField(
        _("show the business order record on the workshop pages"),
        default=False,
        help_text=_(
            "One line per workshop: its business orders delivered over the last 12 months and "
            "the share delivered on time. Buyers are named only with their written consent."
        ),
    )

    class Meta:
        verbose_name = _("business order record")

    def __str__(self):
        return str(self._meta.verbose_name)


class PublicRecordShown(models.Model):
    """The figures of a workshop's business record (orders/reliability.py `public_figures`) its
    public page was last rebuilt to show: the daily `refresh_business_record` compares them
    with today's, so that a page is rebuilt when an order leaves the last 12 months, and only
    then."""

    workshop = models.OneToOneField(
        "cms.WorkshopPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    figures = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.workshop_id}: {self.figures}"


class BuyerConsent(InstitutionRecord, models.Model):
    """A buyer's written consent to be named on the public site, as the organisation appears on
    its orders. Without one, the public record counts the buyer's orders but never names it."""

    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        help_text=_("Exactly as on the buyer's orders, e.g. Hotel Santika Bandung."),
    )
    date = models.DateField(_("date of the letter"))
    letter = models.FileField(
        _("scanned letter"),
        upload_to="consent_letters/",
        blank=True,
        help_text=_("Optional: the signed letter, scanned."),
    )
    recorded_by = recorded_by_field()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer's consent")
        verbose_name_plural = _("buyers' consents")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "organisation"], name="orders_one_consent_per_buyer"
            )
        ]

    def __str__(self):
        return self.organisation
