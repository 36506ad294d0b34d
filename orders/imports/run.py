"""Previewing and confirming an import."""

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from orders.imports.plan import ImportPlan, plan_import
from orders.models import Import, ImportStatus, PaymentStatus, Sale
from orders.recording import LineInput, record_sale


def preview(record: Import) -> ImportPlan:
    return plan_import(record.channel, record.file_name, bytes(record.content or b""), record.site)


def confirm(record: Import, user) -> ImportPlan:
    """Import every new order of the file as a sale, in one transaction, or nothing at all.

    The plan is made again inside the transaction; if any row has a problem now, nothing is
    imported and the import is marked refused. Orders already imported are left alone, so the
    same file imported twice creates nothing the second time.
    """
    with transaction.atomic():
        record = Import.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportStatus.PREVIEWED:
            return None
        plan = preview(record)
        if not plan.problems:
            for order in plan.to_create:
                record_sale(new_sale(record, order), line_inputs(order), user)
        finish(record, plan, user)
    return plan


def new_sale(record, order):
    first = order.rows[0]
    return Sale(
        site=record.site,
        channel=record.channel,
        external_reference=order.order_number,
        date=order.date,
        customer_contact=first.buyer,
        payment_status=PaymentStatus.PAID if first.paid else PaymentStatus.UNPAID,
        shipping_status=first.shipping,
        note=_("Imported from %(file)s.") % {"file": record.file_name},
    )


def line_inputs(order):
    return [
        LineInput(
            product=order.products[row.line_number],
            quantity=row.quantity,
            unit_price=row.unit_price,
            discount=row.discount,
        )
        for row in order.rows
    ]


def finish(record, plan, user):
    """Record the outcome and drop the file: the sales now hold what it said."""
    if plan.problems:
        record.status = ImportStatus.REFUSED
    elif plan.to_create:
        record.status = ImportStatus.IMPORTED
    else:
        record.status = ImportStatus.NOTHING_NEW
    record.orders_found = plan.orders_found
    record.sales_created = 0 if plan.problems else len(plan.to_create)
    record.already_imported = len(plan.already_imported)
    record.problems = len(plan.problems)
    record.content = None
    record.save()
    log(
        record,
        "orders.import",
        user=user,
        data={"status": record.status, "sales_created": record.sales_created},
    )
