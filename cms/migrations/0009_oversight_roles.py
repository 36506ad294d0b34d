"""Who reads the oversight views: managers, officers and the head see the catalog's health;
officers and the head see the activity record; the head sets the thresholds."""

from django.db import migrations

GRANTS = {
    "Manager": ["view_catalog_health"],
    "Officer": ["view_catalog_health", "view_activity"],
    "Head": ["view_catalog_health", "view_activity", "change_oversightsettings"],
}
NAMES = {
    "view_catalog_health": "Can see the catalog health report",
    "view_activity": "Can see the activity record",
    "change_oversightsettings": "Can change oversight",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="oversightsettings")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NAMES.items()
    }
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(*(permissions[codename] for codename in GRANTS[group.name]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*group.permissions.filter(codename__in=NAMES))


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_oversight_settings_and_sold_out_since")]

    operations = [migrations.RunPython(grant, revoke)]
