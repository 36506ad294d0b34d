"""Template filters of the orders admin."""

from django import template

from orders.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """1234500 → "1.234.500", whatever the admin's language."""
    return format_rupiah(int(amount or 0))
