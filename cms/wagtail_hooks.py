"""Admin registrations of the cms app."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_order = 200
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)
