from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitegenConfig(AppConfig):
    name = "sitegen"
    verbose_name = _("Static site")
