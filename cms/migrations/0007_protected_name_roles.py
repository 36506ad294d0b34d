"""Officers and the head keep the list of protected names; no one else sees it."""

from django.db import migrations

ROLES = ("Officer", "Head")
CODENAMES = ("add_protectedname", "change_protectedname", "delete_protectedname", "view_protectedname")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="protectedname")
    permissions = []
    for codename in CODENAMES:
        verb = codename.split("_", 1)[0]
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {verb} protected name"},
        )
        permissions.append(permission)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("cms", "0006_protected_names")]

    operations = [migrations.RunPython(grant, revoke)]
