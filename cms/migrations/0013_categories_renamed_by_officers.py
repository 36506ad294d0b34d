"""Managers add categories but no longer rename them: a category's name shows on the public
site (the catalog's filter, every product of it, on every institution's site), so changing it is
an officer's decision, as publishing is. A new category shows only with a reviewed product."""

from django.db import migrations

CODENAME = "change_category"


def managers(apps):
    Group = apps.get_model("auth.Group")
    InstitutionGroup = apps.get_model("cms.InstitutionGroup")
    manager_groups = InstitutionGroup.objects.filter(role="Manager").values("group")
    return Group.objects.filter(pk__in=manager_groups)


def change_managers_permission(apps, grant):
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.filter(content_type__app_label="cms", codename=CODENAME).first()
    if permission is None:
        return
    for group in managers(apps):
        (group.permissions.add if grant else group.permissions.remove)(permission)


def revoke(apps, schema_editor):
    change_managers_permission(apps, grant=False)


def grant(apps, schema_editor):
    change_managers_permission(apps, grant=True)


class Migration(migrations.Migration):
    dependencies = [("cms", "0012_protected_names_per_institution")]

    operations = [migrations.RunPython(revoke, grant)]
