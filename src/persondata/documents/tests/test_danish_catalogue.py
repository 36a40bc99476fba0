"""Every Danish gettext catalogue (the project's and each app's) is
complete, consistent and compiled.

The compiled ``django.mo`` files are committed so that a fresh machine
needs no gettext tools; these tests fail when a ``.po`` was changed without
compiling it again, when a message lacks its Danish text, or when a
translation loses or invents a placeholder.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale" / "da" / "LC_MESSAGES"
# Every catalogue, by the folder it serves ("persondata" for the project's
# own, with the documents' messages), and how many messages it has at least.
CATALOGUES = sorted(PACKAGE.glob("**/locale/da/LC_MESSAGES/django.po"))
AT_LEAST = {"persondata": 300, "web": 200, "rights": 100}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    # A PO string uses the same escapes as JSON (\\n, \\", \\\\).
    value: str = json.loads(text)
    return value


def _read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    target: str | None = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid or entry.msgstr:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _unquote(line[13:]), "plural"
        elif line.startswith("msgid "):
            entry.msgid, target = _unquote(line[6:]), "msgid"
        elif line.startswith("msgstr"):
            entry.msgstr.append(_unquote(line.split(" ", 1)[1]))
            target = "msgstr"
        elif line.startswith('"'):
            if target == "msgid":
                entry.msgid += _unquote(line)
            elif target == "plural" and entry.msgid_plural is not None:
                entry.msgid_plural += _unquote(line)
            elif target == "msgstr":
                entry.msgstr[-1] += _unquote(line)
    return entries


ENTRIES = [e for e in _read_po(LOCALE / "django.po") if e.msgid]


def _owner(path: Path) -> str:
    return path.parents[3].name


def _entries(path: Path) -> list[Entry]:
    return [e for e in _read_po(path) if e.msgid]


def test_the_catalogue_has_the_documents_messages():
    assert any(e.msgid == "Your rights" for e in ENTRIES)


def test_every_app_with_translated_text_has_a_catalogue():
    owners = {_owner(path) for path in CATALOGUES}
    assert {"persondata", "web", "rights", "accounts", "policy", "subjects"} <= owners


@pytest.mark.parametrize("path", CATALOGUES, ids=_owner)
def test_every_message_has_a_danish_text_with_the_same_placeholders(path: Path):
    entries = _entries(path)
    assert len(entries) > AT_LEAST.get(_owner(path), 0)
    problems = []
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr):
            problems.append(f"untranslated: {entry.msgid!r}")
        problems.extend(
            f"placeholders differ: {entry.msgid!r} -> {text!r}"
            for text in entry.msgstr
            if set(PLACEHOLDER.findall(text)) != wanted
        )
    assert problems == []


@pytest.mark.parametrize("path", CATALOGUES, ids=_owner)
def test_the_compiled_catalogue_matches_the_source(path: Path):
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(path):
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid
        else:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr[1]
