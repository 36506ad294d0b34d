from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    """Carrying the approved catalog to buyers and measuring what it brings: share kits,
    traffic counted from the storage's own access logs, and what sells per workshop."""

    name = "reach"
    verbose_name = _("Reach")
