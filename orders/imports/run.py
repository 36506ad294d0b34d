"""Previewing, queueing and importing a file.

The clerk's confirmation only queues the import (`queue`); the background task of
orders/tasks.py runs `confirm`, which reads the file again (its progress is saved every few
hundred rows, outside any transaction, so the import's page can show it) and then records every
new order in one transaction, or nothing at all.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from orders.imports.plan import ImportPlan, Problem, check_orders, plan_import, read_orders
from orders.models import IMPORT_UNDER_WAY, Import, ImportStatus, PaymentStatus, Sale
from orders.recording import LineInput, record_sales

# Problem rows written into a refused import's outcome; the rest are counted.
PROBLEMS_KEPT = 50


def preview(record: Import) -> ImportPlan:
    return plan_import(record.channel, record.file_name, bytes(record.content or b""), record.site)


def queue(record: Import, user) -> bool:
    """Mark a previewed import as queued and hand it to the background task; False if it was
    already queued or done (a confirmation sent twice queues it once)."""
    from orders.tasks import import_file  # the task imports this module

    queued = Import.objects.filter(pk=record.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED
    )
    if queued:
        import_file.enqueue(record.pk, user.pk if user else None)
    return bool(queued)


def confirm(record: Import, user) -> ImportPlan | None:
    """Import every new order of the file as a sale, in one transaction, or nothing at all.

    The plan is checked again inside the transaction; if any row has a problem now, nothing is
    imported and the import is marked refused. Orders already imported are left alone, so the
    same file imported twice creates nothing the second time. None if the import was already
    run (or is running).
    """
    started = Import.objects.filter(
        pk=record.pk, status__in=[ImportStatus.PREVIEWED, ImportStatus.QUEUED]
    ).update(status=ImportStatus.IMPORTING, rows_done=0)
    if not started:
        return None
    record.refresh_from_db()
    plan, orders = read_orders(
        record.channel,
        record.file_name,
        bytes(record.content or b""),
        on_progress=lambda rows: Import.objects.filter(pk=record.pk).update(rows_done=rows),
    )
    with transaction.atomic():
        plan = check_orders(plan, orders, record.channel, record.site)
        if not plan.problems:
            sales = [(new_sale(record, order), line_inputs(order)) for order in plan.to_create]
            try:
                record_sales(sales, user)  # its own savepoint: a refusal writes nothing
            except ValidationError as refusal:
                plan.problems.extend(Problem(None, message) for message in refusal.messages)
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
    record.rows_done = plan.rows_read
    record.outcome = outcome_of(plan)
    record.content = None
    record.save()
    log(
        record,
        "orders.import",
        user=user,
        data={"status": record.status, "sales_created": record.sales_created},
    )


def outcome_of(plan):
    """The problems in words, one a line, for the import's page once the file is dropped."""
    lines = [
        _("line %(number)s: %(reason)s") % {"number": problem.line_number, "reason": problem.reason}
        if problem.line_number
        else problem.reason
        for problem in plan.problems[:PROBLEMS_KEPT]
    ]
    if len(plan.problems) > PROBLEMS_KEPT:
        lines.append(_("… and %(more)s more.") % {"more": len(plan.problems) - PROBLEMS_KEPT})
    return "\n".join(lines)


def interrupted(import_id: int, user_id: int | None = None) -> None:
    """An import whose worker stopped in the middle (killed, out of memory, a reboot): its
    transaction never committed, so nothing of it was recorded, and it can be confirmed again
    from the file it keeps. Called with the arguments of its task (orders/tasks.py)."""
    if Import.objects.filter(pk=import_id, status__in=IMPORT_UNDER_WAY).update(
        status=ImportStatus.PREVIEWED,
        rows_done=0,
        outcome=_(
            "The import was interrupted (the worker stopped) and recorded nothing. "
            "Check the preview and confirm it again."
        ),
    ):
        log(
            Import.objects.get(pk=import_id),
            "orders.import",
            user=None,
            data={"status": ImportStatus.PREVIEWED, "sales_created": 0},
        )


def fail(record: Import, user) -> None:
    """An import the task could not finish (an error in the code or the database): nothing of
    it was recorded, since its transaction was rolled back. The file is kept so it can be
    looked into."""
    Import.objects.filter(pk=record.pk).update(
        status=ImportStatus.FAILED,
        outcome=_("The import stopped on an error and recorded nothing. Upload the file again."),
    )
    log(record, "orders.import", user=user, data={"status": ImportStatus.FAILED})
