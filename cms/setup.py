"""How a new institution is set up: its page tree, photo collection, staff groups and review
workflow, copied from the first institution's (the models of institutions, the pages of cms)."""

from django.contrib.auth.models import Group
from django.db import transaction
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

from cms.models import FourEyesApprovalTask, HomePage, InstitutionSettings
from institutions.models import Institution, InstitutionGroup, Role


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
