"""Inquiries: a customer asks about products (on WhatsApp, at the gallery, from a company)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from institutions.models import InstitutionRecord, Role
from institutions.scopes import staff_of
from orders.forms import InquiryForm, InstitutionInlinePanel
from orders.models.customers import CustomerFields
from orders.money import MAX_QUANTITY
from orders.widgets import ProductSelect


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CONVERTED = "converted", _("Converted to a sale")
    LOST = "lost", _("Lost")


class Inquiry(InstitutionRecord, CustomerFields, ClusterableModel):
    """A question or an order that is not a sale yet. Converting it makes the sale from its
    lines, at the products' prices of that moment, so nothing is typed twice."""

    channel = models.ForeignKey(
        "orders.Channel", verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(
        _("message"), blank=True, help_text=_("What the customer asked, in their words.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sale = models.OneToOneField(
        "orders.Sale",
        verbose_name=_("sale"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="inquiry",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("channel"), FieldPanel("status"), FieldPanel("assigned_to")]),
        MultiFieldPanel(CustomerFields.panels, heading=_("Customer")),
        FieldPanel("message"),
        InstitutionInlinePanel("lines", label=_("Products"), min_num=1),
    ]
    base_form_class = InquiryForm

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        who = self.customer_name or self.customer_contact or _("customer")
        return f"#{self.pk or '—'} {who}"

    def clean(self):
        super().clean()
        if self.status == InquiryStatus.CONVERTED and not self.sale_id:
            raise ValidationError(
                {"status": _("Use “Convert to sale” to record the sale of an inquiry.")}
            )
        if self.assigned_to_id and not self.is_assigned_to_own_clerk():
            raise ValidationError(
                {"assigned_to": _("Assign the inquiry to a clerk of its own institution.")}
            )

    def is_assigned_to_own_clerk(self) -> bool:
        return staff_of(self.site_id, Role.CLERK).filter(pk=self.assigned_to_id).exists()

    @property
    def can_convert(self):
        return self.pk is not None and self.sale_id is None and self.status != InquiryStatus.LOST


class InquiryLine(models.Model):
    inquiry = ParentalKey(Inquiry, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "cms.ProductPage", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )

    panels = [FieldRowPanel([FieldPanel("product", widget=ProductSelect), FieldPanel("quantity")])]

    class Meta:
        verbose_name = _("inquiry line")

    def __str__(self):
        return f"{self.quantity} × {self.product}"
