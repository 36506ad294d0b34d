"""What sales, inquiries and imports share: the institution whose record they are."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionRecord(models.Model):
    """A record of one institution (its site); its staff alone see it (orders/institutions.py)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
