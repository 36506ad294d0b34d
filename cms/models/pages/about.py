"""The institution introduces itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import story_blocks
from cms.models.pages.base import CatalogBasePage
from cms.models.pages.photos import stream_photos


class AboutPage(CatalogBasePage):
    """The institution introduces itself: who makes the products, why the programme exists and
    how to visit the gallery. Contact details come from the institution's settings."""

    intro = models.TextField(
        _("introduction"), max_length=300, help_text=_("One or two sentences at the top.")
    )
    body = StreamField(story_blocks(), verbose_name=_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("about page")

    def summary_text(self):
        return self.intro

    def shown_photos(self):
        return stream_photos(self, "body")
