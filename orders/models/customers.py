"""The customer details an inquiry or a sale keeps: only what is needed to answer and deliver."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class CustomerFields(models.Model):
    """A name, one way to reach the customer, and the organisation for B2B orders. No address:
    the marketplace or the courier keeps it; an export's masked buyer data is not copied."""

    customer_name = models.CharField(_("customer name"), max_length=100, blank=True)
    customer_contact = models.CharField(
        _("phone or marketplace username"),
        max_length=100,
        blank=True,
        help_text=_("How to reach the customer, e.g. 0812-3456-7890 or a Shopee username."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("For orders from a hotel, an office or another institution."),
    )

    panels = [
        FieldPanel("customer_name"),
        FieldPanel("customer_contact"),
        FieldPanel("organisation"),
    ]

    class Meta:
        abstract = True
