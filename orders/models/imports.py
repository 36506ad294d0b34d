"""A marketplace order export a clerk uploaded: previewed first, then imported in one go by a
background task (orders/tasks.py), whose progress and result the record keeps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from institutions.models import InstitutionRecord


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    QUEUED = "queued", _("Waiting to be imported")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused: problem rows")
    NOTHING_NEW = "nothing_new", _("Nothing new")
    FAILED = "failed", _("Failed: nothing imported")


# An import in these states is under way: its page refreshes itself to show the progress.
IMPORT_UNDER_WAY = (ImportStatus.QUEUED, ImportStatus.IMPORTING)


class Import(InstitutionRecord):
    """Who uploaded which file, when, and what came of it. The file's bytes are kept only
    until the import is confirmed or refused, then cleared: the sales hold what matters."""

    channel = models.ForeignKey(
        "orders.Channel", verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(null=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("result"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    orders_found = models.PositiveIntegerField(_("orders in the file"), default=0)
    sales_created = models.PositiveIntegerField(_("sales created"), default=0)
    already_imported = models.PositiveIntegerField(_("already imported"), default=0)
    problems = models.PositiveIntegerField(_("problem rows"), default=0)
    rows_in_file = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("Why nothing was imported, in words.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.file_name
