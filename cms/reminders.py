"""Daily reminders, so that a catalog nobody looks after does not die silently: officers hear of
pages waiting for review too long, managers of their products nobody has updated for months."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.health import in_site, reviews_in_progress_since
from cms.models import ProductPage
from sitegen.pages import visible


@dataclass
class Reminders:
    """What each person is reminded of: user → lines, in the order found."""

    waiting: dict = field(default_factory=lambda: defaultdict(list))
    stale: dict = field(default_factory=lambda: defaultdict(list))


def collect_reminders(site, waiting_days: int, stale_days: int, reminders=None) -> Reminders:
    """What the site's reviewers and product owners are reminded of, added to `reminders`."""
    now = timezone.now()
    reminders = reminders or Reminders()
    waiting = reviews_in_progress_since(now - timedelta(days=waiting_days))
    for page, task_state in in_site(waiting, site):
        days = (now - task_state.started_at).days
        task = task_state.task.specific
        authors = task.authors_of(task_state) if hasattr(task, "authors_of") else set()
        for reviewer in reviewers_of(task):
            if reviewer.pk not in authors:
                reminders.waiting[reviewer].append(
                    _("%(title)s: %(days)s days in review") % {"title": page.title, "days": days}
                )
    stale = (
        visible(ProductPage.objects.descendant_of(site.root_page))
        .filter(last_published_at__lte=now - timedelta(days=stale_days), owner__is_active=True)
        .exclude(owner__email="")
    )
    for product in stale.select_related("owner").order_by("last_published_at"):
        days = (now - product.last_published_at).days
        reminders.stale[product.owner].append(
            _("%(code)s %(title)s: not updated for %(days)s days")
            % {"code": product.code, "title": product.title, "days": days}
        )
    return reminders


def reviewers_of(task):
    """The active people with an e-mail address in the groups that approve the task."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__in=task.groups.all(), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
