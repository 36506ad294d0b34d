"""An inquiry is assigned to a clerk of its own institution: the choice is no longer the members
of the first institution's "Clerk" group (orders.forms.InquiryForm offers the inquiry's
institution's clerks and Inquiry.clean refuses anyone else)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_institution_of_each_record"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="inquiry",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned clerk",
            ),
        ),
    ]
