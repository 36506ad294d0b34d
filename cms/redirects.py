"""Redirects per institution.

A redirect belongs to a site, and the baker writes a site's own redirects, with those of all
sites (no site), into that site's build (sitegen/sitefiles.py). Wagtail's redirect views let
whoever holds the redirect permissions (the officers) list, change and delete the redirects of
every site and add redirects for all sites. These views replace them at the same addresses
(cms/wagtail_hooks.py registers them before Wagtail's, which they shadow) and keep an officer to
the sites of their institutions: the list, the form's choice of site and of the page to redirect
to, and the redirect opened by its address. Redirects of all sites, and importing redirects
from a file (which sets one site for many), are the superusers', who set the installation up.
"""

import django_filters

from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import user_passes_test
from wagtail.contrib.redirects import views as wagtail_redirects
from wagtail.contrib.redirects.filters import RedirectsReportFilterSet
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from institutions.isolation import own_pages
from institutions.scopes import sites_of
from sitegen.api import UnsafePath, redirect_file_path


def own_redirects(redirects, user):
    """The redirects of `redirects` that the user manages: those of their institutions' sites
    (superusers: all, those of all sites included)."""
    if user.is_superuser:
        return redirects
    return redirects.filter(site__in=sites_of(user))


class InstitutionRedirectForm(RedirectForm):
    """Wagtail's redirect form; for anyone but a superuser, the site is one of their
    institutions' (no "all sites") and the page is one of theirs. The old path must name a file
    inside the site's build: the baker writes one there for each redirect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["redirect_page"].queryset = own_pages(Page.objects.all(), self.for_user)
        if not self.for_user.is_superuser:
            site = self.fields["site"]
            site.queryset = sites_of(self.for_user)
            site.required = True
            site.empty_label = None

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"]
        try:
            redirect_file_path(Redirect.normalise_path(old_path))
        except UnsafePath as error:
            raise ValidationError(
                _(
                    "This old path could lead outside the public site: remove '..', '//', "
                    "backslashes and names that start with a dot."
                ),
                code="unsafe_path",
            ) from error
        return old_path


class InstitutionRedirectsFilterSet(RedirectsReportFilterSet):
    site = django_filters.ModelChoiceFilter(
        field_name="site", queryset=lambda request: sites_of(request.user)
    )


class OwnRedirectMixin:
    """A view of one redirect: another institution's is not found, whatever its address."""

    def get_queryset(self):
        return own_redirects(super().get_queryset(), self.request.user)


class IndexView(wagtail_redirects.IndexView):
    filterset_class = InstitutionRedirectsFilterSet

    def get_base_queryset(self):
        return own_redirects(super().get_base_queryset(), self.request.user)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.request.user.is_superuser:
            return buttons
        import_url = reverse("wagtailredirects:start_import")
        return [button for button in buttons if button.url != import_url]


class CreateView(wagtail_redirects.CreateView):
    form_class = InstitutionRedirectForm


class EditView(OwnRedirectMixin, wagtail_redirects.EditView):
    form_class = InstitutionRedirectForm


class DeleteView(OwnRedirectMixin, wagtail_redirects.DeleteView):
    pass


superusers_only = user_passes_test(lambda user: user.is_superuser)

# The paths of wagtail.contrib.redirects.urls, whose names the admin's templates reverse.
app_name = "institution_redirects"
urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("results/", IndexView.as_view(results_only=True), name="index_results"),
    path("add/", CreateView.as_view(), name="add"),
    path("<int:redirect_id>/", EditView.as_view(), name="edit"),
    path("<int:redirect_id>/delete/", DeleteView.as_view(), name="delete"),
    path("import/", superusers_only(wagtail_redirects.start_import), name="start_import"),
    path(
        "import/process/",
        superusers_only(wagtail_redirects.process_import),
        name="process_import",
    ),
]
