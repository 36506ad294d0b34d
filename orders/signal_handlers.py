"""Keep a product's public availability in step with its stock when an editor publishes it, and
mark an import failed when the worker importing it stopped."""

from django.db import transaction

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


def register_signal_handlers():
    page_published.connect(
        on_product_published, sender=ProductPage, dispatch_uid="orders-product-published"
    )
    task_interrupted.connect(on_task_interrupted, dispatch_uid="orders-task-interrupted")
