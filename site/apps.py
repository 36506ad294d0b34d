from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitegenConfig(AppConfig):
    name = "sitegen"
    verbose_name = _("Static site")

    def ready(self):
        from sitegen.signal_handlers import register_signal_handlers

        register_signal_handlers()
