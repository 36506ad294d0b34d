"""Names that must never appear on the public site, kept by each institution."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from institutions.models import InstitutionRecord


class ProtectedName(InstitutionRecord):
    """A person's full name (for example a current inmate's) that a reviewing officer is warned
    about when it appears in a page of the institution. Seen and kept by the institution's
    officers and head only; never baked, never shown to managers or to other institutions."""

    name = models.CharField(_("full name"), max_length=150, help_text=_("As it would be written."))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="one_protected_name_per_site")
        ]
        verbose_name = _("protected name")
        verbose_name_plural = _("protected names")

    def __str__(self):
        return self.name
