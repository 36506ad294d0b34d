"""Tags of the admin's review screens."""

from django import template

from cms.privacy import scan_page

register = template.Library()


@register.simple_tag
def privacy_findings(task_state):
    """What the reviewing officer should look at twice in the revision under review."""
    return scan_page(task_state.revision.as_object())
