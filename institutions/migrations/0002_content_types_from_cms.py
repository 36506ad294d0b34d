"""The moved models' content types follow them from cms, so that permissions, groups'
permissions and log entries keep pointing at them."""

from django.db import migrations

from institutions.content_types import move_content_types

MODELS = ["institution", "institutiongroup", "institutionlogentry"]


def forwards(apps, schema_editor):
    move_content_types(apps, MODELS, "cms", "institutions")


def backwards(apps, schema_editor):
    move_content_types(apps, MODELS, "institutions", "cms")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
