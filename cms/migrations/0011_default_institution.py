"""The institution of the first site: the roles' groups, their page permissions and a photo
collection of its own, so that a second institution added later sees none of it.

The groups' permissions move from the root of the page tree and of the collections to the
default site's home page and the new collection, and their site settings permissions (the
head's) from every site to the default site. The review workflow stays on the root: pages
of another institution are reviewed by the workflow of their own site.
"""

from django.db import migrations

ROLES = ("Manager", "Officer", "Clerk", "Head")
# Site settings whose permissions become per site: the head edits their own institution's.
SITE_SETTINGS = [("cms", "institutionsettings"), ("cms", "oversightsettings"), ("orders", "sharesettings")]
# Treebeard's materialised paths: four base-36 digits per level.
PATH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_step(number):
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = PATH_DIGITS[digit] + step
    return step


def create_default_institution(apps, schema_editor):
    Site = apps.get_model("wagtailcore.Site")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    collection = child_collection(apps, f"Foto {site.site_name or site.hostname}")
    move_permissions(apps, site, collection)
    institution = apps.get_model("cms.Institution").objects.create(
        site=site, collection=collection
    )
    InstitutionGroup = apps.get_model("cms.InstitutionGroup")
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        InstitutionGroup.objects.create(institution=institution, group=group, role=group.name)


def child_collection(apps, name):
    Collection = apps.get_model("wagtailcore.Collection")
    root = Collection.objects.get(depth=1)
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-4:], 36) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=root.path + path_step(number), depth=2, numchild=0
    )
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    return collection


def move_permissions(apps, site, collection):
    Photo = apps.get_model("cms.Photo")
    Collection = apps.get_model("wagtailcore.Collection")
    root_collection = Collection.objects.get(depth=1)
    Photo.objects.filter(collection=root_collection).update(collection=collection)
    groups = {"group__name__in": ROLES}
    apps.get_model("wagtailcore.GroupCollectionPermission").objects.filter(
        collection=root_collection, **groups
    ).update(collection=collection)
    apps.get_model("wagtailcore.GroupPagePermission").objects.filter(
        page__depth=1, **groups
    ).update(page=site.root_page)
    GroupSitePermission = apps.get_model("wagtailcore.GroupSitePermission")
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        for app_label, model in SITE_SETTINGS:
            for permission in group.permissions.filter(
                content_type__app_label=app_label, codename=f"change_{model}"
            ):
                GroupSitePermission.objects.create(group=group, site=site, permission=permission)
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("cms", "0010_institutions"), ("orders", "0002_channels_and_roles")]

    operations = [migrations.RunPython(create_default_institution, migrations.RunPython.noop)]
