"""The channels customers use, and the orders permissions of each role.

- Clerk: records inquiries, sales, stock movements and imports (add, change, view), sees the
  channels, keeps the products' stock records (cost of goods, low-stock threshold).
- Head: sees everything in orders, reads and exports the reports, edits the sales shares
  (premi, PNBP) and the channels.
- Officer and Manager: nothing in orders.

Nobody may delete a sale, a movement or an inquiry: a sale is voided, with a reason.
"""

from django.db import migrations

CHANNELS = [
    # code, name, kind
    ("whatsapp", "WhatsApp", "whatsapp"),
    ("tokopedia", "Tokopedia", "marketplace"),
    ("shopee", "Shopee", "marketplace"),
    ("tiktok_shop", "TikTok Shop", "marketplace"),
    ("lazada", "Lazada", "marketplace"),
    ("bukalapak", "Bukalapak", "marketplace"),
    ("blibli", "Blibli", "marketplace"),
    ("walk_in", "Galeri ruang kunjungan", "walk_in"),
    ("exhibition", "Pameran", "exhibition"),
    ("direct", "Langsung / B2B", "direct"),
]

RECORDS = ["inquiry", "sale", "stockmovement", "import"]
PERMISSIONS = {
    "Clerk": [
        *[f"{verb}_{model}" for model in RECORDS for verb in ("add", "change", "view")],
        "view_channel",
        "add_productstock",
        "change_productstock",
        "view_productstock",
    ],
    "Head": [
        *[f"view_{model}" for model in RECORDS],
        "view_report",
        "add_channel",
        "change_channel",
        "view_channel",
        "change_productstock",
        "view_productstock",
        "change_sharesettings",
    ],
}
MODEL_OF = {"view_report": "sale"}


def get_permission(apps, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    model = MODEL_OF.get(codename, codename.split("_", 1)[1])
    content_type, _ = ContentType.objects.get_or_create(app_label="orders", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def create_channels_and_roles(apps, schema_editor):
    Channel = apps.get_model("orders.Channel")
    Group = apps.get_model("auth.Group")
    for order, (code, name, kind) in enumerate(CHANNELS):
        Channel.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "sort_order": order}
        )
    for role, codenames in PERMISSIONS.items():
        group = Group.objects.get(name=role)
        group.permissions.add(*[get_permission(apps, codename) for codename in codenames])


def remove_roles(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    for group in apps.get_model("auth.Group").objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="orders"))


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("cms", "0003_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(create_channels_and_roles, remove_roles)]
