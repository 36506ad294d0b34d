"""Keep a product's public availability in step with its stock when an editor publishes it,
mark an import failed when the worker importing it stopped, and re-bake the workshop pages when
a buyer gives or withdraws its consent to be named on them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published

from cms.models import ProductPage
from sitegen.recovery import task_interrupted


def on_product_published(sender, instance, **kwargs):
    from orders.stock import product_published

    with transaction.atomic():
        product_published(instance)


def on_task_interrupted(sender, task_path, args, kwargs, **extra):
    from orders.imports import run
    from orders.tasks import import_file

    if task_path == import_file.module_path:
        run.interrupted(*args, **kwargs)


def on_consent_changed(sender, instance, **kwargs):
    from orders.reliability import rebuild_public_record

    rebuild_public_record(instance.site, reason=f"buyer's consent: {instance.organisation}")


def register_signal_handlers():
    page_published.connect(
        on_product_published, sender=ProductPage, dispatch_uid="orders-product-published"
    )
    task_interrupted.connect(on_task_interrupted, dispatch_uid="orders-task-interrupted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_consent_changed,
            sender="orders.BuyerConsent",
            dispatch_uid=f"orders-consent-{signal}",
        )
