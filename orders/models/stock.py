"""Stock: every change is a movement by a user; the current stock is their sum."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.institutions import site_of_products
from orders.money import MAX_QUANTITY, MAX_UNIT_PRICE


class OfProductsInstitution:
    """Stock belongs to the institution of its product: the one its log entries are of
    (institutions/models/log.py)."""

    def get_institution_site_id(self) -> int:
        return site_of_products([self.product]).pk


class ProductStock(OfProductsInstitution, models.Model):
    """What orders keeps about a product, off the page so the baker can never publish it.

    ``quantity`` is the sum of the product's movements, kept in the same transaction as each
    movement and locked while a sale checks it, so two clerks cannot sell the last item twice.
    """

    product = models.OneToOneField(
        "cms.ProductPage",
        verbose_name=_("product"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="stock",
    )
    quantity = models.IntegerField(_("in stock"), default=0, editable=False)
    cost_of_goods = models.PositiveIntegerField(
        _("cost of goods (HPP, Rp)"),
        default=0,
        validators=[MaxValueValidator(MAX_UNIT_PRICE)],
        help_text=_("What one unit costs to make, in whole rupiah. Used for the margin."),
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low stock at"),
        default=3,
        help_text=_("The dashboard lists the product when its stock is at or below this."),
    )
    # Set when orders marked the product sold out because its stock ran out, so that only
    # those products go back to ready stock on restocking, never one an editor marked.
    sold_out_by_stock = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("product stock")
        verbose_name_plural = _("products' stock")

    def __str__(self):
        return str(self.product)

    @property
    def is_low(self):
        return self.quantity <= self.low_stock_threshold


class MovementKind(models.TextChoices):
    INTAKE = "intake", _("Production intake")
    SALE = "sale", _("Sale")
    RETURN = "return", _("Return")
    VOID = "void", _("Void of a sale")
    ADJUSTMENT = "adjustment", _("Adjustment")
    RESERVATION = "reservation", _("Reserved for a production order")
    RELEASE = "release", _("Released by a cancelled production order")


# What a clerk records by hand; sales, voids and production orders make their own movements.
MANUAL_KINDS = [MovementKind.INTAKE, MovementKind.RETURN, MovementKind.ADJUSTMENT]


class StockMovement(OfProductsInstitution, models.Model):
    """One change of a product's stock: positive in, negative out. Never deleted."""

    product = models.ForeignKey(
        "cms.ProductPage",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    quantity = models.IntegerField(
        _("quantity"),
        validators=[MinValueValidator(-MAX_QUANTITY), MaxValueValidator(MAX_QUANTITY)],
        help_text=_("Positive adds to the stock, negative takes from it."),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required for adjustments, e.g. damaged in storage.")
    )
    sale = models.ForeignKey(
        "orders.Sale",
        verbose_name=_("sale"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["product", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="orders_movement_not_zero")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.product}"
