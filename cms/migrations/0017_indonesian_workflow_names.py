"""The review workflow and its task in Indonesian, as the admin shows them ("Pengajuan ke
Penerbitan produk", "Menunggu Tinjauan petugas").

Renames only the names the project gave them (0003_roles_and_workflow, and `add_institution`'s
"Product publication: <institution>"): a workflow or task an administrator renamed or created
keeps its name. New databases run this too, so they start with the Indonesian names.
"""

from django.db import migrations

# (English name the project gave, Indonesian name), for workflows and for tasks.
WORKFLOW_NAMES = ("Product publication", "Penerbitan produk")
TASK_NAMES = ("Officer review", "Tinjauan petugas")


def rename(model, old, new):
    """`old` becomes `new`, and so does `old` followed by ": <institution>"."""
    model.objects.filter(name=old).update(name=new)
    for item in model.objects.filter(name__startswith=f"{old}: "):
        item.name = new + item.name.removeprefix(old)
        item.save(update_fields=["name"])


def to_indonesian(apps, schema_editor):
    rename(apps.get_model("wagtailcore.Workflow"), *WORKFLOW_NAMES)
    rename(apps.get_model("wagtailcore.Task"), *TASK_NAMES)


def to_english(apps, schema_editor):
    rename(apps.get_model("wagtailcore.Workflow"), *reversed(WORKFLOW_NAMES))
    rename(apps.get_model("wagtailcore.Task"), *reversed(TASK_NAMES))


class Migration(migrations.Migration):
    dependencies = [("cms", "0016_oversight_help_text")]

    operations = [migrations.RunPython(to_indonesian, to_english)]
