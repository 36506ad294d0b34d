"""Each head decides where their own institution's site is published, not another's: the
permission to change the publishing settings becomes a permission on the head's site."""

from django.db import migrations


def per_institution(apps, schema_editor):
    InstitutionGroup = apps.get_model("cms.InstitutionGroup")
    GroupSitePermission = apps.get_model("wagtailcore.GroupSitePermission")
    for role_group in InstitutionGroup.objects.select_related("group", "institution"):
        group = role_group.group
        for permission in group.permissions.filter(
            content_type__app_label="sitegen", codename="change_publishsettings"
        ):
            GroupSitePermission.objects.get_or_create(
                group=group, site_id=role_group.institution.site_id, permission=permission
            )
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("sitegen", "0004_publish_settings"),
        ("cms", "0011_default_institution"),
    ]

    operations = [migrations.RunPython(per_institution, migrations.RunPython.noop)]
