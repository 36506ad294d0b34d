"""Rich text: the admin's editor (Draftail), what rich text may link to, and how the public
site shows its links.

The editor stores nothing when nothing is written in it.

Draftail turns an empty value into an empty paragraph (``<p data-block-key="…"></p>``). A field
left empty in a page made in code (the demo, imports) would then differ at every save of the
editor: the page has changes when nobody changed it, and an officer who approves from the editor
writes a new revision, which restarts the review and, written by the officer, waits for a second
one (cms/models/workflow.py). An editor holding no text, photo or embed gives "".
"""

from django.utils.html import escape, strip_tags

from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from institutions.isolation import own_pages, requesting_user
from sitegen.pages import visible_ids

# Rich text content that shows without text: photos and embeds, a horizontal rule.
CONTENT_WITHOUT_TEXT = ("<embed", "<img", "<hr")


def is_empty(html: str) -> bool:
    return not strip_tags(html).strip() and not any(tag in html for tag in CONTENT_WITHOUT_TEXT)


class RichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        html = super().value_from_datadict(data, files, name)
        return "" if html is not None and is_empty(html) else html


class PublicPageLinkHandler(PageLinkHandler):
    """A rich text link to a page is a link on the public site only when the public sees that
    page (``sitegen.pages.visible_ids``: during a bake, the pages the bake writes); otherwise
    its text stays and the link goes, as Wagtail does for a deleted page. Its address would
    lead nowhere and show the slug of a draft, a private page or another institution's page.
    The page is still loaded, so the baker records the read and bakes the link again when that
    page is published."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        shown = visible_ids(page.pk for page in pages if page is not None)
        return [
            f'<a href="{escape(page.localized.url)}">' if page and page.pk in shown else "<a>"
            for page in pages
        ]


class OwnPageLinkElementHandler(PageLinkElementHandler):
    """How the editor reads a stored page link: with the page's address only when the page is
    of the user's institutions (all for superusers), else with its id alone, as Wagtail shows a
    link to a deleted page. A form posted with another institution's page id is refused and
    shown again: the address of that page (a draft's slug) must not come back with it."""

    def get_attribute_data(self, attrs):
        user, page_id = requesting_user.get(), int(attrs["id"])
        if user is None or not own_pages(Page.objects.filter(pk=page_id), user).exists():
            return {"id": page_id, "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


def register_features(features):
    """Registered after Wagtail's own rich text features, to take the place of its page link
    handlers: the public site's, and the editor's (the rest of the rule is Wagtail's)."""
    features.register_link_type(PublicPageLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': OwnPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )
