"""Replace Wagtail's placeholder welcome page with an (unpublished) Etalase home page.

The home page starts as a draft: like every other page, it reaches the public only once an
officer approves it.
"""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    root = Page.objects.get(depth=1)
    welcome = Page.objects.filter(depth=2, content_type__model="page", slug="home").first()
    if welcome:
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
        root.numchild -= 1
        root.save(update_fields=["numchild"])

    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    next_position = root.numchild + 1
    homepage = HomePage.objects.create(
        title="Beranda",
        draft_title="Beranda",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{next_position:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=False,
        has_unpublished_changes=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    root.numchild = next_position
    root.save(update_fields=["numchild"])
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page=homepage, is_default_site=True
        )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
