"""What a reviewing officer should look at twice before a page goes public.

A page written in a workshop may name an inmate, quote a phone number or show a national ID
number. When a page is reviewed, its text (every field, rich text and story block of the
revision under review) is scanned for:

- NIK, the 16-digit national ID number: **blocking**, the page cannot be approved;
- prisoner register numbers (e.g. ``B.I 123/2024``, ``AIII-45/2023``): blocking;
- phone numbers and e-mail addresses: a warning;
- full names from the private list of the page's institution (protected names): a warning;
- photos whose alt text is missing or is a file name: a warning.

Warnings leave the decision to the officer, who confirms having checked them; the findings and
the decision go into the audit log. Faces in photos are not detected.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from modelcluster.models import get_all_child_relations
from wagtail.models import Page

NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Register numbers as institutions write them: class (A I–A III, B I–B III) then number/year.
REGISTER_NUMBER = re.compile(r"\b[AB]\.?\s?I{1,3}[\s./-]*\d{1,5}/\d{4}\b", re.I)
PHONE = re.compile(r"(?<![\d/])(?:\+62|62|0)8[\d\s.-]{7,14}\d(?!\d)")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
FILE_NAME_ALT = re.compile(
    r"^\s*$|\.(?:jpe?g|png|webp|heic)\s*$|^(?:img|dsc|photo|foto)[_-]?\d+", re.I
)


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    excerpt: str
    blocking: bool

    def as_log_data(self) -> dict:
        return {"kind": self.kind, "excerpt": self.excerpt, "blocking": self.blocking}


PATTERNS = (
    ("nik", _("National ID number (NIK)"), NIK, True),
    ("register_number", _("Prisoner register number"), REGISTER_NUMBER, True),
    ("phone", _("Phone number"), PHONE, False),
    ("email", _("E-mail address"), EMAIL, False),
)


def scan_page(page) -> list[Finding]:
    """The findings in a page (a specific page object, e.g. a revision's ``as_object()``)."""
    texts = list(_texts_of(page))
    findings = [
        Finding(kind, str(label), match.group(0).strip(), blocking)
        for text in texts
        for kind, label, pattern, blocking in PATTERNS
        for match in pattern.finditer(text)
    ]
    findings += _protected_names(page, texts)
    findings += _photos_without_alt_text(page)
    return list(dict.fromkeys(findings))  # once each, in the order found


PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")


def _texts_of(page):
    """Every piece of text the page shows: plain fields, rich text (tags removed), stream
    blocks and the text of its child objects (photo alt texts, links)."""
    for field in page._meta.concrete_fields:
        if field.model is Page and field.name not in PAGE_TEXT_FIELDS:
            continue  # the tree's bookkeeping (path, URL, keys), not text the public reads
        value = getattr(page, field.attname, None)
        if isinstance(value, str):
            yield re.sub(r"<[^>]+>", " ", value)
        elif hasattr(value, "raw_data"):  # a StreamField value
            yield from (
                re.sub(r"<[^>]+>", " ", text) for text in _block_texts(list(value.raw_data))
            )
    for relation in get_all_child_relations(page):
        for child in getattr(page, relation.get_accessor_name()).all():
            yield from (value for value in vars(child).values() if isinstance(value, str))


def _block_texts(data):
    """The strings of stream blocks' values; not their ids (random UUIDs) or type names."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                yield from _block_texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _block_texts(item)


def _protected_names(page, texts) -> list[Finding]:
    from cms.models import ProtectedName

    site = page.get_site()
    names = list(ProtectedName.objects.filter(site=site).values_list("name", flat=True))
    if not names:
        return []
    text = " ".join(texts)
    return [
        Finding("name", str(_("Protected name")), name, False)
        for name in names
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I)
    ]


def _photos_without_alt_text(page) -> list[Finding]:
    photos = getattr(page, "photos", None)
    if photos is None:
        return []
    return [
        Finding("alt_text", str(_("Photo without a description")), photo.alt_text or "—", False)
        for photo in photos.all()
        if FILE_NAME_ALT.search(photo.alt_text or "")
    ]
