"""Daily reminders, so that a catalog nobody looks after does not die silently: officers hear of
pages waiting for review too long, managers of their products nobody has updated for months.

The pages and products are those the catalog health report lists with the same numbers of days
(the functions of oversight/health.py), so an e-mail never names what the report does not, or leaves
out what it names.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.health import not_updated_products, waiting_reviews, whole_days


@dataclass
class Reminders:
    """What each person is reminded of: user → lines, in the order found."""

    waiting: dict = field(default_factory=lambda: defaultdict(list))
    stale: dict = field(default_factory=lambda: defaultdict(list))


def collect_reminders(site, waiting_days: int, stale_days: int, reminders=None) -> Reminders:
    """What the site's reviewers and product owners are reminded of, added to `reminders`."""
    now = timezone.now()
    reminders = reminders or Reminders()
    for review in waiting_reviews(site, waiting_days, now):
        task = review.task_state.task.specific
        # Who may not approve the page (its submitter and its author) is not asked to.
        authors = task.authors_of(review.task_state) if hasattr(task, "authors_of") else set()
        for reviewer in reviewers_of(task):
            if reviewer.pk not in authors:
                reminders.waiting[reviewer].append(
                    _("%(title)s: %(days)s days in review")
                    % {"title": review.page.title, "days": review.days}
                )
    stale = (
        not_updated_products(site, stale_days, now)
        .filter(owner__is_active=True)
        .exclude(owner__email="")
        .select_related("owner")
        .order_by("last_published_at", "pk")
    )
    for product in stale:
        reminders.stale[product.owner].append(
            _("%(code)s %(title)s: not updated for %(days)s days")
            % {
                "code": product.code,
                "title": product.title,
                "days": whole_days(product.last_published_at, now),
            }
        )
    return reminders


def reviewers_of(task):
    """The active people with an e-mail address in the groups that approve the task."""
    return (
        get_user_model()
        .objects.filter(groups__in=task.groups.all(), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
