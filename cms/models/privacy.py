"""Names that must never appear on the public site, kept by the institution."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtectedName(models.Model):
    """A person's full name (for example a current inmate's) that a reviewing officer is warned
    about when it appears in a page. Seen and kept by officers and the head only; never baked,
    never shown to managers."""

    name = models.CharField(
        _("full name"), max_length=150, unique=True, help_text=_("As it would be written.")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("protected name")
        verbose_name_plural = _("protected names")

    def __str__(self):
        return self.name
