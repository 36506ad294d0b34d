"""Many institutions, one installation: each institution is a Wagtail Site with a page tree,
a photo collection and staff groups of its own, so no one sees or edits another's work."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection, Site


class Role(models.TextChoices):
    MANAGER = "Manager", _("Manager")
    OFFICER = "Officer", _("Officer")
    CLERK = "Clerk", _("Clerk")
    HEAD = "Head", _("Head")


class Institution(models.Model):
    """What makes a site an institution: its photo collection and its staff groups."""

    site = models.OneToOneField(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="institution"
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("photo collection"),
        on_delete=models.PROTECT,
        related_name="institution",
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        db_table = "cms_institution"  # the table it had in the cms app

    def __str__(self):
        return self.site.site_name or self.site.hostname


class InstitutionGroup(models.Model):
    """One role's group at one institution; its members work for that institution only."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="role_groups"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="institution_group")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "role"], name="one_group_per_role")
        ]
        db_table = "cms_institutiongroup"  # the table it had in the cms app

    def __str__(self):
        return f"{self.institution}: {self.get_role_display()}"


class InstitutionRecord(models.Model):
    """A record of one institution (its site); its staff alone see it (institutions/scopes.py).

    The site is set from the institution of the user who creates the record, never chosen."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
