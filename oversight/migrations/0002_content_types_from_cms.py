"""The oversight settings' content type follows them from cms, so that their permissions (who
reads the catalog health and the activity record), the heads' permission per site and their log
entries keep pointing at them."""

from django.db import migrations

from institutions.content_types import move_content_types

MODELS = ["oversightsettings"]


def forwards(apps, schema_editor):
    move_content_types(apps, MODELS, "cms", "oversight")


def backwards(apps, schema_editor):
    move_content_types(apps, MODELS, "oversight", "cms")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("oversight", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
