"""The rights app's Danish catalogue is complete, keeps its placeholders and is compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.tests.test_danish_catalogue import _read_po

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ENTRIES = [e for e in _read_po(LOCALE / "django.po") if e.msgid]


def test_every_message_has_a_danish_text_with_the_same_placeholders():
    assert len(ENTRIES) > 100
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


def test_django_finds_the_catalogue():
    with translation.override("da"):
        assert _("Use your rights") == "Brug dine rettigheder"
        assert _("What we keep, why and until when") == "Hvad vi opbevarer, hvorfor og hvor længe"
