"""Production orders, their deliveries and invoices, the business order record and buyers'
consents, and who works with them, at every institution:

- Clerk: records accepted quotations as orders, deliveries, invoices and payments; records
  buyers' consents.
- Manager: reads orders and records the workshop's production progress.
- Head: reads orders and consents; chooses whether the public site shows the record.

Quotation numbers' counter gains a series, so delivery notes (SJ) and invoices (INV) are
numbered per institution and year the same way.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GRANTS = {
    "Clerk": [
        "view_productionorder",
        "add_productionorder",
        "record_delivery",
        "record_payment",
        "add_buyerconsent",
        "delete_buyerconsent",
        "view_buyerconsent",
    ],
    "Manager": ["view_productionorder", "record_progress"],
    "Head": ["view_productionorder", "view_buyerconsent"],
}
MODEL_OF = {
    "record_progress": "productionorder",
    "record_delivery": "productionorder",
    "record_payment": "productionorder",
}
# A site setting: the head chooses for their own institution (a permission on its site).
SETTINGS_PERMISSION = "change_businessrecordsettings"


def get_permission(apps, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    model = MODEL_OF.get(codename) or codename.split("_", 1)[1]
    content_type, _ = ContentType.objects.get_or_create(app_label="orders", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def grant(apps, schema_editor):
    InstitutionGroup = apps.get_model("institutions.InstitutionGroup")
    GroupSitePermission = apps.get_model("wagtailcore.GroupSitePermission")
    change_settings = get_permission(apps, SETTINGS_PERMISSION)
    for role_group in InstitutionGroup.objects.select_related("group", "institution"):
        codenames = GRANTS.get(role_group.role, [])
        role_group.group.permissions.add(*[get_permission(apps, name) for name in codenames])
        if role_group.role == "Head":
            GroupSitePermission.objects.get_or_create(
                group=role_group.group,
                site_id=role_group.institution.site_id,
                permission=change_settings,
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="orders",
        codename__in=[SETTINGS_PERMISSION, *{name for names in GRANTS.values() for name in names}],
    )
    apps.get_model("wagtailcore.GroupSitePermission").objects.filter(
        permission__in=permissions
    ).delete()
    for group in apps.get_model("auth.Group").objects.all():
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0021_product_business_orders"),
        ("orders", "0006_quotations"),
        ("institutions", "0002_content_types_from_cms"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BusinessRecordSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "show_on_public_site",
                    models.BooleanField(
                        default=False,
                        help_text="One line per workshop: its business orders delivered over the last 12 months and the share delivered on time. Buyers are named only with their written consent.",
                        verbose_name="show the business order record on the workshop pages",
                    ),
                ),
            ],
            options={
                "verbose_name": "business order record",
            },
        ),
        migrations.CreateModel(
            name="BuyerConsent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        help_text="Exactly as on the buyer's orders, e.g. Hotel Santika Bandung.",
                        max_length=150,
                        verbose_name="organisation",
                    ),
                ),
                ("date", models.DateField(verbose_name="date of the letter")),
                (
                    "letter",
                    models.FileField(
                        blank=True,
                        help_text="Optional: the signed letter, scanned.",
                        upload_to="consent_letters/",
                        verbose_name="scanned letter",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                ),
            ],
            options={
                "verbose_name": "buyer's consent",
                "verbose_name_plural": "buyers' consents",
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=40, verbose_name="number")),
                ("date", models.DateField(verbose_name="date")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                ),
            ],
            options={
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
                "ordering": ["date", "pk"],
            },
        ),
        migrations.CreateModel(
            name="DeliveryLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "quantity",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100000),
                        ],
                        verbose_name="quantity",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="Invoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=40, verbose_name="number")),
                ("date", models.DateField(verbose_name="date")),
                ("total", models.BigIntegerField(verbose_name="total (Rp)")),
                ("paid_on", models.DateField(null=True, verbose_name="paid on")),
                (
                    "payment_reference",
                    models.CharField(blank=True, max_length=100, verbose_name="payment reference"),
                ),
            ],
            options={
                "verbose_name": "invoice",
            },
        ),
        migrations.CreateModel(
            name="ProductionOrder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "customer_name",
                    models.CharField(blank=True, max_length=100, verbose_name="customer name"),
                ),
                (
                    "customer_contact",
                    models.CharField(
                        blank=True,
                        help_text="How to reach the customer, e.g. 0812-3456-7890 or a Shopee username.",
                        max_length=100,
                        verbose_name="phone or marketplace username",
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        help_text="For orders from a hotel, an office or another institution.",
                        max_length=150,
                        verbose_name="organisation",
                    ),
                ),
                ("promised_date", models.DateField(verbose_name="promised delivery date")),
                (
                    "total",
                    models.BigIntegerField(default=0, editable=False, verbose_name="total (Rp)"),
                ),
                (
                    "completed_on",
                    models.DateField(
                        editable=False, null=True, verbose_name="delivered in full on"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded at")),
            ],
            options={
                "verbose_name": "production order",
                "verbose_name_plural": "production orders",
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    ("record_progress", "Can record production progress"),
                    ("record_delivery", "Can record deliveries"),
                    ("record_payment", "Can make invoices and record their payment"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProductionOrderLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "quantity",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100000),
                        ],
                        verbose_name="ordered",
                    ),
                ),
                (
                    "unit_price",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MaxValueValidator(1000000000)],
                        verbose_name="unit price (Rp)",
                    ),
                ),
                (
                    "reserved",
                    models.PositiveIntegerField(default=0, verbose_name="reserved from stock"),
                ),
                ("made", models.PositiveIntegerField(default=0, verbose_name="made")),
                ("delivered", models.PositiveIntegerField(default=0, verbose_name="delivered")),
            ],
            options={
                "verbose_name": "production order line",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="ProductionProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                (
                    "quantity",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100000),
                        ],
                        verbose_name="quantity made",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                ),
            ],
            options={
                "verbose_name": "production progress",
                "ordering": ["date", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="quotationcounter",
            name="orders_one_counter_per_year",
        ),
        migrations.AddField(
            model_name="quotation",
            name="accepted_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="accepted at"),
        ),
        migrations.AddField(
            model_name="quotationcounter",
            name="series",
            field=models.CharField(default="SP", max_length=10),
        ),
        migrations.AlterField(
            model_name="quotation",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("approved", "Approved"),
                    ("sent", "Sent"),
                    ("accepted", "Accepted"),
                    ("superseded", "Revised"),
                ],
                default="draft",
                editable=False,
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="stockmovement",
            name="kind",
            field=models.CharField(
                choices=[
                    ("intake", "Production intake"),
                    ("sale", "Sale"),
                    ("return", "Return"),
                    ("void", "Void of a sale"),
                    ("adjustment", "Adjustment"),
                    ("reservation", "Reserved for a production order"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="quotationcounter",
            constraint=models.UniqueConstraint(
                fields=("site", "series", "year"), name="orders_one_counter_per_series_year"
            ),
        ),
        migrations.AddField(
            model_name="businessrecordsettings",
            name="site",
            field=models.OneToOneField(
                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
            ),
        ),
        migrations.AddField(
            model_name="buyerconsent",
            name="recorded_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="buyerconsent",
            name="site",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="institution",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="recorded_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="sale",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="delivery",
                to="orders.sale",
                verbose_name="sale",
            ),
        ),
        migrations.AddField(
            model_name="deliveryline",
            name="delivery",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="orders.delivery",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="made_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="made by",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="payment_recorded_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="payment recorded by",
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="created_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="quotation",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="production_order",
                to="orders.quotation",
                verbose_name="quotation",
            ),
        ),
        migrations.AddField(
            model_name="productionorder",
            name="site",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="institution",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="order",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="invoice",
                to="orders.productionorder",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="order",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deliveries",
                to="orders.productionorder",
            ),
        ),
        migrations.AddField(
            model_name="productionorderline",
            name="order",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="orders.productionorder",
            ),
        ),
        migrations.AddField(
            model_name="productionorderline",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cms.productpage",
                verbose_name="product",
            ),
        ),
        migrations.AddField(
            model_name="deliveryline",
            name="line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="delivery_lines",
                to="orders.productionorderline",
            ),
        ),
        migrations.AddField(
            model_name="productionprogress",
            name="line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="progress",
                to="orders.productionorderline",
            ),
        ),
        migrations.AddField(
            model_name="productionprogress",
            name="recorded_by",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddConstraint(
            model_name="buyerconsent",
            constraint=models.UniqueConstraint(
                fields=("site", "organisation"), name="orders_one_consent_per_buyer"
            ),
        ),
        migrations.AddIndex(
            model_name="productionorder",
            index=models.Index(
                fields=["site", "completed_on"], name="orders_prod_site_id_fb25a2_idx"
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
