"""Snippets: the catalog's categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Category(index.Indexed, models.Model):
    """A product category (batik, sandals, food...). Shoppers filter the catalog by it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in filter links, e.g. batik.")
    )
    sort_order = models.PositiveIntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers come first in the catalog.")
    )

    google_product_category = models.PositiveIntegerField(
        _("Google product category"),
        null=True,
        blank=True,
        help_text=_(
            "The number of the category in Google’s product taxonomy, e.g. 166 for apparel and "
            "accessories: Google lists the products under it."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("google_product_category"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name
