"""What the public site's own access logs say, kept as counts only.

A row counts the page views of one page on one day from one channel, or the clicks on one of a
product's order buttons (its order address, ``destination``: whatsapp, tokopedia, shopee, ...).
Nothing personal is kept: no addresses, no user agents, no full referrers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from institutions.models import InstitutionRecord


class TrafficChannel(models.TextChoices):
    """Where a visitor came from: the link's ``utm_source``, else the referrer's host."""

    GOOGLE = "google", _("Google")
    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TIKTOK = "tiktok", _("TikTok")
    TOKOPEDIA = "tokopedia", _("Tokopedia")
    SHOPEE = "shopee", _("Shopee")
    OTHER = "other", _("Other websites")
    DIRECT = "direct", _("Direct")


class TrafficKind(models.TextChoices):
    VIEW = "view", _("page view")
    ORDER_CLICK = "order_click", _("order button click")


class TrafficCount(InstitutionRecord):
    """Views of a page, or clicks on one of its order buttons, on one day from one channel."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=20, choices=TrafficChannel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=TrafficKind.choices)
    # For order clicks: the order button's destination (whatsapp, tokopedia, shopee, ...).
    destination = models.CharField(_("destination"), max_length=30, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("traffic count")
        verbose_name_plural = _("traffic counts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "channel", "kind", "destination"],
                name="reach_one_count_per_page_day_channel",
            )
        ]
        indexes = [models.Index(fields=["site", "day"], name="reach_count_site_day_idx")]
        permissions = [("view_funnel_report", _("Can view the What sells report"))]

    def __str__(self):
        return f"{self.page_id} {self.day} {self.channel} {self.kind}: {self.count}"


class ImportedLog(models.Model):
    """How much of an access log ``import_traffic`` has counted, so that importing it again
    counts nothing twice, and a log that grew since counts only its new lines.

    A log is known by its first request line (a request id or a time and address make it
    unique), stored as a hash only; its imported part by its length and a hash of its bytes, so
    a log rotated and compressed since (``access.log.1.gz``) is still known, and a log that
    changed instead of growing is refused rather than counted again."""

    first_line_sha256 = models.CharField(_("hash of the first line"), max_length=64, unique=True)
    log_format = models.CharField(_("format"), max_length=20)
    name = models.CharField(_("file name"), max_length=255)
    lines_read = models.PositiveBigIntegerField(_("lines read"))
    bytes_read = models.PositiveBigIntegerField(_("bytes read"))
    read_sha256 = models.CharField(_("hash of the bytes read"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported access log")
        verbose_name_plural = _("imported access logs")

    def __str__(self):
        return f"{self.name}: {self.lines_read} lines"
