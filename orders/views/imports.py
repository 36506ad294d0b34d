"""Uploading a marketplace export, previewing what it would do, and confirming it."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_modeladmin.views import InstanceSpecificView, WMABaseView

from cms.institutions import site_of
from orders.imports import run
from orders.imports.files import MAX_FILE_SIZE, check_upload
from orders.imports.plan import FORMATS, rows_in
from orders.models import IMPORT_UNDER_WAY, Channel, Import, ImportStatus
from orders.views.common import RecordPermissionHelper


class ImportPermissionHelper(RecordPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False  # an import is confirmed, never edited

    def user_can_confirm_obj(self, user, obj):
        return obj.status == ImportStatus.PREVIEWED and user.has_perm("orders.add_import")


class UploadForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=gettext_lazy("Marketplace"),
        queryset=Channel.objects.filter(code__in=list(FORMATS)),
        empty_label=None,
    )
    file = forms.FileField(
        label=gettext_lazy("Order export"),
        help_text=gettext_lazy("The CSV or XLSX file from the seller centre, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean(self):
        """The file is read to its end here, so a damaged or foreign file is refused before an
        import record exists."""
        data = super().clean()
        upload = data.get("file")
        if upload is not None and data.get("channel") is not None:
            if upload.size > MAX_FILE_SIZE:
                raise ValidationError(_("The file is larger than 5 MB. Export a shorter period."))
            data["content"] = upload.read()
            check_upload(upload.name, data["content"])
            data["rows_in_file"] = rows_in(data["channel"], upload.name, data["content"])
        return data


class UploadView(WMABaseView):
    """Keeps the file's bytes in the import record (until it is confirmed) and shows the preview."""

    template_name = "orders/import_upload.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_create(user)

    def get_page_title(self):
        return _("Import a marketplace export")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        record = Import.objects.create(
            site=site_of(request.user),
            channel=form.cleaned_data["channel"],
            file_name=form.cleaned_data["file"].name[:200],
            content=form.cleaned_data["content"],
            rows_in_file=form.cleaned_data["rows_in_file"],
            uploaded_by=request.user,
        )
        return redirect(self.url_helper.get_action_url("preview", record.pk))


# Orders, problems and order numbers listed on the preview; the rest are counted, so that a
# file of 100,000 rows makes a page a browser can show.
ROWS_SHOWN = 100


@dataclass(frozen=True)
class FirstRows:
    shown: list
    hidden: int


def first_rows(rows) -> FirstRows:
    return FirstRows(shown=rows[:ROWS_SHOWN], hidden=max(0, len(rows) - ROWS_SHOWN))


class PreviewView(InstanceSpecificView):
    """What the import would create, what it already imported, and every problem row; once
    confirmed, the import's progress (the page refreshes itself) and then its outcome."""

    template_name = "orders/import_preview.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)

    def get_page_title(self):
        return _("Import preview")

    def get_context_data(self, **kwargs):
        record = self.instance
        confirmable = self.permission_helper.user_can_confirm_obj(self.request.user, record)
        plan = kwargs["plan"] = run.preview(record) if confirmable else None
        if plan:
            kwargs["can_confirm"] = not plan.problems
            kwargs["problems"] = first_rows(plan.problems)
            kwargs["to_create"] = first_rows(plan.to_create)
            kwargs["already_imported"] = first_rows(plan.already_imported)
        kwargs["under_way"] = record.status in IMPORT_UNDER_WAY
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_confirm_obj(request.user, self.instance):
            messages.error(request, _("This import was already confirmed."))
            return redirect(self.index_url)
        if run.queue(self.instance, request.user):
            messages.success(request, _("The import has started: this page shows its progress."))
        else:
            messages.error(request, _("This import was already confirmed."))
        return redirect(self.url_helper.get_action_url("preview", self.instance.pk))
