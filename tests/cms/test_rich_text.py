"""The rich text editor stores nothing for an editor left empty (cms/rich_text.py)."""

import json

import pytest

from cms.rich_text import RichTextArea


def contentstate(*texts, entity=None):
    """What Draftail posts: one paragraph per text, an optional photo entity on the first."""
    blocks = [
        {"key": f"k{n}", "text": text, "type": "unstyled", "depth": 0, "inlineStyleRanges": []}
        | {"entityRanges": [{"offset": 0, "length": 1, "key": 0}] if entity and n == 0 else []}
        for n, text in enumerate(texts)
    ]
    if entity:
        blocks[0]["type"] = "atomic"
    return json.dumps({"blocks": blocks, "entityMap": {"0": entity} if entity else {}})


@pytest.mark.parametrize("texts", [("",), ("", "  ")])
def test_an_empty_editor_is_stored_as_nothing(texts):
    widget = RichTextArea(features=["bold", "image"])

    assert widget.value_from_datadict({"field": contentstate(*texts)}, {}, "field") == ""


def test_text_is_kept():
    widget = RichTextArea(features=["bold"])

    stored = widget.value_from_datadict(
        {"field": contentstate("Simpan di tempat kering.")}, {}, "field"
    )

    assert stored == '<p data-block-key="k0">Simpan di tempat kering.</p>'


def test_a_photo_without_text_is_kept(db):
    from tests.factories import PhotoFactory

    photo = PhotoFactory()
    entity = {
        "type": "IMAGE",
        "mutability": "IMMUTABLE",
        "data": {"id": photo.pk, "format": "fullwidth", "alt": "Kain batik", "src": ""},
    }
    widget = RichTextArea(features=["image"])

    stored = widget.value_from_datadict({"field": contentstate(" ", entity=entity)}, {}, "field")

    assert stored.startswith('<embed embedtype="image"') and f'id="{photo.pk}"' in stored
