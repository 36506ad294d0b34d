"""Keep a product's public availability in step with its stock when an editor publishes it."""

from django.db import transaction

from wagtail.signals import page_published

from cms.models import ProductPage


def on_product_published(sender, instance, **kwargs):
    from orders.stock import product_published

    with transaction.atomic():
        product_published(instance)


def register_signal_handlers():
    page_published.connect(
        on_product_published, sender=ProductPage, dispatch_uid="orders-product-published"
    )
