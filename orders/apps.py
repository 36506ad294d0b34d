"""Inquiries, sales, stock and reports recorded by clerks in place of their paper ledger."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders.signal_handlers import register_signal_handlers

        register_signal_handlers()
