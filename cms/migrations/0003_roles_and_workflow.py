"""Create the roles (groups) and the "Product publication" workflow.

Roles, as in the design notes:
- Manager: writes product, workshop and story pages, uploads photos, submits them for review.
- Officer: reviews (approve, which publishes, or request changes), unpublishes, manages redirects.
- Clerk: records inquiries and sales (the orders app adds its permissions); cannot edit pages.
- Head: edits the institution's settings; reports and exports come with the orders app.

Wagtail's default "Editors" and "Moderators" groups and its default workflow are removed, so
no role has more than this and every page goes through the officers' review.
The workflow is assigned to the root of the page tree, so it governs every page of every site.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Manager": ["add_page", "change_page"],
    "Officer": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Clerk": [],
    "Head": [],
}
PHOTO_PERMISSIONS = {
    "Manager": ["add_image", "choose_image"],
    "Officer": ["add_image", "change_image", "choose_image"],
    "Clerk": [],
    "Head": [],
}
# (app_label, model, codename)
MODEL_PERMISSIONS = {
    "Manager": [("cms", "category", "add_category"), ("cms", "category", "change_category")],
    "Officer": [
        ("cms", "category", "add_category"),
        ("cms", "category", "change_category"),
        ("cms", "category", "delete_category"),
        ("wagtailredirects", "redirect", "add_redirect"),
        ("wagtailredirects", "redirect", "change_redirect"),
        ("wagtailredirects", "redirect", "delete_redirect"),
    ],
    "Clerk": [],
    "Head": [("cms", "institutionsettings", "change_institutionsettings")],
}
WORKFLOW_NAME = "Product publication"
REVIEW_TASK_NAME = "Officer review"
WAGTAIL_DEFAULT_WORKFLOW_NAME = "Moderators approval"


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb = codename.split("_", 1)[0]
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {verb} {model}"},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = get_permission(apps, "wagtailadmin", "admin", "access_admin")

    for role in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(access_admin)
        for app_label, model, codename in MODEL_PERMISSIONS[role]:
            group.permissions.add(get_permission(apps, app_label, model, codename))
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=get_permission(apps, "wagtailcore", "page", codename),
            )
        for codename in PHOTO_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=get_permission(apps, "wagtailimages", "image", codename),
            )


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    FourEyesApprovalTask = apps.get_model("cms.FourEyesApprovalTask")

    # Replace Wagtail's default "Moderators approval" workflow, which governs the same root page.
    Task = apps.get_model("wagtailcore.Task")
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_NAME).delete()
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW_NAME).delete()

    task_content_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="foureyesapprovaltask"
    )
    task = FourEyesApprovalTask.objects.create(
        name=REVIEW_TASK_NAME, content_type=task_content_type, active=True
    )
    task.groups.set([Group.objects.get(name="Officer")])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.objects.get(depth=1))


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=REVIEW_TASK_NAME).delete()
    apps.get_model("auth.Group").objects.filter(name__in=list(PAGE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles_and_workflow),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
