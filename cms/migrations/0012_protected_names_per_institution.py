"""Protected names become each institution's own: the names kept so far are the first
institution's (the default site's), and the same name may be on two institutions' lists."""

import django.db.models.deletion
from django.db import migrations, models


def give_existing_names_to_the_default_site(apps, schema_editor):
    Site = apps.get_model("wagtailcore.Site")
    ProtectedName = apps.get_model("cms.ProtectedName")
    if not ProtectedName.objects.exists():
        return
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    ProtectedName.objects.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0011_default_institution"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="protectedname",
            name="site",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="institution",
            ),
        ),
        migrations.RunPython(give_existing_names_to_the_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="protectedname",
            name="site",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="institution",
            ),
        ),
        migrations.AlterField(
            model_name="protectedname",
            name="name",
            field=models.CharField(
                help_text="As it would be written.", max_length=150, verbose_name="full name"
            ),
        ),
        migrations.AddConstraint(
            model_name="protectedname",
            constraint=models.UniqueConstraint(
                fields=("site", "name"), name="one_protected_name_per_site"
            ),
        ),
    ]
