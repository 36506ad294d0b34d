"""The catalog's health: what on the public site needs someone's attention, and where to fix it.

Earlier catalogs died silently, a shop untouched for months. This report (an admin page, a panel
on the dashboard and a part of the monthly report) names every live product that cannot sell
well as it is, every page its reviewers have left waiting, and how long ago the public site last
changed. The thresholds are the institution's oversight settings.

Every threshold means "more than N days": a moment exactly N days ago is not yet too long ago,
one a second earlier is (`cut_off`). The report, its dashboard panel, the reminders
(oversight/reminders.py) and the monthly report (oversight/accountability.py) all list through the
functions here, so they always name the same products and pages.

The report links each item to where it is fixed only for the users who may go there (`add_links`);
the others read whom to ask instead of following a link that turns them away.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Site, TaskState
from wagtail.permissions import policy_registry

from cms.models import Availability, InstitutionSettings, ProductPage, ProductPhoto
from cms.privacy import alt_text_says_nothing
from institutions.scopes import site_of
from oversight.models import OversightSettings
from reach.funnel import UNSEEN_DAYS, unseen_products
from sitegen.models import Deployment, Status
from sitegen.pages import visible


class Problem(models.TextChoices):
    """What can be wrong with a live product. (The price cannot be missing: the model requires
    one above Rp 0.)"""

    NO_PHOTO = "no_photo", _("No photo")
    NO_ALT_TEXT = "no_alt_text", _("Photo without alt text")
    NO_WAY_TO_ORDER = "no_way_to_order", _("No marketplace link and no WhatsApp number")
    SOLD_OUT_TOO_LONG = "sold_out_too_long", _("Sold out too long")
    NOT_UPDATED = "not_updated", _("Not updated for a long time")
    # From the public site's access logs (reach/funnel.py): only once traffic is imported.
    NOT_SEEN = "not_seen", format_lazy(_("Seen 0 times in {days} days"), days=UNSEEN_DAYS)


@dataclass
class ProductFindings:
    product: ProductPage
    problems: dict[str, str] = field(default_factory=dict)  # Problem → what exactly
    edit_url: str | None = None  # set by `add_links` for a user who may edit the product

    @property
    def labelled_problems(self) -> list[tuple[str, str]]:
        return [(Problem(problem).label, detail) for problem, detail in self.problems.items()]


@dataclass
class WaitingReview:
    page: Page
    task_state: TaskState
    days: int
    edit_url: str | None = None  # set by `add_links` for a user who may open the page

    @property
    def page_title(self) -> str:
        return self.page.get_admin_display_title()

    @property
    def task_name(self) -> str:
        return self.task_state.task.name


@dataclass
class CatalogHealth:
    site: Site
    thresholds: OversightSettings
    products: list[ProductFindings]
    waiting_reviews: list[WaitingReview]
    whatsapp_number_missing: bool
    last_publication: Deployment | None
    failed_publications_since: int
    checked_at: datetime
    # Set by `add_links` for a user who may open them (the head; officers for publications).
    settings_url: str | None = None
    thresholds_url: str | None = None
    publications_url: str | None = None

    def count(self, problem: Problem) -> int:
        return sum(problem in findings.problems for findings in self.products)

    @property
    def problem_counts(self) -> list[tuple[Problem, int]]:
        return [(problem, self.count(problem)) for problem in Problem]

    @property
    def since_last_publication(self) -> timedelta | None:
        if self.last_publication is None:
            return None
        return self.checked_at - self.last_publication.started_at

    @property
    def is_healthy(self) -> bool:
        return not (
            self.products
            or self.waiting_reviews
            or self.whatsapp_number_missing
            or self.failed_publications_since
        )

    @property
    def some_products_unlinked(self) -> bool:
        return any(findings.edit_url is None for findings in self.products)

    @property
    def some_reviews_unlinked(self) -> bool:
        return any(review.edit_url is None for review in self.waiting_reviews)


def check_catalog_health(site: Site) -> CatalogHealth:
    """The health of one institution's catalog, without links (see `add_links`)."""
    thresholds = OversightSettings.for_site(site)
    now = timezone.now()
    whatsapp_number_missing = not InstitutionSettings.for_site(site).whatsapp_number
    successes = Deployment.objects.filter(site=site, status=Status.SUCCEEDED)
    last_publication = successes.order_by("-started_at").first()
    failures = Deployment.objects.filter(site=site, status=Status.FAILED)
    if last_publication:
        failures = failures.filter(started_at__gt=last_publication.started_at)
    return CatalogHealth(
        site=site,
        thresholds=thresholds,
        products=product_findings(site, thresholds, whatsapp_number_missing, now),
        waiting_reviews=waiting_reviews(site, thresholds.review_waiting_days, now),
        whatsapp_number_missing=whatsapp_number_missing,
        last_publication=last_publication,
        failed_publications_since=failures.count(),
        checked_at=now,
    )


def cut_off(days: int, now: datetime) -> datetime:
    """The moment before which something is "more than `days` days" old: the one rule of every
    threshold of the report, the reminders and the monthly report."""
    return now - timedelta(days=days)


def more_than_days_ago(moment: datetime | None, days: int, now: datetime) -> bool:
    return moment is not None and moment < cut_off(days, now)


def live_products(site):
    """The site's products the public sees: the only ones the report and the reminders check."""
    return visible(ProductPage.objects.descendant_of(site.root_page))


def not_updated_products(site, days: int, now: datetime):
    """The site's live products not published again for more than `days` days."""
    return live_products(site).filter(last_published_at__lt=cut_off(days, now))


def product_findings(site, thresholds, whatsapp_number_missing, now) -> list[ProductFindings]:
    """Every live product of the site with at least one problem, by code (five queries)."""
    fields = ["pk", "title", "code", "availability", "sold_out_since"]
    fields += ["first_published_at", "last_published_at"]
    # And what `add_links` asks to know who may edit each product, in one query for all.
    products = (
        live_products(site).only(*fields, "path", "depth", "owner").prefetch_workflow_states()
    )
    products = {product.pk: product for product in products.order_by("code")}
    alt_texts = defaultdict(list)
    for page_id, alt_text in ProductPhoto.objects.filter(page__in=products).values_list(
        "page_id", "alt_text"
    ):
        alt_texts[page_id].append(alt_text)
    with_links = set()
    if whatsapp_number_missing:
        with_links = set(
            ProductPage.objects.filter(pk__in=products, marketplace_links__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
    today = timezone.localdate(now, timezone.get_default_timezone())
    unseen = unseen_products(site, products.values(), today)
    findings = []
    for product in products.values():
        problems = problems_of(product, alt_texts[product.pk], thresholds, now)
        if whatsapp_number_missing and product.pk not in with_links:
            problems[Problem.NO_WAY_TO_ORDER] = ""
        if product.pk in unseen:
            problems[Problem.NOT_SEEN] = ""
        if problems:
            findings.append(ProductFindings(product, problems))
    return findings


def problems_of(product, alt_texts, thresholds, now) -> dict[str, str]:
    problems = {}
    if not alt_texts:
        problems[Problem.NO_PHOTO] = ""
    undescribed = sum(alt_text_says_nothing(alt_text) for alt_text in alt_texts)
    if undescribed:
        problems[Problem.NO_ALT_TEXT] = _("%(count)s of %(total)s photos") % {
            "count": undescribed,
            "total": len(alt_texts),
        }
    if product.availability == Availability.SOLD_OUT and more_than_days_ago(
        product.sold_out_since, thresholds.sold_out_days, now
    ):
        problems[Problem.SOLD_OUT_TOO_LONG] = _("%(days)s days") % {
            "days": whole_days(product.sold_out_since, now)
        }
    # The same rule as `not_updated_products`, on the product already loaded.
    if more_than_days_ago(product.last_published_at, thresholds.stale_product_days, now):
        problems[Problem.NOT_UPDATED] = _("%(days)s days") % {
            "days": whole_days(product.last_published_at, now)
        }
    return problems


def whole_days(moment, now) -> int:
    """How long ago, as the report and the e-mails show it: whole days, rounded down."""
    return (now - moment).days


def in_site(task_states, site) -> list[tuple[Page, TaskState]]:
    """The task states of these whose page is in the site's tree, with their page (one query)."""
    task_states = list(task_states)
    page_ids = [int(task_state.revision.object_id) for task_state in task_states]
    pages = Page.objects.filter(pk__in=page_ids).descendant_of(site.root_page, inclusive=True)
    pages = pages.in_bulk()
    return [
        (pages[page_id], task_state)
        for page_id, task_state in zip(page_ids, task_states, strict=True)
        if page_id in pages
    ]


def waiting_reviews(site, days, now) -> list[WaitingReview]:
    """The site's review tasks waiting for a decision for more than `days` days, oldest first."""
    waiting = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, started_at__lt=cut_off(days, now)
        )
        .select_related("revision", "task", "workflow_state")
        .order_by("started_at", "pk")
    )
    return [
        WaitingReview(page, task_state, whole_days(task_state.started_at, now))
        for page, task_state in in_site(waiting, site)
    ]


# Links: where each user may fix what the report lists.


def add_links(health: CatalogHealth, user) -> CatalogHealth:
    """Link each item to where `user` may fix it, and nothing they would be turned away from: a
    product or page to its editor if they may edit it, the WhatsApp number and the thresholds
    to the settings if they may change them (the head, through the site's permissions), the
    publications to their history if they may read it (officers and the head)."""
    for findings in health.products:
        findings.edit_url = page_edit_url(findings.product, user)
    for review in health.waiting_reviews:
        review.edit_url = page_edit_url(review.page, user)
    health.settings_url = settings_url(InstitutionSettings, health.site, user)
    health.thresholds_url = settings_url(OversightSettings, health.site, user)
    if policy_registry.get_by_type(Deployment).user_has_permission(user, "view"):
        health.publications_url = reverse("sitegen_deployment:index")
    return health


def page_edit_url(page, user) -> str | None:
    """The page's editor, if the editor lets the user in (the test its edit view makes)."""
    if page.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    return None


def settings_url(setting_model, site, user) -> str | None:
    """The site's settings of this kind, if the user may change them."""
    policy = policy_registry.get_by_type(setting_model)
    if not policy.user_has_permission_for_instance(user, "change", site):
        return None
    meta = setting_model._meta
    return reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name, site.pk])


# The admin: the report page and the dashboard panel, for managers, officers and the head.

HEALTH_PERMISSION = "oversight.view_catalog_health"


def catalog_health_view(request):
    site = site_of(request.user)
    # Without an institution there is no catalog of theirs to show (never another's).
    if site is None or not request.user.has_perm(HEALTH_PERMISSION):
        raise PermissionDenied
    health = add_links(check_catalog_health(site), request.user)
    return render(request, "oversight/health/report.html", {"health": health})


class CatalogHealthPanel(Component):
    """The health of the catalog of the user's institution, on their dashboard."""

    name = "catalog_health"
    template_name = "oversight/health/panel.html"
    order = 80

    def __init__(self, site, user):
        self.site = site
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"health": add_links(check_catalog_health(self.site), self.user)}
