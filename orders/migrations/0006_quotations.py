"""Quotations (surat penawaran) and who works with them, at every institution:

- Clerk: makes and revises quotations (add, change, view).
- Head: reads them, approves those above the threshold, edits the quotation settings.
- Manager: reads them (what buyers are offered for the products they write about).

Nobody deletes a quotation: a revision keeps the earlier one as history.
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


GRANTS = {
    "Clerk": ["add_quotation", "change_quotation", "view_quotation"],
    "Head": ["view_quotation", "approve_quotation"],
    "Manager": ["view_quotation"],
}
# A site setting: the head edits their own institution's (a permission on its site).
SETTINGS_PERMISSION = "change_quotationsettings"


def get_permission(apps, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    model = "quotation" if codename == "approve_quotation" else codename.split("_", 1)[1]
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
        ("orders", "0005_amount_bounds_and_import_progress"),
        ("wagtailcore", "0098_apitoken"),
        ("institutions", "0002_content_types_from_cms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Quotation",
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
                ("number", models.CharField(editable=False, max_length=40, verbose_name="number")),
                ("year", models.PositiveSmallIntegerField(editable=False)),
                (
                    "revision",
                    models.PositiveSmallIntegerField(
                        default=0, editable=False, verbose_name="revision"
                    ),
                ),
                ("date", models.DateField(editable=False, verbose_name="date")),
                (
                    "customisation",
                    models.TextField(
                        blank=True,
                        help_text="What is made to the buyer's wish, e.g. their logo embroidered.",
                        verbose_name="customisation",
                    ),
                ),
                (
                    "lead_time",
                    models.CharField(
                        help_text="e.g. 3 weeks after the down payment.",
                        max_length=150,
                        verbose_name="lead time",
                    ),
                ),
                ("valid_until", models.DateField(verbose_name="valid until")),
                ("payment_terms", models.TextField(verbose_name="payment terms")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("approved", "Approved"),
                            ("sent", "Sent"),
                            ("superseded", "Revised"),
                        ],
                        default="draft",
                        editable=False,
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "total",
                    models.BigIntegerField(default=0, editable=False, verbose_name="total (Rp)"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="made at")),
                (
                    "approved_at",
                    models.DateTimeField(editable=False, null=True, verbose_name="approved at"),
                ),
                (
                    "sent_at",
                    models.DateTimeField(editable=False, null=True, verbose_name="sent at"),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="approved by",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="made by",
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotations",
                        to="orders.inquiry",
                        verbose_name="inquiry",
                    ),
                ),
                (
                    "previous",
                    models.OneToOneField(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="next_revision",
                        to="orders.quotation",
                        verbose_name="revision of",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.site",
                        verbose_name="institution",
                    ),
                ),
            ],
            options={
                "verbose_name": "quotation",
                "verbose_name_plural": "quotations",
                "ordering": ["-year", "-number", "-revision"],
                "permissions": [("approve_quotation", "Can approve quotations")],
            },
        ),
        migrations.CreateModel(
            name="QuotationCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="QuotationLine",
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
                (
                    "unit_price",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Leave empty for the product's price tier for this quantity.",
                        validators=[django.core.validators.MaxValueValidator(1000000000)],
                        verbose_name="unit price (Rp)",
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cms.productpage",
                        verbose_name="product",
                    ),
                ),
                (
                    "quotation",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="orders.quotation",
                    ),
                ),
            ],
            options={
                "verbose_name": "quotation line",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="QuotationSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "institution_code",
                    models.CharField(
                        default="LAPAS",
                        help_text="e.g. LPB for Lapas Bandung: quotations are numbered 001/SP/LPB/2026.",
                        max_length=20,
                        verbose_name="code in quotation numbers",
                    ),
                ),
                (
                    "head_name",
                    models.CharField(
                        blank=True,
                        help_text="Who signs the quotations.",
                        max_length=150,
                        verbose_name="head's name",
                    ),
                ),
                (
                    "head_position",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Kepala Lapas Kelas I Bandung.",
                        max_length=150,
                        verbose_name="head's position",
                    ),
                ),
                (
                    "approval_threshold",
                    models.PositiveBigIntegerField(
                        default=10000000,
                        help_text="A quotation whose total is above this amount is approved by the head before it is sent.",
                        verbose_name="approval above (Rp)",
                    ),
                ),
                (
                    "payment_terms",
                    models.TextField(
                        blank=True,
                        default="DP 50% saat pemesanan, pelunasan sebelum pengiriman.",
                        help_text="What a new quotation proposes; the clerk may change it.",
                        verbose_name="usual payment terms",
                    ),
                ),
                (
                    "logo",
                    models.ForeignKey(
                        blank=True,
                        help_text="Printed on the letterhead of quotations.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cms.photo",
                        verbose_name="logo",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "quotations",
            },
        ),
        migrations.AddConstraint(
            model_name="quotation",
            constraint=models.UniqueConstraint(
                fields=("site", "number", "revision"), name="orders_one_quotation_per_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="quotationcounter",
            constraint=models.UniqueConstraint(
                fields=("site", "year"), name="orders_one_counter_per_year"
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
