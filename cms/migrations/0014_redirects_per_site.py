"""Redirects become each institution's own (cms/redirects.py): officers manage the redirects of
their institution's site, and redirects of all sites are the superusers'.

Until now Wagtail's form offered "all sites" first, so an officer's redirect was usually for all
sites: it showed on every institution's public site, and from now on its officers would no
longer see it. Such a redirect becomes its institution's: on an installation with one site,
that site's; otherwise the site of the institution of the officer who made it, as the audit log
names them. One whose maker is unknown, a superuser or at several institutions stays for all
sites, and so does one whose path the site already redirects.
"""

from django.db import migrations


def give_redirects_their_site(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects.Redirect")
    Site = apps.get_model("wagtailcore.Site")
    sites = list(Site.objects.order_by("pk")[:2])
    for redirect in Redirect.objects.filter(site__isnull=True):
        site_id = sites[0].pk if len(sites) == 1 else site_of_maker(apps, redirect)
        taken = Redirect.objects.filter(site_id=site_id, old_path=redirect.old_path).exists()
        if site_id is not None and not taken:
            redirect.site_id = site_id
            redirect.save(update_fields=["site"])


def site_of_maker(apps, redirect):
    """The site of the one institution of the user (not a superuser) who made the redirect."""
    ContentType = apps.get_model("contenttypes.ContentType")
    ModelLogEntry = apps.get_model("wagtailcore.ModelLogEntry")
    User = apps.get_model("auth.User")
    InstitutionGroup = apps.get_model("cms.InstitutionGroup")
    creation = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.filter(app_label="wagtailredirects", model="redirect")
        .values("pk")[:1],
        object_id=str(redirect.pk),
        action="wagtail.create",
    ).first()
    maker = creation and User.objects.filter(pk=creation.user_id, is_superuser=False).first()
    if maker is None:
        return None
    site_ids = set(
        InstitutionGroup.objects.filter(group__user=maker).values_list(
            "institution__site", flat=True
        )
    )
    return site_ids.pop() if len(site_ids) == 1 else None


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0013_categories_renamed_by_officers"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_redirects_their_site, migrations.RunPython.noop)]
