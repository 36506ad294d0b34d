"""Password rules for the admin's staff, beyond Django's: what a guesser tries first.

Someone who wants into the admin knows the username (it is often the name), the institution
and the language: they try ``victim1victim1``, ``Bandung2024`` and ``Lapas12345`` long before
random strings. Each validator refuses one of those families; ``AUTH_PASSWORD_VALIDATORS`` in
cms/settings/base.py lists them after Django's own.
"""

import re
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Base words people in Indonesia build passwords from, one a line (lower case, letters only).
INDONESIAN_WORDS = Path(__file__).with_name("common_passwords_id.txt")
# Shorter words of a name ("I" in "Lapas Kelas I Bandung") are not worth refusing.
MIN_NAME_WORD_LENGTH = 4


def letters_of(text: str) -> str:
    """The letters of the text in lower case: "Lapas_12345!" and "l.a.p.a.s" say "lapas"."""
    return "".join(character for character in text.lower() if character.isalpha())


def core_of(password: str) -> str:
    """The word a password is built on: lower case, without the digits and signs added around
    it, and a word typed twice or more once ("sayangsayang" → "sayang")."""
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())
    repeated = re.fullmatch(r"(.+?)\1+", core)
    return repeated.group(1) if repeated else core


class UsernameValidator:
    """Refuse a password that contains the username, however decorated or repeated."""

    def validate(self, password, user=None):
        username = letters_of(getattr(user, "username", "") or "")
        if username and username in letters_of(password):
            raise ValidationError(
                _("The password may not contain the username."), code="password_has_username"
            )

    def get_help_text(self):
        return _("Your password may not contain your username.")


class InstitutionNameValidator:
    """Refuse a password that contains a word of an institution's name: every site's name and
    the institution name of its settings (any institution, since a new user has none yet and
    the names are public anyway)."""

    def validate(self, password, user=None):
        letters = letters_of(password)
        if any(word in letters for word in institution_name_words()):
            raise ValidationError(
                _("The password may not contain the name of an institution."),
                code="password_has_institution_name",
            )

    def get_help_text(self):
        return _("Your password may not contain the name of an institution.")


def institution_name_words() -> set[str]:
    from wagtail.models import Site

    from cms.models import InstitutionSettings

    names = [
        *Site.objects.values_list("site_name", flat=True),
        *InstitutionSettings.objects.values_list("institution_name", flat=True),
    ]
    return {
        letters_of(word)
        for name in names
        for word in name.split()
        if len(letters_of(word)) >= MIN_NAME_WORD_LENGTH
    }


class GuessableWordValidator:
    """Refuse a common password, Indonesian or from Django's list, with digits or signs added
    around it or typed twice: Django's own check matches whole passwords only."""

    def validate(self, password, user=None):
        if core_of(password) in guessable_words():
            raise ValidationError(
                _("The password is a common word with digits or signs added."),
                code="password_guessable",
            )

    def get_help_text(self):
        return _("Your password may not be a common word with digits added.")


@cache
def guessable_words() -> frozenset[str]:
    indonesian = INDONESIAN_WORDS.read_text(encoding="utf-8").split()
    # Django's list holds "password1" as well as "password": its cores are the words.
    django_cores = {core_of(password) for password in CommonPasswordValidator().passwords}
    return frozenset(word for word in [*indonesian, *django_cores] if len(word) >= 3)
