"""The subjects app's Danish catalogue is complete, keeps its placeholders and is compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from persondata.documents.tests.test_danish_catalogue import _read_po

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ENTRIES = [e for e in _read_po(LOCALE / "django.po") if e.msgid]


def test_every_message_has_a_danish_text_with_the_same_placeholders():
    assert ENTRIES
    for entry in ENTRIES:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstr and all(text.strip() for text in entry.msgstr), entry.msgid
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        assert all(set(PLACEHOLDER.findall(text)) == wanted for text in entry.msgstr), entry.msgid


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in ENTRIES:
        assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid
