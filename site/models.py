"""Records of every bake and publish, listed in the admin (Static site → History), and where
each site is published.

Officers and the head of the institution read the records to see when the public site last
changed, what triggered it and, when something failed, why.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


class Status(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class SiteJob(models.Model):
    """What both records share: who or what started the job, when, and how it ended."""

    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, on_delete=models.SET_NULL)
    trigger = models.CharField(
        _("trigger"), max_length=200, help_text=_("What started the job, e.g. a page approval.")
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    status = models.CharField(
        _("result"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-started_at", "-pk"]

    def describe(self):
        when = f"{self.started_at:%Y-%m-%d %H:%M}" if self.started_at else ""
        return f"{self._meta.verbose_name} {when} ({self.get_status_display()})"


class Build(SiteJob):
    """One bake of the static site into the build folder."""

    full = models.BooleanField(_("full bake"), default=False)
    pages_rendered = models.PositiveIntegerField(_("pages rendered"), default=0)
    files_written = models.PositiveIntegerField(_("files written"), default=0)
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    pages_not_baked = models.TextField(
        _("pages not baked"),
        blank=True,
        help_text=_("Pages this bake could not render, with the reason; the others were baked."),
    )

    class Meta(SiteJob.Meta):
        verbose_name = _("bake")
        verbose_name_plural = _("bakes")

    def __str__(self):
        return self.describe()


class Deployment(SiteJob):
    """One publish of the build folder to a publish target (a folder or a bucket)."""

    target = models.CharField(_("target"), max_length=200)
    files_uploaded = models.PositiveIntegerField(_("files uploaded"), default=0)
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    bytes_uploaded = models.PositiveBigIntegerField(_("bytes uploaded"), default=0)

    class Meta(SiteJob.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("publish_site", _("Can publish the static site now"))]

    def __str__(self):
        return self.describe()


class RebuildRequest(models.Model):
    """A page whose public file must be rendered again although its live revision is the same:
    data kept outside the page's revisions changed (stock ran out, so the page shows sold out).

    Kept in the database until a bake succeeds, so a bake that fails or runs later (a manual
    ``bake --changed`` when automatic publishing is off) still picks it up.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rebuild request")
        verbose_name_plural = _("rebuild requests")

    def __str__(self):
        return f"{self.reason} ({self.page_id})"


class PageBakeFailure(models.Model):
    """A public page the last bake of its site could not render (a template error, a theme
    asset missing), with the reason. Its public file stays at its last good version, or is
    absent if it never had one; the other pages are baked. Shown on the page's edit screen so
    an officer knows the public site lacks the approved version. A bake that renders the page,
    or the page leaving the public site, removes the record.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE)
    reason = models.TextField(_("reason"))
    failed_at = models.DateTimeField(_("failed at"), auto_now=True)

    class Meta:
        verbose_name = _("page not baked")
        verbose_name_plural = _("pages not baked")

    def __str__(self):
        return f"{self.page_id}: {self.reason}"


def publish_target_choices():
    """The targets the installation configures (SITEGEN_PUBLISH_TARGETS), by name."""
    return [(name, name) for name in sorted(settings.SITEGEN_PUBLISH_TARGETS)]


BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
# A folder name of a key prefix: no empty, "." or ".." part, nothing a URL would escape.
PREFIX_PART = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")


def validate_public_address(address: str) -> None:
    """A site's public address is a scheme and a host (and a port) only: every absolute URL of
    the bake is made by appending a path to it."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            _("Start the address with https:// (or http://), e.g. https://batik.lapas-x.go.id."),
            code="scheme",
        )
    if parts.path == "/" and not (parts.query or parts.fragment):
        raise ValidationError(
            _("Leave out the slash at the end: https://batik.lapas-x.go.id, not …go.id/."),
            code="trailing_slash",
        )
    if parts.path or parts.query or parts.fragment or address.endswith(("?", "#")):
        raise ValidationError(
            _(
                "Give the address of the site itself, without a path, ? or #: the pages' "
                "paths are added to it."
            ),
            code="path",
        )
    if "@" in parts.netloc:
        raise ValidationError(
            _("Leave out the user name and password: the public address is for everyone."),
            code="credentials",
        )
    try:
        URLValidator(schemes=["http", "https"])(address)
        parts.port  # noqa: B018 (raises ValueError for a port beyond 65535)
    except (ValidationError, ValueError) as error:
        raise ValidationError(
            _(
                "This is not a host name with an optional port, e.g. https://batik.lapas-x.go.id "
                "or http://127.0.0.1:8001."
            ),
            code="host",
        ) from error


@register_setting(icon="upload")
class PublishSettings(BaseSiteSetting):
    """Where the institution's site is published, when one installation serves several, and the
    address the public reaches it at.

    Blank fields take the installation's settings (ETALASE_PUBLISH_TARGET, ETALASE_S3_BUCKET,
    ETALASE_S3_PREFIX); credentials stay in the environment. Edited by the Head.
    """

    # Only the public address is on the public site: sitegen.fingerprint counts that alone, so
    # a new bucket or prefix bakes nothing again.
    shown_on_public_site = False

    public_address = models.CharField(
        _("public address"),
        max_length=200,
        blank=True,
        validators=[validate_public_address],
        help_text=_(
            "Where the public opens this site, e.g. https://batik.lapas-x.go.id: the links in "
            "WhatsApp messages, the QR codes on labels, share previews and the sitemap use it. "
            "Blank: the site's host name and port under Settings → Sites."
        ),
    )

    target = models.CharField(
        _("publish target"),
        max_length=50,
        blank=True,
        choices=publish_target_choices,
        help_text=_("Blank: the installation's target."),
    )
    bucket = models.CharField(
        _("bucket"),
        max_length=63,
        blank=True,
        help_text=_("S3 targets: the bucket of this site. Blank: the installation's bucket."),
    )
    prefix = models.CharField(
        _("key prefix"),
        max_length=200,
        blank=True,
        help_text=_(
            "S3 targets: the folder of this site inside the bucket, e.g. lapas-bandung/. Blank: "
            "the installation's prefix. A folder target puts every site other than the default "
            "one in a folder named after its hostname beside the installation's folder."
        ),
    )

    panels = [
        FieldPanel("public_address"),
        FieldPanel("target"),
        FieldPanel("bucket"),
        FieldPanel("prefix"),
    ]

    class Meta:
        verbose_name = _("publishing")

    def clean(self):
        super().clean()
        if self.bucket and not BUCKET_NAME.fullmatch(self.bucket):
            raise ValidationError(
                {
                    "bucket": _(
                        "A bucket name has 3 to 63 lowercase letters, digits, dots or dashes."
                    )
                }
            )
        parts = self.prefix.strip("/").split("/") if self.prefix else []
        if not all(PREFIX_PART.fullmatch(part) for part in parts):
            raise ValidationError(
                {
                    "prefix": _(
                        "Use letters, digits, dots, dashes and underscores, with / between folders."
                    )
                }
            )
        self._refuse_a_place_another_site_has()

    def _refuse_a_place_another_site_has(self):
        from sitegen.sites import PlaceNotAllowed, check_publish_place
        from sitegen.targets import InvalidPublishTarget, PublishError

        try:
            check_publish_place(self)
        except PlaceNotAllowed as error:
            # Said without the other institution's bucket or prefix: a head sees their own only.
            raise ValidationError(error.form_message) from error
        except (InvalidPublishTarget, PublishError) as error:
            raise ValidationError(str(error)) from error


class NationalCatalogPlace(models.Model):
    """A place the national catalog has been published to (``bake_national_catalog --target``),
    remembered so that no site's publishing settings take it later: a site's publish deletes
    what the place's manifest lists, the national catalog with it."""

    target = models.CharField(_("publish target"), max_length=50)
    # sitegen.targets.Location: the folder kind or S3 endpoint and bucket, and the folder or prefix.
    root = models.CharField(max_length=300)
    path = models.CharField(max_length=1000)
    described = models.CharField(_("place"), max_length=1200)
    first_published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("place of the national catalog")
        verbose_name_plural = _("places of the national catalog")
        constraints = [models.UniqueConstraint(fields=["root", "path"], name="one_national_place")]

    def __str__(self):
        return self.described


class SharedBuildState(models.Model):
    """The incremental state and manifest of a site's latest bake, shared by every task worker.

    Each worker bakes into a build folder on its own disk; this row says which bake is the
    latest (``generation``, a number drawn for each outcome of a bake, taken before its folder
    says it holds that bake) and what it produced, so a worker whose folder holds an older bake
    knows it is behind (see ``sitegen.bake``) and the admin on any machine reads the site's
    status. The state's pages, routes and feed entries and the manifest's files are rows of
    their own (``SharedBuildEntry``); ``state`` holds the rest (``sitegen.shared_state``).
    """

    site = models.OneToOneField(
        Site,
        verbose_name=_("site"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    generation = models.PositiveBigIntegerField(_("generation"))
    state = models.JSONField(_("state"), default=dict)
    # A hash of the state and manifest: a bake compares its outcome with the latest by this,
    # without reading its entries back from the database.
    digest = models.CharField(_("content digest"), max_length=64, blank=True)
    baked_at = models.DateTimeField(_("baked at"), auto_now=True)

    class Meta:
        verbose_name = _("shared build state")
        verbose_name_plural = _("shared build states")

    def __str__(self):
        return f"{self.site_id}: {self.generation}"


class SharedBuildEntry(models.Model):
    """One entry of a site's shared build state (a page, a route, a feed entry) or of its
    manifest (a file): rows, so that a bake writes only the entries it changed, and one
    approval costs the same in a catalog of 100 products or of 10,000."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    # "pages", "routes", "feed" (keys as in the state) or "files" (the manifest's paths).
    section = models.CharField(_("section"), max_length=10)
    key = models.CharField(_("key"), max_length=1000)
    value = models.JSONField(_("value"))

    class Meta:
        verbose_name = _("shared build entry")
        verbose_name_plural = _("shared build entries")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "section", "key"], name="one_shared_build_entry"
            )
        ]

    def __str__(self):
        return f"{self.site_id} {self.section} {self.key}"


class RegisteredWorker(models.Model):
    """A task worker started with ``run_worker``, while it runs (``sitegen.locks``): only the
    tasks of such a worker are judged when it stops holding its lock; a task claimed by any
    other worker (a plain ``db_worker``) is never taken for dead."""

    key = models.CharField(_("key"), max_length=64, primary_key=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registered worker")
        verbose_name_plural = _("registered workers")

    def __str__(self):
        return self.key
