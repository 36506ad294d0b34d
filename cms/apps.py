from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Catalog")

    def ready(self):
        from cms.images import use_faster_avif_encoding

        use_faster_avif_encoding()
