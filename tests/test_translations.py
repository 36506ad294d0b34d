"""Every interface string of Etalase is in the Indonesian catalogues, the admin's and the public
site's default language: none missing, none only guessed by makemessages (fuzzy).

The installed packages' strings that Etalase translates itself (Wagtail's screens beyond its own
small Indonesian catalogue) are held to the same rule, and must reach the screens: compiled, and
winning over the packages' own catalogues."""

import ast
import gettext
import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("*/locale/id/LC_MESSAGES/django.po"))
PACKAGE_TRANSLATIONS = ROOT / "cms" / "translations" / "packages" / "id" / "LC_MESSAGES"
PACKAGE_CATALOGUES = [PACKAGE_TRANSLATIONS / "django.po", PACKAGE_TRANSLATIONS / "djangojs.po"]
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


class Entry(NamedTuple):
    context: str | None
    msgid: str
    plural: str | None
    translations: list[str]
    flags: set[str]


def entries(catalogue: Path):
    """The entries of a catalogue but its header, with their strings as written (escaped)."""
    for block in catalogue.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = {
            flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")
        }
        current, fields = None, {}
        for line in lines:
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                current = line.split(" ", 1)[0]
                fields[current] = ""
            if current and not line.startswith("#"):
                fields[current] += "".join(QUOTED.findall(line))
        if fields.get("msgid"):
            translations = [text for name, text in fields.items() if name.startswith("msgstr")]
            yield Entry(
                fields.get("msgctxt"),
                fields["msgid"],
                fields.get("msgid_plural"),
                translations,
                flags,
            )


def unescaped(text: str) -> str:
    return ast.literal_eval(f'"{text}"')


def translate(catalog, entry: Entry) -> str:
    """`entry`'s msgid as `catalog` (a gettext catalogue, or Django's translation module)
    translates it."""
    msgid = unescaped(entry.msgid)
    if entry.plural:
        plural = unescaped(entry.plural)
        if entry.context:
            return catalog.npgettext(entry.context, msgid, plural, 1)
        return catalog.ngettext(msgid, plural, 1)
    if entry.context:
        return catalog.pgettext(entry.context, msgid)
    return catalog.gettext(msgid)


def test_there_are_catalogues_for_every_app():
    assert {path.parts[-5] for path in CATALOGUES} == {
        "institutions",
        "cms",
        "orders",
        "site",
        "theme",
        "reach",
        "oversight",
        "operations",
    }


@pytest.mark.parametrize(
    "catalogue",
    CATALOGUES + PACKAGE_CATALOGUES,
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_every_string_is_translated(catalogue):
    missing = [
        entry.msgid
        for entry in entries(catalogue)
        if "fuzzy" in entry.flags or not all(entry.translations)
    ]

    assert missing == []


@pytest.mark.parametrize("catalogue", PACKAGE_CATALOGUES, ids=lambda path: path.stem)
def test_the_package_translations_are_compiled(catalogue):
    with catalogue.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    stale = [
        entry.msgid
        for entry in entries(catalogue)
        if translate(catalog, entry) != unescaped(entry.translations[0])
    ]

    assert stale == []


def test_the_package_translations_win_over_the_packages_own():
    """What the admin's Python code says, in Indonesian: among them, words that Wagtail's own
    catalogue translates badly ("halaman-halaman")."""
    with translation.override("id-id"):
        untranslated = [
            entry.msgid
            for entry in entries(PACKAGE_CATALOGUES[0])
            if translate(translation, entry) != unescaped(entry.translations[0])
        ]

    assert untranslated == []


def test_the_editor_s_javascript_reads_indonesian(client):
    """The catalogue that Wagtail's editor scripts load holds the translations of their strings."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"))

    catalog = response.content.decode()
    missing = [
        entry.msgid
        for entry in entries(PACKAGE_CATALOGUES[1])
        if json.dumps(unescaped(entry.translations[0])) not in catalog
    ]

    assert missing == []
