"""Filters of the printable reports."""

from django import template

from cms.formats import thousands

register = template.Library()


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.filter
def cell(value):
    """A table cell as the head reads it: whole numbers grouped by thousands (1.234.500)."""
    return thousands(value) if is_number(value) and isinstance(value, int) else value
