"""The activity record: who drafted, submitted, approved, rejected, published, unpublished,
recorded, imported or voided what, and when.

One report over Wagtail's audit logs: of pages (`PageLogEntry`), of the records of one institution
such as its sales, inquiries, stock movements and imports (`InstitutionLogEntry`) and of the other
records (`ModelLogEntry`). It works like Wagtail's *Site history*
(`wagtail.admin.views.reports.audit_logging.LogEntriesView`): each log model is filtered on its
own, the results are combined with a UNION of (id, timestamp) rows and paginated, and only the
rows of the page shown are loaded, with their users and objects in bulk. The differences:
actions are grouped in plain words, a product's activity includes its sales, inquiries and
stock, and records of orders are shown only to those who may see the sales.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

import django_filters

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, MultipleUserFilter, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, TitleColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.formats import thousands
from cms.models import ProductPage
from cms.privacy import KIND_LABELS as PRIVACY_KIND_LABELS
from institutions.models import InstitutionLogEntry
from institutions.scopes import pages_of, sites_of
from orders.codes import codes_in
from orders.models import (
    Import,
    ImportStatus,
    Inquiry,
    InquiryLine,
    ProductStock,
    Sale,
    SaleLine,
    StockMovement,
)
from orders.reports import safe

ACTIVITY_PERMISSION = "oversight.view_activity"
# Orders' records are about money: only who may see the sales sees them here.
ORDERS_PERMISSION = "orders.view_sale"
# Rows exported per round trip: bounded memory and query size at any number of entries.
EXPORT_BATCH = 500
# An export writes 900 to 2,500 rows a second on the 2-core development machine (busy or not),
# so this many take at most about 23 s: a larger one would outlast gunicorn's 30 s timeout, and
# the reader is asked to narrow the filters instead.
EXPORT_LIMIT = 20_000


@dataclass(frozen=True)
class ActionGroup:
    """Wagtail action names that mean one thing in plain words. `actions` count on pages and
    other records, `orders_actions` on orders' records (a created sale is *recorded*, a
    created page *drafted*)."""

    label: str
    actions: tuple = ()
    orders_actions: tuple = ()

    def matches(self, orders_content_type_ids):
        in_orders = Q(content_type_id__in=orders_content_type_ids)
        return (Q(action__in=self.actions) & ~in_orders) | (
            Q(action__in=self.orders_actions) & in_orders
        )

    def includes(self, action, in_orders):
        return action in (self.orders_actions if in_orders else self.actions)


ACTION_GROUPS = {
    "drafted": ActionGroup(
        gettext_lazy("Drafted or edited"),
        actions=("wagtail.create", "wagtail.edit", "wagtail.revert"),
        orders_actions=("wagtail.edit",),
    ),
    "submitted": ActionGroup(
        gettext_lazy("Submitted for review"),
        actions=("wagtail.workflow.start", "wagtail.workflow.resume"),
    ),
    "approved": ActionGroup(gettext_lazy("Approved"), actions=("wagtail.workflow.approve",)),
    "privacy_approved": ActionGroup(
        gettext_lazy("Approved after checking privacy warnings"),
        actions=("etalase.privacy_approved",),
    ),
    "rejected": ActionGroup(
        gettext_lazy("Changes requested (rejected)"), actions=("wagtail.workflow.reject",)
    ),
    "privacy_rejected": ActionGroup(
        gettext_lazy("Changes requested on privacy findings"),
        actions=("etalase.privacy_rejected",),
    ),
    "published": ActionGroup(
        gettext_lazy("Published"), actions=("wagtail.publish", "wagtail.publish.scheduled")
    ),
    "unpublished": ActionGroup(
        gettext_lazy("Unpublished"), actions=("wagtail.unpublish", "wagtail.unpublish.scheduled")
    ),
    "recorded": ActionGroup(gettext_lazy("Recorded"), orders_actions=("wagtail.create",)),
    "converted": ActionGroup(
        gettext_lazy("Converted to a sale"), orders_actions=("orders.convert",)
    ),
    "imported": ActionGroup(gettext_lazy("Imported"), orders_actions=("orders.import",)),
    "voided": ActionGroup(gettext_lazy("Voided"), orders_actions=("orders.void",)),
}

# What the description of each orders record reads besides its own row.
RELATED_OF = {
    Sale: ["channel"],
    Inquiry: ["channel"],
    Import: ["channel"],
    StockMovement: ["product"],
    ProductStock: ["product"],
}


def orders_content_type_ids():
    """Every model of orders: sales, inquiries, stock, imports, channels, shares (cached by
    ContentType's manager after the first call)."""
    models = apps.get_app_config("orders").get_models()
    return {
        content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()
    }


def log_models():
    """Wagtail's log models (pages and other records), in a fixed order."""
    return sorted(log_action_registry.get_log_entry_models(), key=lambda model: model._meta.label)


def visible_entries(user, log_model):
    """The entries of a log model this user may read. Every page's of the reader's institutions:
    reading what happened to the catalog is what the permission of this record is for (the head
    edits no page). Other records' as their log model decides (`viewable_by_user`: a permission
    on their model, and the reader's institution for the records of one); and orders' records
    only with the permission to see sales."""
    if issubclass(log_model, PageLogEntry):
        entries = log_model.objects.all()
        if not user.is_superuser:  # the pages of the reader's institutions
            entries = entries.filter(pages_of(sites_of(user), field="page"))
        return entries
    entries = log_model.objects.viewable_by_user(user)
    if not user.has_perm(ORDERS_PERMISSION):
        entries = entries.exclude(content_type_id__in=orders_content_type_ids())
    return entries


def as_object_ids(queryset, field):
    """Ids as text, to compare with a log entry's `object_id` (a CharField) in the database."""
    return queryset.annotate(object_key=Cast(field, CharField())).values("object_key")


def orders_records_of(products):
    """The orders' records of these products, as a condition on `InstitutionLogEntry`: sales and
    inquiries with a line of them, their stock movements and their stock records."""
    records = [
        (Sale, as_object_ids(SaleLine.objects.filter(product__in=products), "sale_id")),
        (Inquiry, as_object_ids(InquiryLine.objects.filter(product__in=products), "inquiry_id")),
        (StockMovement, as_object_ids(StockMovement.objects.filter(product__in=products), "pk")),
        (ProductStock, as_object_ids(ProductStock.objects.filter(product__in=products), "pk")),
    ]
    condition = Q()
    for model, object_ids in records:
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type=content_type, object_id__in=object_ids)
    return condition


class ActivityFilterSet(WagtailFilterSet):
    """Applied to each log model's entries in turn, so every filter works on both."""

    person = MultipleUserFilter(
        label=gettext_lazy("Person"),
        field_name="user",
        widget=CheckboxSelectMultiple,
        distinct=False,
    )
    action = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Action"),
        choices=[(key, group.label) for key, group in ACTION_GROUPS.items()],
        widget=CheckboxSelectMultiple,
        method="filter_action",
    )
    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"),
        field_name="timestamp",
        widget=DateRangePickerWidget,
        help_text=gettext_lazy("Both days included, in the admin's time zone."),
    )
    product = django_filters.CharFilter(
        label=gettext_lazy("Product code"),
        method="filter_product",
        help_text=gettext_lazy(
            "Its page, and the sales, inquiries and stock movements that name it."
        ),
    )

    class Meta:
        model = ModelLogEntry
        fields = []

    def __init__(self, *args, visible=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["person"].queryset = people_in(visible)

    def filter_action(self, queryset, name, keys):
        orders = orders_content_type_ids()
        condition = Q()
        for key in keys:
            condition |= ACTION_GROUPS[key].matches(orders)
        return queryset.filter(condition)

    def filter_product(self, queryset, name, text):
        codes = codes_in(text) or [text.strip().upper()]
        products = ProductPage.objects.filter(code__in=codes).values("pk")
        if queryset.model is PageLogEntry:
            return queryset.filter(page_id__in=products)
        if queryset.model is InstitutionLogEntry:
            return queryset.filter(orders_records_of(products))
        return queryset.none()


def people_in(visible):
    """The users who appear in these entries: the choices of the person filter."""
    user_ids = set()
    for entries in visible:
        user_ids |= entries.get_user_ids()
    User = get_user_model()
    return User.objects.filter(pk__in=user_ids - {None}).order_by(User.USERNAME_FIELD)


@dataclass
class ActivityRow:
    """One line of the record, as shown and exported."""

    timestamp: datetime
    user: object
    user_name: str
    action: str
    what: str
    url: str | None
    details: str

    @property
    def local_time(self):
        """In the admin's time zone, without it: what the reader expects in a spreadsheet."""
        return timezone.localtime(self.timestamp).replace(tzinfo=None, microsecond=0)


class ActivityPaginator(WagtailPaginator):
    """Counts "entries", not the model log entries its union is nominally made of."""

    verbose_name = gettext_lazy("entry")
    verbose_name_plural = gettext_lazy("entries")


class ActivityView(ReportView):
    page_title = gettext_lazy("Activity record")
    header_icon = "history"
    index_url_name = "oversight_activity"
    index_results_url_name = "oversight_activity_results"
    filterset_class = ActivityFilterSet
    paginator_class = ActivityPaginator
    paginate_by = 50
    with_links = True
    columns = [
        Column("local_time", label=gettext_lazy("When")),
        UserColumn("user", label=gettext_lazy("Who"), blank_display_name=gettext_lazy("system")),
        Column("action", label=gettext_lazy("Action")),
        TitleColumn("what", label=gettext_lazy("What"), get_url=lambda row: row.url),
        Column("details", label=gettext_lazy("Details")),
    ]
    list_export = ["local_time", "user_name", "action", "what", "details"]
    # Titles, names, reasons and comments are typed by users: never a formula in a spreadsheet.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: safe, ReportView.FORMAT_XLSX: safe},
    }
    export_headings = {
        "local_time": gettext_lazy("When"),
        "user_name": gettext_lazy("Who"),
        "action": gettext_lazy("Action"),
        "what": gettext_lazy("What"),
        "details": gettext_lazy("Details"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ACTIVITY_PERMISSION):
            raise PermissionDenied
        self.log_models = log_models()
        self.visible = [visible_entries(request.user, model) for model in self.log_models]
        self.orders_content_types = orders_content_type_ids()
        self.url_finder = AdminURLFinder(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "visible": self.visible}

    def get_filename(self):
        return "activity-" + timezone.localdate().isoformat()

    def get_filtered_queryset(self):
        """(pk, timestamp, log model) of every entry passing the filters, newest first."""
        combined = None
        for index, entries in enumerate(self.visible):
            rows = self.filter_queryset(entries).values("pk", "timestamp")
            rows = rows.annotate(log_model=Value(index, output_field=IntegerField())).order_by()
            combined = rows if combined is None else combined.union(rows, all=True)
        return combined.order_by("-timestamp", "-log_model", "-pk")

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_filtered_queryset()
        if self.is_export:
            return self.export()
        return self.render_to_response(self.get_context_data())

    def export(self):
        count = self.object_list.count()
        if count > EXPORT_LIMIT:
            messages.error(
                self.request,
                _(
                    "%(count)s entries match. Narrow the filters (a shorter period, a person, "
                    "an action or a product) to download at most %(limit)s at once."
                )
                % {"count": thousands(count), "limit": thousands(EXPORT_LIMIT)},
            )
            filters = self.request.GET.copy()
            del filters["export"]
            return redirect(self.request.path + (f"?{filters.urlencode()}" if filters else ""))
        self.with_links = False  # a spreadsheet has no use for them
        rows = self.rows_in_batches(self.object_list)
        return self.as_spreadsheet(rows, self.request.GET["export"])

    def paginate_queryset(self, queryset, page_size):
        """Load the rows of the page shown, before the table is made of them."""
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, self.rows_of(ids), is_paginated

    def rows_in_batches(self, queryset):
        ids = queryset.iterator(chunk_size=EXPORT_BATCH)
        while batch := list(islice(ids, EXPORT_BATCH)):
            yield from self.rows_of(batch)

    def rows_of(self, ids):
        """Rows from their (pk, timestamp, log model): the entries, their users and objects,
        a query per kind of each, whatever the number of rows."""
        keys = [(row["log_model"], row["pk"]) for row in ids]
        pks_by_model = defaultdict(list)
        for index, pk in keys:
            pks_by_model[index].append(pk)
        entries = {}
        for index, pks in pks_by_model.items():
            log_model = self.log_models[index]
            for entry in log_model.objects.filter(pk__in=pks).prefetch_related(
                "user__wagtail_userprofile"
            ):
                entries[index, entry.pk] = entry
        objects = objects_of(entries.values())
        return [self.row(entries[key], objects) for key in keys]

    def row(self, entry, objects):
        instance = objects.get((entry.content_type_id, str(entry.object_id)))
        if isinstance(entry, PageLogEntry) and instance is not None:
            entry.page = instance  # Wagtail's messages of comments read it
        in_orders = entry.content_type_id in self.orders_content_types
        return ActivityRow(
            timestamp=entry.timestamp,
            user=entry.user,
            user_name=entry.user_display_name,
            action=action_label(entry, in_orders),
            what=describe(entry, instance),
            url=self.url_of(instance, in_orders) if self.with_links else None,
            details=details_of(entry),
        )

    def url_of(self, instance, in_orders):
        """Its edit view if the user may edit it, else for orders' records (which the reader
        may see but not change) their history, else none."""
        if instance is None:
            return None
        edit_url = self.url_finder.get_edit_url(instance)
        if edit_url is None and in_orders:
            return history_url(instance)
        return edit_url


def objects_of(entries):
    """The logged objects that still exist, by (content type id, object id as text)."""
    ids_by_content_type = defaultdict(set)
    for entry in entries:
        ids_by_content_type[entry.content_type_id].add(str(entry.object_id))
    found = {}
    for content_type_id, object_ids in ids_by_content_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue  # the model no longer exists
        records = model._default_manager.select_related(*RELATED_OF.get(model, ()))
        if hasattr(records, "prefetch_workflow_states"):
            records = records.prefetch_workflow_states()  # read by the page's edit permission
        for pk, instance in records.in_bulk(list(object_ids)).items():
            found[content_type_id, str(pk)] = instance
    return found


def history_url(instance):
    """The history of an orders record, a wagtail-modeladmin view (the sales list links it)."""
    meta = instance._meta
    try:
        return reverse(f"{meta.app_label}_{meta.model_name}_modeladmin_history", args=[instance.pk])
    except NoReverseMatch:
        return None


def action_label(entry, in_orders):
    for group in ACTION_GROUPS.values():
        if group.includes(entry.action, in_orders):
            return str(group.label)
    try:
        return str(entry.message)  # Wagtail's words for the rest: moved, deleted, locked…
    except ObjectDoesNotExist:  # a message that reads a page deleted since
        return entry.action


def product_name(product):
    return f"{product.code} {product.title}".strip()


def describe(entry, instance):
    """What the action was done to, in words; the label logged at the time if it is gone."""
    if isinstance(instance, ProductPage):
        return f"{instance.code} {entry.label}".strip()
    if isinstance(instance, Sale):
        number = instance.external_reference or f"#{instance.pk}"
        return _("Sale %(number)s, %(channel)s") % {"number": number, "channel": instance.channel}
    if isinstance(instance, Inquiry):
        return _("Inquiry #%(number)s, %(channel)s") % {
            "number": instance.pk,
            "channel": instance.channel,
        }
    if isinstance(instance, StockMovement):
        return _("Stock: %(kind)s %(quantity)+d, %(product)s") % {
            "kind": instance.get_kind_display(),
            "quantity": instance.quantity,
            "product": product_name(instance.product),
        }
    if isinstance(instance, ProductStock):
        return _("Stock record of %(product)s") % {"product": product_name(instance.product)}
    if isinstance(instance, Import):
        return _("Import of %(file)s, %(channel)s") % {
            "file": instance.file_name,
            "channel": instance.channel,
        }
    return entry.label


def details_of(entry):
    """The reason, comment or outcome that goes with an action."""
    data = entry.data or {}
    if entry.action == "orders.void":
        return data.get("reason", "")
    if entry.action == "orders.convert" and data.get("sale"):
        return _("Sale #%(number)s") % {"number": data["sale"]}
    if entry.action == "orders.import" and data.get("status") in ImportStatus.values:
        count = data.get("sales_created", 0)
        return ngettext(
            "%(result)s, %(count)s sale created", "%(result)s, %(count)s sales created", count
        ) % {"result": ImportStatus(data["status"]).label, "count": count}
    if entry.action == "etalase.privacy_approved":
        return _("Warnings checked: %(warnings)s") % {"warnings": finding_kinds(data)}
    if entry.action == "etalase.privacy_rejected":
        return _("Privacy findings: %(findings)s") % {"findings": finding_kinds(data)}
    return entry.comment or ""


def finding_kinds(data):
    """The kinds of the privacy findings logged with an officer's decision, once each."""
    kinds = dict.fromkeys(finding.get("kind") for finding in data.get("findings", []))
    return ", ".join(str(PRIVACY_KIND_LABELS.get(kind, kind)) for kind in kinds)
