"""Every interface string of Etalase is in the Indonesian catalogues, the admin's and the public
site's default language: none missing, none only guessed by makemessages (fuzzy)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("*/locale/id/LC_MESSAGES/django.po"))
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(catalogue: Path):
    """(msgid, [msgstr...], flags) of each entry but the header."""
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
            yield fields["msgid"], translations, flags


def test_there_are_catalogues_for_every_app():
    assert {path.parts[-5] for path in CATALOGUES} == {
        "institutions",
        "cms",
        "orders",
        "site",
        "theme",
        "oversight",
        "operations",
    }


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-5])
def test_every_string_is_translated(catalogue):
    missing = [
        msgid
        for msgid, translations, flags in entries(catalogue)
        if "fuzzy" in flags or not all(translations)
    ]

    assert missing == []
