"""The admin's rich text editor (Draftail), storing nothing when nothing is written in it.

Draftail turns an empty value into an empty paragraph (``<p data-block-key="…"></p>``). A field
left empty in a page made in code (the demo, imports) would then differ at every save of the
editor: the page has changes when nobody changed it, and an officer who approves from the editor
writes a new revision, which restarts the review and, written by the officer, waits for a second
one (cms/models/workflow.py). An editor holding no text, photo or embed gives "".
"""

from django.utils.html import strip_tags

from wagtail.admin.rich_text import DraftailRichTextArea

# Rich text content that shows without text: photos and embeds, a horizontal rule.
CONTENT_WITHOUT_TEXT = ("<embed", "<img", "<hr")


def is_empty(html: str) -> bool:
    return not strip_tags(html).strip() and not any(tag in html for tag in CONTENT_WITHOUT_TEXT)


class RichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        html = super().value_from_datadict(data, files, name)
        return "" if html is not None and is_empty(html) else html
