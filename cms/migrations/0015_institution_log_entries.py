"""The log of records that belong to one institution (cms/models/institution_log.py), and the
entries Wagtail wrote of them in `ModelLogEntry` moved into it with their institution's site.

The site of an entry is its record's as it is now: its own site, its product's (stock), its
collection's institution's (photos). The entry of a record deleted since goes to the default
site, the first institution, which held every record before there were others. Entries move in
the order of their ids, with their times, users and data, so the history reads as before.
Backwards, they move back to `ModelLogEntry` without their site.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Rows read and inserted per round trip: bounded memory whatever the size of the log.
BATCH = 500
# What the two log models share, copied as it is.
FIELDS = (
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
    "object_id",
)


def own_site(apps, model):
    """{object id as text: site id} of records with a site of their own."""
    return {str(pk): site for pk, site in model.objects.values_list("pk", "site_id")}


def deepest_prefix(path, roots):
    """The value of the first (deepest) root path that `path` starts with; None without one."""
    return next((value for root, value in roots if path.startswith(root)), None)


def products_site(apps, model):
    """{object id as text: site id} of stock, whose institution is its product's."""
    Site = apps.get_model("wagtailcore", "Site")
    roots = list(Site.objects.order_by("-root_page__depth").values_list("root_page__path", "pk"))
    records = model.objects.values_list("pk", "product__path")
    return {str(pk): deepest_prefix(path, roots) for pk, path in records}


def collections_site(apps, model):
    """{object id as text: site id} of photos, whose institution is their collection's."""
    Institution = apps.get_model("cms", "Institution")
    roots = list(
        Institution.objects.order_by("-collection__depth").values_list(
            "collection__path", "site_id"
        )
    )
    records = model.objects.values_list("pk", "collection__path")
    return {str(pk): deepest_prefix(path, roots) for pk, path in records}


# The models cms/wagtail_hooks.py logs in the new table, as they are at this migration.
SITE_OF = {
    ("cms", "protectedname"): own_site,
    ("orders", "sale"): own_site,
    ("orders", "inquiry"): own_site,
    ("orders", "import"): own_site,
    ("orders", "stockmovement"): products_site,
    ("orders", "productstock"): products_site,
    ("cms", "photo"): collections_site,
    ("wagtailredirects", "redirect"): own_site,
    ("cms", "institutionsettings"): own_site,
    ("cms", "oversightsettings"): own_site,
    ("orders", "sharesettings"): own_site,
    ("sitegen", "publishsettings"): own_site,
}


def copy_in_batches(entries, target, site_of=None):
    """Insert a copy of each entry into `target`, in the order of their ids, with the site
    `site_of(entry)` gives; then delete the originals."""
    batch = []
    for entry in entries.order_by("pk").iterator(chunk_size=BATCH):
        copy = target(**{field: getattr(entry, field) for field in FIELDS})
        if site_of is not None:
            copy.site_id = site_of(entry)
        batch.append(copy)
        if len(batch) == BATCH:
            target.objects.bulk_create(batch)
            batch = []
    target.objects.bulk_create(batch)
    entries.delete()


def move_to_institution_log(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Site = apps.get_model("wagtailcore", "Site")
    default_site = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    # {content type id: {object id: site id}}; a new database has no content types yet.
    sites = {}
    for (app_label, model_name), sites_of_records in SITE_OF.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        if content_type and ModelLogEntry.objects.filter(content_type=content_type).exists():
            model = apps.get_model(app_label, model_name)
            sites[content_type.pk] = sites_of_records(apps, model)
    copy_in_batches(
        ModelLogEntry.objects.filter(content_type_id__in=sites),
        apps.get_model("cms", "InstitutionLogEntry"),
        site_of=lambda entry: sites[entry.content_type_id].get(entry.object_id, default_site),
    )


def move_back_to_model_log(apps, schema_editor):
    copy_in_batches(
        apps.get_model("cms", "InstitutionLogEntry").objects.all(),
        apps.get_model("wagtailcore", "ModelLogEntry"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0014_redirects_per_site"),
        ("orders", "0003_institution_of_each_record"),
        ("sitegen", "0005_publish_settings_per_institution"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InstitutionLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.TextField()),
                ('action', models.CharField(blank=True, db_index=True, max_length=255)),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('timestamp', models.DateTimeField(db_index=True, verbose_name='timestamp (UTC)')),
                ('uuid', models.UUIDField(blank=True, editable=False, help_text='Log entries that happened as part of the same user action are assigned the same UUID', null=True)),
                ('content_changed', models.BooleanField(db_index=True, default=False)),
                ('deleted', models.BooleanField(default=False)),
                ('object_id', models.CharField(db_index=True, max_length=255)),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
                ('revision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtailcore.revision')),
                ('site', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.site', verbose_name='institution')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'institution log entry',
                'verbose_name_plural': 'institution log entries',
                'ordering': ['-timestamp', '-id'],
                'abstract': False,
                'indexes': [models.Index(fields=['uuid', 'action', '-timestamp'], name='cms_institu_uuid_79a8fd_idx')],
            },
        ),
        migrations.RunPython(move_to_institution_log, move_back_to_model_log),
    ]
