"""The data migrations give every fresh database its roles, home page and workflow."""

from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, GroupSitePermission, Site, Workflow

from cms.models import FourEyesApprovalTask, HomePage


def page_permissions(role):
    return set(
        GroupPagePermission.objects.filter(group__name=role).values_list(
            "permission__codename", flat=True
        )
    )


def test_roles_exist_and_wagtail_defaults_are_gone(db):
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Manager",
        "Officer",
        "Clerk",
        "Head",
    }


def test_page_permissions_follow_the_roles(db):
    assert page_permissions("Manager") == {"add_page", "change_page"}
    assert page_permissions("Officer") == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    assert page_permissions("Clerk") == set()
    assert page_permissions("Head") == set()
    # Granted on the first institution's home page, not the whole tree: a second institution's
    # pages are out of reach.
    home = Site.objects.get(is_default_site=True).root_page
    assert set(GroupPagePermission.objects.values_list("page", flat=True)) == {home.pk}


def test_every_role_reaches_the_admin_and_only_the_head_edits_its_sites_settings(db):
    site = Site.objects.get(is_default_site=True)
    for group in Group.objects.all():
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert "access_admin" in codenames
        assert "change_institutionsettings" not in codenames  # not for every site
        per_site = set(
            GroupSitePermission.objects.filter(group=group, site=site).values_list(
                "permission__codename", flat=True
            )
        )
        assert ("change_institutionsettings" in per_site) is (group.name == "Head")


def test_product_publication_workflow_governs_the_whole_tree(db):
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == "Penerbitan produk"
    assert workflow.tasks.get().name == "Tinjauan petugas"
    assert workflow.workflow_pages.get().page.depth == 1
    task = workflow.tasks.get().specific
    assert isinstance(task, FourEyesApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Officer"]
    assert HomePage.objects.get().get_workflow() == workflow


def test_home_page_starts_unpublished_as_the_default_site_root(db):
    home = HomePage.objects.get()
    assert not home.live
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk


def test_managers_add_categories_and_only_officers_rename_or_delete_them(db):
    def category_permissions(role):
        group = Group.objects.get(name=role)
        return set(
            group.permissions.filter(codename__endswith="_category").values_list(
                "codename", flat=True
            )
        )

    assert category_permissions("Manager") == {"add_category"}
    assert category_permissions("Officer") == {"add_category", "change_category", "delete_category"}
