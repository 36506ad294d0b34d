"""Institutions: who works where, and how a new institution is set up.

An institution is a Wagtail Site: its own page tree, photo collection, settings, review workflow
and staff groups (`cms.models.institutions`). Page and photo permissions are granted on the
institution's home page and collection, settings permissions per site (GroupSitePermission), so
Wagtail's own checks keep institutions apart; the orders app filters its records by the sites
of the user's groups (`sites_of`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.text import slugify

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import (
    FourEyesApprovalTask,
    HomePage,
    Institution,
    InstitutionGroup,
    InstitutionSettings,
    Role,
)


def sites_of(user):
    """The sites whose records the user may see: those of their groups (all for superusers)."""
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(institution__role_groups__group__user=user).distinct()


def staff_of(site, role):
    """The users of the institution's group of the role, e.g. its clerks (`site`: a Site or its
    id)."""
    return get_user_model().objects.filter(
        groups__institution_group__institution__site=site, groups__institution_group__role=role
    )


def site_of(user) -> Site | None:
    """The site a user's new records belong to: their institution's (the default site for
    superusers, who set things up)."""
    if user.is_superuser:
        return Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return sites_of(user).order_by("pk").first()


class OwnInstitutionIndex:
    """An admin listing of institution records (sites' records): the user's institutions' only."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(site__in=sites_of(self.request.user))


class OwnInstitutionObject:
    """An admin view of one institution record: another institution's is not found, whatever
    its address."""

    def get_object(self, *args, **kwargs):
        record = super().get_object(*args, **kwargs)
        if not sites_of(self.request.user).filter(pk=record.site_id).exists():
            raise Http404
        return record


def institution_site(hostname: str | None) -> Site:
    """The site a command names with --site: ``HOSTNAME``, or ``HOSTNAME:PORT`` where several
    sites share a host name; the default site without one."""
    sites = Site.objects.select_related("root_page")
    if not hostname:
        site = sites.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default site: mark one site as default under Settings → Sites.")
        return site
    host, _colon, port = hostname.partition(":")
    found = [site for site in sites.filter(hostname=host) if not port or str(site.port) == port]
    if len(found) == 1:
        return found[0]
    if found:
        ports = ", ".join(f"{host}:{site.port}" for site in found)
        raise CommandError(f"Several sites have the hostname {host!r}: choose one of {ports}.")
    known = ", ".join(f"{site.hostname}:{site.port}" for site in sites.order_by("hostname"))
    raise CommandError(f"No site with hostname {hostname!r} (known: {known or 'none'}).")


def pages_of(sites, field="") -> Q:
    """A filter to the pages in the trees of these sites (of the page `field` points to)."""
    path = f"{field}__path__startswith" if field else "path__startswith"
    condition = Q(pk__in=[])
    for root_path in sites.values_list("root_page__path", flat=True):
        condition |= Q(**{path: root_path})
    return condition


@transaction.atomic
def create_institution(name: str, hostname: str, port: int = 443) -> Institution:
    """A new institution with the same roles as the first one: its site and home page, photo
    collection, groups with their permissions scoped to it, and its own review workflow."""
    template = Institution.objects.select_related("site").order_by("pk").first()
    if template is None:
        raise ValueError("The first institution (the default site) is missing: migrate first.")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title=name, slug=slugify(name)[:255], live=False)
    )
    site = Site.objects.create(hostname=hostname, port=port, site_name=name, root_page=home)
    collection = Collection.get_first_root_node().add_child(name=f"Foto {name}")
    institution = Institution.objects.create(site=site, collection=collection)
    for template_group in template.role_groups.select_related("group"):
        group = copy_group(template_group, institution, name)
        if template_group.role == Role.OFFICER:
            create_workflow(institution, group, name)
    settings = InstitutionSettings.for_site(site)
    settings.institution_name = name
    settings.save()
    return institution


def copy_group(template_group: InstitutionGroup, institution: Institution, name: str) -> Group:
    """The role's group at the new institution, with the template's permissions moved from the
    template's home page, collection and site to the new institution's."""
    source, template = template_group.group, template_group.institution
    group = Group.objects.create(name=f"{name}: {template_group.role}")
    group.permissions.set(source.permissions.all())
    for permission in GroupPagePermission.objects.filter(
        group=source, page=template.site.root_page
    ):
        GroupPagePermission.objects.create(
            group=group, page=institution.site.root_page, permission=permission.permission
        )
    collection_permissions = GroupCollectionPermission.objects.filter(
        group=source, collection=template.collection
    )
    for permission in collection_permissions:
        GroupCollectionPermission.objects.create(
            group=group, collection=institution.collection, permission=permission.permission
        )
    for permission in GroupSitePermission.objects.filter(group=source, site=template.site):
        GroupSitePermission.objects.create(
            group=group, site=institution.site, permission=permission.permission
        )
    InstitutionGroup.objects.create(institution=institution, group=group, role=template_group.role)
    return group


def create_workflow(institution: Institution, officers: Group, name: str) -> Workflow:
    """The institution's own review: its officers approve its pages, no one else's."""
    # Named as cms/migrations/0017_indonesian_workflow_names names the first institution's.
    task = FourEyesApprovalTask.objects.create(name=f"Tinjauan petugas: {name}")
    task.groups.set([officers])
    workflow = Workflow.objects.create(name=f"Penerbitan produk: {name}")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=institution.site.root_page)
    return workflow
