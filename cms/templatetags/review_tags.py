"""Tags of the admin's review screens."""

from django import template

from cms.models.workflow import findings_in_review
from cms.privacy import findings_shown_to

register = template.Library()


@register.simple_tag(takes_context=True)
def privacy_findings(context, task_state):
    """What the reviewing officer should look at twice in the revision under review (a
    protected name only to those who may read the list)."""
    user = context["request"].user
    return findings_shown_to(user, findings_in_review(task_state, user))
