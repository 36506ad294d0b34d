"""The admin of each institution's private list of protected names (Settings → Protected names).

Officers and the head of an institution read and keep their institution's list only; a name
they add is their institution's. The review of a page checks it against its own institution's
list (cms/privacy.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cms.models import ProtectedName
from institutions.scopes import OwnInstitutionIndex, OwnInstitutionObject, site_of


class ProtectedNameForm(WagtailAdminModelForm):
    class Meta:
        model = ProtectedName
        fields = ["name"]

    def clean_name(self):
        """One space between words, and each name once per list whatever its capitals (the
        review finds it whatever they are)."""
        name = " ".join(self.cleaned_data["name"].split())
        same = ProtectedName.objects.filter(site=self.instance.site_id, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This name is on the list already."))
        return name


class AddView(generic.CreateView):
    def get_initial_form_instance(self):
        """The new name belongs to the institution of the person adding it."""
        return ProtectedName(site=site_of(self.request.user))


class IndexView(OwnInstitutionIndex, generic.IndexView):
    pass


class EditView(OwnInstitutionObject, generic.EditView):
    pass


class DeleteView(OwnInstitutionObject, generic.DeleteView):
    pass


class HistoryView(OwnInstitutionObject, generic.HistoryView):
    pass


class UsageView(OwnInstitutionObject, generic.UsageView):
    pass


class ProtectedNameViewSet(ModelViewSet):
    """The private list of names an institution's pages are checked for."""

    model = ProtectedName
    form_class = ProtectedNameForm
    index_view_class = IndexView
    add_view_class = AddView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    # A copy would open another institution's name by its address; a name is short to type.
    copy_view_enabled = False
    icon = "warning"
    menu_label = _("Protected names")
    add_to_settings_menu = True
    list_display = ["name", "added_at"]
    search_fields = ["name"]

    def get_form_class(self, for_update=False):
        return self.form_class
