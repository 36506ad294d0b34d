"""Admin registrations of the cms app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.labels import label_sheet
from cms.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_order = 200
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


@hooks.register("register_admin_urls")
def register_label_urls():
    return [path("labels/", label_sheet, name="cms_labels")]


@hooks.register("register_admin_menu_item")
def register_labels_menu_item():
    return MenuItem(_("Product labels"), reverse("cms_labels"), icon_name="doc-full", order=900)
