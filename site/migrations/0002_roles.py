"""Let officers publish the static site now, and officers and the head read its history.

Managers and clerks see neither: the history names pages before review is complete.
"""

from django.db import migrations

PERMISSIONS = {
    "Officer": [
        ("deployment", "publish_site", "Can publish the static site now"),
        ("deployment", "view_deployment", "Can view publication"),
        ("build", "view_build", "Can view bake"),
    ],
    "Head": [
        ("deployment", "view_deployment", "Can view publication"),
        ("build", "view_build", "Can view bake"),
    ],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group_name, permissions in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codename, name in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label="sitegen", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group_name, permissions in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [codename for _model, codename, _name in permissions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="sitegen", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sitegen", "0001_initial"),
        ("cms", "0003_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
