"""Who reads the "What sells" report: a permission, given to the head's and the managers' groups
of every institution (a new institution's groups copy the first one's permissions)."""

from django.db import migrations

READER_ROLES = ["Head", "Manager"]


def funnel_permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="reach", model="trafficcount")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_funnel_report",
        defaults={"name": "Can view the What sells report"},
    )
    return permission


def grant(apps, schema_editor):
    permission = funnel_permission(apps)
    InstitutionGroup = apps.get_model("institutions.InstitutionGroup")
    for role_group in InstitutionGroup.objects.filter(role__in=READER_ROLES).select_related(
        "group"
    ):
        role_group.group.permissions.add(permission)


def revoke(apps, schema_editor):
    # Found by name, never made: on the way back the models' state may not match their rows.
    permissions = apps.get_model("auth.Permission").objects.filter(
        content_type__app_label="reach", codename="view_funnel_report"
    )
    for group in apps.get_model("auth.Group").objects.filter(permissions__in=permissions):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reach", "0002_imported_logs"),
        ("institutions", "0002_content_types_from_cms"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="trafficcount",
            options={
                "permissions": [("view_funnel_report", "Can view the What sells report")],
                "verbose_name": "traffic count",
                "verbose_name_plural": "traffic counts",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
