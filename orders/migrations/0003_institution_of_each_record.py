"""Every sale, inquiry and import belongs to an institution (a site); the records made before
there could be several belong to the first one."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("sale", "inquiry", "import")


def site_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.site",
        verbose_name="institution",
    )


def belong_to_the_first_institution(apps, schema_editor):
    Site = apps.get_model("wagtailcore.Site")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    for model in MODELS:
        records = apps.get_model("orders", model).objects.filter(site__isnull=True)
        if site is None and records.exists():
            raise RuntimeError("Orders exist but no site does: add the institution's site first.")
        records.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_channels_and_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[migrations.AddField(model, "site", site_field(null=True)) for model in MODELS],
        migrations.RunPython(belong_to_the_first_institution, migrations.RunPython.noop),
        *[migrations.AlterField(model, "site", site_field(null=False)) for model in MODELS],
    ]
