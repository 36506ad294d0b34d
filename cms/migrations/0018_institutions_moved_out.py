"""Institution, InstitutionGroup and InstitutionLogEntry now belong to the institutions app,
which took them over with their tables (institutions/migrations/0001_initial.py): they leave
cms's migration state only, their tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0017_indonesian_workflow_names"),
        ("institutions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="InstitutionGroup"),
                migrations.DeleteModel(name="InstitutionLogEntry"),
                migrations.DeleteModel(name="Institution"),
            ],
        ),
    ]
