"""The accounts app's Danish catalogue (role names, refusals shown on the staff
pages) is complete, keeps its placeholders and is compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.utils import translation

from persondata.accounts.roles import ROLE_LABELS, ROLES
from persondata.documents.tests.test_danish_catalogue import _read_po

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ENTRIES = [e for e in _read_po(LOCALE / "django.po") if e.msgid]


def test_every_message_has_a_danish_text_with_the_same_placeholders():
    assert len(ENTRIES) >= len(ROLES)
    for entry in ENTRIES:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstr and entry.msgstr[0].strip(), entry.msgid
        assert set(PLACEHOLDER.findall(entry.msgstr[0])) == set(PLACEHOLDER.findall(entry.msgid)), (
            entry.msgid
        )


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in ENTRIES:
        assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


def test_every_role_has_a_danish_and_an_english_name():
    with translation.override("da"):
        danish = {role: str(ROLE_LABELS[role]) for role in ROLES}
    with translation.override("en"):
        english = {role: str(ROLE_LABELS[role]) for role in ROLES}
    assert danish["dpo"] == "Databeskyttelsesrådgiver"
    assert english["dpo"] == "Data protection officer"
    assert danish["auditor"] != english["auditor"]
