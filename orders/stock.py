"""Moving stock, and what follows when a product runs out or comes back.

The functions here run inside the caller's transaction (`record_movement` opens its own).
A product's `ProductStock` row is locked (SELECT … FOR UPDATE) before its stock is checked and
changed, so of two clerks selling the last item at the same moment, the second waits, then sees
0 and is refused.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cms.models import Availability, ProductPage
from orders.models import ProductStock, StockMovement
from orders.money import MAX_QUANTITY, rupiah
from sitegen.api import rebuild_pages

# Products these availabilities describe are made after the order: selling more than is in
# stock is expected, and the negative stock is what production owes to customers.
MADE_AFTER_ORDER = (Availability.MADE_TO_ORDER, Availability.PRE_ORDER)


def lock_stock(product_ids):
    """The stock rows of these products, created when missing and locked, in id order (so two
    sales of the same products always lock in the same order and cannot deadlock)."""
    rows = {}
    for product_id in sorted(set(product_ids)):
        rows[product_id], _created = ProductStock.objects.select_for_update().get_or_create(
            product_id=product_id
        )
    return rows


def availability_of(product_id):
    """The live page row's availability, read now rather than from a possibly stale object."""
    return ProductPage.objects.filter(pk=product_id).values_list("availability", flat=True).get()


def check_can_take(stock, quantity, availability, code):
    """Refuse to take more than is in stock, unless the product is made after the order."""
    if availability in MADE_AFTER_ORDER or quantity <= stock.quantity:
        return
    raise ValidationError(
        _(
            "Only %(available)s of %(code)s in stock: %(quantity)s cannot be sold. Record the "
            "production intake first, or mark the product as made to order."
        )
        % {"available": max(stock.quantity, 0), "code": code, "quantity": quantity},
        code="out_of_stock",
    )


def move(stock, quantity, kind, user, *, sale=None, reason=""):
    """Record one movement on a locked stock row and keep the row's total and the product's
    public availability in step with it."""
    movement = StockMovement.objects.create(
        product_id=stock.product_id,
        kind=kind,
        quantity=quantity,
        reason=reason,
        sale=sale,
        created_by=user,
    )
    stock.quantity += quantity
    stock.save(update_fields=["quantity"])
    follow_stock(stock)
    log(movement, "wagtail.create", user=user)
    return movement


def record_movement(product, quantity, kind, user, reason=""):
    """A movement a clerk records by hand (intake, return, adjustment), in its own transaction."""
    if not 0 < abs(quantity) <= MAX_QUANTITY:
        raise ValidationError(
            _("A movement moves between 1 and %(most)s items, not %(quantity)s.")
            % {"most": rupiah(MAX_QUANTITY), "quantity": rupiah(quantity)},
            code="quantity_out_of_bounds",
        )
    with transaction.atomic():
        stock = lock_stock([product.pk])[product.pk]
        if quantity < 0:
            check_can_take(stock, -quantity, availability_of(product.pk), product.code)
        return move(stock, quantity, kind, user, reason=reason)


def follow_stock(stock):
    """Show a ready-stock product as sold out when its stock reaches 0, and back in stock when
    it is restocked, if (and only if) orders was what marked it sold out.

    The page row is updated directly, not through a revision: stock is not an editorial change
    and must not publish a manager's pending draft. The site generator re-bakes the page after
    this transaction commits.
    """
    product = ProductPage.objects.only("pk", "code", "availability").get(pk=stock.product_id)
    if product.availability == Availability.READY_STOCK and stock.quantity <= 0:
        show_as(product, Availability.SOLD_OUT, "sold out")
        stock.sold_out_by_stock = True
    elif (
        product.availability == Availability.SOLD_OUT
        and stock.sold_out_by_stock
        and stock.quantity > 0
    ):
        show_as(product, Availability.READY_STOCK, "back in stock")
        stock.sold_out_by_stock = False
    else:
        return
    stock.save(update_fields=["sold_out_by_stock"])


def show_as(product, availability, why):
    """`why` goes into the site generator's history, in English like its other reasons."""
    ProductPage.objects.filter(pk=product.pk).update(
        **ProductPage.availability_change(availability)
    )
    rebuild_pages([product], reason=f"{why}: {product.code}")


def product_published(product):
    """A new revision of a product went live: its availability is the editor's again, so
    re-apply what the stock says (a ready-stock product with no stock shows as sold out)."""
    if not product.stock_movements.exists():
        return  # orders does not count this product's stock
    stock = lock_stock([product.pk])[product.pk]
    stock.sold_out_by_stock = False
    stock.save(update_fields=["sold_out_by_stock"])
    follow_stock(stock)
