"""The catalog's health: what on the public site needs someone's attention, and where to fix it.

Earlier catalogs died silently, a shop untouched for months. This report (an admin page, a panel
on the dashboard and a part of the monthly report) names every live product that cannot sell
well as it is, every page its reviewers have left waiting, and how long ago the public site last
changed. The thresholds are the institution's oversight settings.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Site, TaskState
from wagtail.permissions import policy_registry

from cms.institutions import site_of
from cms.models import (
    Availability,
    InstitutionSettings,
    OversightSettings,
    ProductPage,
    ProductPhoto,
)
from cms.privacy import FILE_NAME_ALT
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


@dataclass
class ProductFindings:
    product: ProductPage
    problems: dict[str, str] = field(default_factory=dict)  # Problem → what exactly

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.product.pk])

    @property
    def labelled_problems(self) -> list[tuple[str, str]]:
        return [(Problem(problem).label, detail) for problem, detail in self.problems.items()]


@dataclass
class WaitingReview:
    page_title: str
    page_id: int
    task_name: str
    days: int

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


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
    def settings_url(self):
        return reverse("wagtailsettings:edit", args=["cms", "institutionsettings", self.site.pk])

    @property
    def publications_url(self):
        return reverse("sitegen_deployment:index")


def check_catalog_health(site: Site | None = None) -> CatalogHealth:
    site = site or Site.objects.get(is_default_site=True)
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


def product_findings(site, thresholds, whatsapp_number_missing, now) -> list[ProductFindings]:
    """Every live product of the site with at least one problem, by code (three queries)."""
    products = visible(ProductPage.objects.descendant_of(site.root_page)).only(
        "pk", "title", "code", "availability", "sold_out_since", "last_published_at"
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
    findings = []
    for product in products.values():
        problems = problems_of(product, alt_texts[product.pk], thresholds, now)
        if whatsapp_number_missing and product.pk not in with_links:
            problems[Problem.NO_WAY_TO_ORDER] = ""
        if problems:
            findings.append(ProductFindings(product, problems))
    return findings


def problems_of(product, alt_texts, thresholds, now) -> dict[str, str]:
    problems = {}
    if not alt_texts:
        problems[Problem.NO_PHOTO] = ""
    undescribed = sum(not described(alt_text) for alt_text in alt_texts)
    if undescribed:
        problems[Problem.NO_ALT_TEXT] = _("%(count)s of %(total)s photos") % {
            "count": undescribed,
            "total": len(alt_texts),
        }
    sold_out_days = days_since(product.sold_out_since, now)
    if product.availability == Availability.SOLD_OUT and (
        sold_out_days is not None and sold_out_days > thresholds.sold_out_days
    ):
        problems[Problem.SOLD_OUT_TOO_LONG] = _("%(days)s days") % {"days": sold_out_days}
    stale_days = days_since(product.last_published_at, now)
    if stale_days is not None and stale_days > thresholds.stale_product_days:
        problems[Problem.NOT_UPDATED] = _("%(days)s days") % {"days": stale_days}
    return problems


def described(alt_text: str) -> bool:
    """Alt text that tells what the photo shows (a camera's file name does not)."""
    return bool(alt_text.strip()) and not FILE_NAME_ALT.search(alt_text)


def days_since(moment, now) -> int | None:
    return (now - moment).days if moment else None


def reviews_in_progress_since(cutoff):
    """Tasks of the review workflow started before `cutoff` and still waiting for a decision."""
    return TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, started_at__lte=cutoff
    ).select_related("revision", "task")


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
    waiting = reviews_in_progress_since(now - timedelta(days=days)).order_by("started_at")
    return [
        WaitingReview(
            page_title=page.get_admin_display_title(),
            page_id=page.pk,
            task_name=task_state.task.name,
            days=(now - task_state.started_at).days,
        )
        for page, task_state in in_site(waiting, site)
    ]


# The admin: the report page and the dashboard panel, for managers, officers and the head.

HEALTH_PERMISSION = "cms.view_catalog_health"


def catalog_health_view(request):
    if not request.user.has_perm(HEALTH_PERMISSION):
        raise PermissionDenied
    health = check_catalog_health(site_of(request.user))
    thresholds_policy = policy_registry.get_by_type(OversightSettings)
    can_change_thresholds = thresholds_policy.user_has_permission_for_instance(
        request.user, "change", health.site
    )
    return render(
        request,
        "cms/health/report.html",
        {"health": health, "can_change_thresholds": can_change_thresholds},
    )


class CatalogHealthPanel(Component):
    """The health of the catalog of the user's institution, on their dashboard."""

    name = "catalog_health"
    template_name = "cms/health/panel.html"
    order = 80

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context=None):
        return {"health": check_catalog_health(self.site)}
