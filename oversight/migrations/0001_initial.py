"""OversightSettings, moved from the cms app with its table (`db_table`): only the migration
state changes, no table is created. cms's 0018 takes it out of its own state."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0018_institutions_moved_out'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OversightSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('review_waiting_days', models.PositiveSmallIntegerField(default=3, help_text='A page in review longer than this is listed and its reviewers are reminded.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='review waiting too long after (days)')),
                        ('stale_product_days', models.PositiveSmallIntegerField(default=90, help_text='A live product not published again for more than this many days is listed and its owner reminded.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='product not updated for (days)')),
                        ('sold_out_days', models.PositiveSmallIntegerField(default=30, help_text='A product sold out for longer than this is listed: restock it or take it down.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='sold out for too long after (days)')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'oversight',
                        'db_table': 'cms_oversightsettings',
                        'permissions': [('view_catalog_health', 'Can see the catalog health report'), ('view_activity', 'Can see the activity record')],
                    },
                ),
            ],
        ),
    ]
