"""OversightSettings now belongs to the oversight app, which took it over with its table
(oversight/migrations/0001_initial.py): it leaves cms's migration state only, its table and
rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0018_institutions_moved_out"),
        ("oversight", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OversightSettings")],
        ),
    ]
