from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "etalase_security"
    verbose_name = _("Sign-in security")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cms.security.throttle import forgive_own_failures

        user_logged_in.connect(forgive_own_failures, dispatch_uid="etalase-forgive-own-failures")
