"""The models of tenancy, moved from the cms app with their tables (`db_table`): only the
migration state changes, no table is created. cms's 0018 takes them out of its own state."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0016_oversight_help_text'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Institution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('collection', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='institution', to='wagtailcore.collection', verbose_name='photo collection')),
                        ('site', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='institution', to='wagtailcore.site', verbose_name='site')),
                    ],
                    options={
                        'verbose_name': 'institution',
                        'verbose_name_plural': 'institutions',
                        'db_table': 'cms_institution',
                    },
                ),
                migrations.CreateModel(
                    name='InstitutionGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('Manager', 'Manager'), ('Officer', 'Officer'), ('Clerk', 'Clerk'), ('Head', 'Head')], max_length=20, verbose_name='role')),
                        ('group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='institution_group', to='auth.group')),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='role_groups', to='institutions.institution')),
                    ],
                    options={
                        'db_table': 'cms_institutiongroup',
                        'constraints': [models.UniqueConstraint(fields=('institution', 'role'), name='one_group_per_role')],
                    },
                ),
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
                        'db_table': 'cms_institutionlogentry',
                        'ordering': ['-timestamp', '-id'],
                        'abstract': False,
                        'indexes': [models.Index(fields=['uuid', 'action', '-timestamp'], name='cms_institu_uuid_79a8fd_idx')],
                    },
                ),
            ],
        ),
    ]
