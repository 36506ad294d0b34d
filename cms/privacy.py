"""What a reviewing officer should look at twice before a page goes public.

A page written in a workshop may name an inmate, quote a phone number or show a national ID
number. When a page is reviewed, its text (every field, its address (slug), rich text, story
blocks and the alt texts of its photos, in the revision under review; not the reviewers'
comments, which are never published) is scanned for:

- NIK, the 16-digit national ID number, also written in groups (``3273 0123 4567 0001``):
  **blocking**, the page cannot be approved;
- prisoner register numbers (e.g. ``B.I 123/2024``, ``B.IIa-45/2023``, ``AIII-45/2023``):
  blocking;
- phone numbers (mobile, ``wa.me`` links, landlines) and e-mail addresses: a warning;
- full names from the private list of the page's institution (protected names), however their
  words are joined: a warning;
- photos whose alt text is missing or is a file name (``IMG_2041.jpg``, ``20240501_102233``):
  a warning. Every photo the page shows counts (gallery, cover, hero, story blocks).

Warnings leave the decision to the officer, who confirms having checked them; the findings and
the decision go into the audit log. Faces in photos are not detected.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from modelcluster.models import get_all_child_relations
from wagtail.models import COMMENTS_RELATION_NAME, Page

from cms.models.privacy import ProtectedName

# Long numbers are written in groups: 3273 0123 4567 0001, 32.73.01.234567.0001, 0812-3456-7890.
# A number is its digits with at most one separator (space, dot or dash) between two of them, and
# never a piece of a longer run of digits and separators (a list of prices, a date).
NOT_AFTER_A_NUMBER = r"(?<!\d)(?<!\d[ .-])"
NOT_BEFORE_A_NUMBER = r"(?![ .-]?\d)"

NIK = re.compile(rf"{NOT_AFTER_A_NUMBER}\d(?:[ .-]?\d){{15}}{NOT_BEFORE_A_NUMBER}")
# Register numbers as institutions write them: the class (A I, A II, A III, A IV, A V, B I, B IIa,
# B IIb, B III; e.g. "B.IIa", "AIII") then number/year.
REGISTER_NUMBER = re.compile(
    r"\b(?:A\.?\s?(?:III|II|IV|I|V)|B\.?\s?(?:III|II[ab]?|I))[\s./-]*\d{1,5}/\d{4}\b", re.I
)
# Mobile numbers: 0812..., +62 812..., (+62) 812..., 62812... (as in https://wa.me/6281234567890).
MOBILE = r"(?:\(\+?62\)|\+?62|0)[ .-]?8(?:[ .-]?\d){7,11}"
# Landlines: an area code (021, 0274, in brackets or after +62) and five to eight digits.
LANDLINE = (
    r"(?:\(0[2-9]\d{1,2}\)|0[2-9]\d{1,2}|(?:\(\+62\)|\+62)[ .-]?[2-9]\d{1,2})"
    r"[ .-]?\d(?:[ .-]?\d){4,7}"
)
PHONE = re.compile(rf"(?<!\w){NOT_AFTER_A_NUMBER}(?:{MOBILE}|{LANDLINE}){NOT_BEFORE_A_NUMBER}")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Alt text that tells nothing about the photo: none, or the name a camera or phone gave the file.
FILE_NAME_ALT = re.compile(
    r"^\s*$"
    r"|\.(?:jpe?g|png|webp|heic|gif)\s*$"  # IMG_2041.jpg
    r"|^\s*(?:img|dsc[nf]?|pxl|photo|foto|image|screenshot)[_-]?\d+"  # IMG20240501102233
    r"|^\s*\d{8}[_-]?\d{6}"  # 20240501_102233
    r"|^\s*whatsapp image \d{4}-\d{2}-\d{2}",  # WhatsApp Image 2024-05-01 at 10.22.33
    re.I,
)
# Who may read an institution's protected names (officers and the head), and so see them found.
READ_PROTECTED_NAMES = "cms.view_protectedname"


def alt_text_says_nothing(alt_text: str) -> bool:
    """True when an alt text does not describe its photo: it is empty or a file name."""
    return bool(FILE_NAME_ALT.search(alt_text or ""))


@dataclass(frozen=True)
class Finding:
    """Something found in a page: its kind, what was found, and the field it was found in (as
    the editor calls it)."""

    kind: str
    label: str
    excerpt: str
    blocking: bool
    field: str

    @property
    def shown_excerpt(self) -> str:
        """What a screen shows of the finding: a NIK only by its last four digits, so that a
        screen, a message or a note never repeats the number it asks to remove."""
        if self.kind != "nik":
            return self.excerpt
        digits = re.sub(r"\D", "", self.excerpt)
        return "•" * (len(digits) - 4) + digits[-4:]

    def as_log_data(self) -> dict:
        return {"kind": self.kind, "excerpt": self.excerpt, "blocking": self.blocking}


# What each kind of finding is called, in the review and in the activity record.
KIND_LABELS = {
    "nik": _("National ID number (NIK)"),
    "register_number": _("Prisoner register number"),
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "name": _("Protected name"),
    "alt_text": _("Photo without a description"),
}
# The kinds found by a pattern in the page's text, and whether they block the approval.
PATTERNS = (
    ("nik", NIK, True),
    ("register_number", REGISTER_NUMBER, True),
    ("phone", PHONE, False),
    ("email", EMAIL, False),
)


def scan_page(page) -> list[Finding]:
    """The findings in a page (a specific page object, e.g. a revision's ``as_object()``)."""
    texts = list(_texts_of(page))
    findings = [
        Finding(
            kind, str(KIND_LABELS[kind]), match.group(0).strip(), blocking, field_label(page, field)
        )
        for field, text in texts
        for kind, pattern, blocking in PATTERNS
        for match in pattern.finditer(text)
    ]
    findings += _protected_names(page, texts)
    findings += _photos_without_alt_text(page)
    return list(dict.fromkeys(findings))  # once each, in the order found


def findings_shown_to(user, findings: list[Finding]) -> list[Finding]:
    """The findings `user` may be shown: a protected name only to those who may read the list."""
    if user.has_perm(READ_PROTECTED_NAMES):
        return findings
    return [finding for finding in findings if finding.kind != "name"]


# The page's own fields the public reads (its address too: a slug may spell a name or a number).
PAGE_TEXT_FIELDS = ("title", "slug", "seo_title", "search_description")


def field_label(page, name: str) -> str:
    """What the editor calls the field or inline panel `name` of the page, as its edit screen
    shows it."""
    for panel in _panels_of(page.get_edit_handler()):
        if getattr(panel, "relation_name", None) == name:
            return str(panel.heading)
    try:
        return capfirst(page._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return name


def _panels_of(panel):
    yield panel
    for child in getattr(panel, "children", ()):
        yield from _panels_of(child)


def _texts_of(page):
    """(field name, text) of every piece of text the page shows: plain fields, rich text (tags
    removed), stream blocks and the text of its child objects (photo alt texts, links); not the
    reviewers' comments, which are never published."""
    for field in page._meta.concrete_fields:
        if field.model is Page and field.name not in PAGE_TEXT_FIELDS:
            continue  # the tree's bookkeeping (path, URL, keys), not text the public reads
        value = getattr(page, field.attname, None)
        if isinstance(value, str):
            yield field.name, re.sub(r"<[^>]+>", " ", value)
        elif hasattr(value, "raw_data"):  # a StreamField value
            yield from (
                (field.name, re.sub(r"<[^>]+>", " ", text))
                for text in _block_texts(list(value.raw_data))
            )
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        if name == COMMENTS_RELATION_NAME:
            continue
        for child in getattr(page, name).all():
            yield from ((name, value) for value in vars(child).values() if isinstance(value, str))


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
    site = page.get_site()
    names = list(ProtectedName.objects.filter(site=site).values_list("name", flat=True))
    return [
        Finding("name", str(KIND_LABELS["name"]), name, False, field_label(page, field))
        for name in names
        for field, text in texts
        if _name_pattern(name).search(text)
    ]


def _name_pattern(name: str) -> re.Pattern:
    """A protected name however its words are joined: "Budi Santoso", "budi-santoso" (a slug),
    "Budi_Santoso" (a file name), "Budi   Santoso"; never inside a longer word."""
    words = r"[\s_-]+".join(re.escape(word) for word in name.split())
    letter_or_digit = r"[^\W_]"
    return re.compile(rf"(?<!{letter_or_digit}){words}(?!{letter_or_digit})", re.I)


def _photos_without_alt_text(page) -> list[Finding]:
    return [
        Finding(
            "alt_text",
            str(KIND_LABELS["alt_text"]),
            shown.alt_text.strip() or "—",
            False,
            field_label(page, shown.field),
        )
        for shown in page.shown_photos()
        if alt_text_says_nothing(shown.alt_text)
    ]
