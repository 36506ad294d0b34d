"""The audit log of records that belong to one institution, read by its own staff only.

Wagtail logs records other than pages in `ModelLogEntry`, and shows an entry to whoever holds a
permission on the record's model, whichever institution the record is of. The records of one
institution (the `register_log_actions` hooks of the apps name them) are logged here
instead, each entry with its institution's site taken when it is written, so the entries of a
record deleted since still belong somewhere. Wagtail's *Site history*, each record's history
and the activity record all read them through `viewable_by_user`.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import GroupSitePermission, Site
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from institutions.scopes import sites_of

# Where `viewable_by_user` keeps what one request's user may read (Wagtail keeps its answer for
# `ModelLogEntry`, the models of that table the user holds a permission on, under another name).
PERMITTED_CACHE = "_institution_log_permitted"


def site_id_of(record) -> int | None:
    """The site of the institution a record belongs to: the one it names itself (its
    `get_institution_site_id()`, e.g. stock: its product's), else its own `site` (institution
    records, site settings, redirects: None for a redirect of every site), else its collection's
    institution's (photos)."""
    if hasattr(record, "get_institution_site_id"):
        return record.get_institution_site_id()
    if hasattr(record, "site_id"):
        return record.site_id
    if hasattr(record, "collection_id"):
        ancestors = record.collection.get_ancestors(inclusive=True)
        sites = Site.objects.filter(institution__collection__in=ancestors)
        deepest_first = sites.order_by("-institution__collection__depth")
        return deepest_first.values_list("pk", flat=True).first()
    raise TypeError(f"{type(record).__name__} does not name the institution it belongs to.")


class InstitutionLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), site_id=site_id_of(instance))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """The entries of the records the user may read: of the user's institutions, of models
        they hold a permission on (Wagtail's rule for other records), and of the sites whose
        settings they are given (Wagtail's per-site permissions: the head's). Entries without
        a site, of records of every site, are the superusers' only."""
        if user.is_superuser:
            return self.all()
        if not hasattr(user, PERMITTED_CACHE):
            setattr(user, PERMITTED_CACHE, self.permitted_to(user))
        return self.filter(getattr(user, PERMITTED_CACHE))

    def permitted_to(self, user) -> Q:
        on_permitted_models = Q(
            content_type_id__in=self.models_permitted_to(user), site__in=sites_of(user)
        )
        return on_permitted_models | settings_permitted_to(user)

    def models_permitted_to(self, user) -> set[int]:
        """The content types logged here the user holds any permission on, as Wagtail decides
        for `ModelLogEntry`."""
        logged = self.values("content_type_id").distinct()
        permissions = Permission.objects.filter(content_type_id__in=logged)
        return {
            permission.content_type_id
            for permission in permissions.select_related("content_type")
            if user.has_perm(f"{permission.content_type.app_label}.{permission.codename}")
        }


def settings_permitted_to(user) -> Q:
    """The entries of the settings of each site the user holds a permission for (Wagtail's
    `GroupSitePermission`: how the head edits their own institution's settings)."""
    condition = Q(pk__in=[])
    pairs = GroupSitePermission.objects.filter(group__user=user).values_list(
        "permission__content_type_id", "site_id"
    )
    for content_type_id, site_id in pairs.distinct():
        condition |= Q(content_type_id=content_type_id, site_id=site_id)
    return condition


class InstitutionLogEntry(BaseLogEntry):
    """What was done to a record of one institution: a protected name, a sale, an inquiry, an
    import, stock, a photo, a redirect, a site's settings."""

    object_id = models.CharField(max_length=255, db_index=True)
    site = models.ForeignKey(
        Site,
        verbose_name=_("institution"),
        null=True,  # a record of every site (a redirect without one), or of a site deleted since
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InstitutionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("institution log entry")
        verbose_name_plural = _("institution log entries")
        db_table = "cms_institutionlogentry"  # the table it had in the cms app

    def __str__(self):
        return (
            f"InstitutionLogEntry {self.pk}: {self.action!r} on {self.object_verbose_name!r} "
            f"with id {self.object_id}"
        )
