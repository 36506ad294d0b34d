"""The places the national catalog has been published to, which no site may take."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sitegen', '0005_publish_settings_per_institution'),
    ]

    operations = [
        migrations.CreateModel(
            name='NationalCatalogPlace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(max_length=50, verbose_name='publish target')),
                ('root', models.CharField(max_length=300)),
                ('path', models.CharField(max_length=1000)),
                ('described', models.CharField(max_length=1200, verbose_name='place')),
                ('first_published_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'place of the national catalog',
                'verbose_name_plural': 'places of the national catalog',
                'constraints': [models.UniqueConstraint(fields=('root', 'path'), name='one_national_place')],
            },
        ),
    ]
