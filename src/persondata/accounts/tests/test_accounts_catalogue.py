"""The accounts app's role names in Danish and English (the catalogue itself
is checked with every other one in documents/tests/test_danish_catalogue.py)."""

from __future__ import annotations

from django.utils import translation

from persondata.accounts.roles import ROLE_LABELS, ROLES
from persondata.documents.tests.test_danish_catalogue import CATALOGUES, _entries, _owner


def test_the_catalogue_has_a_message_for_every_role():
    (path,) = [path for path in CATALOGUES if _owner(path) == "accounts"]
    assert len(_entries(path)) >= len(ROLES)


def test_every_role_has_a_danish_and_an_english_name():
    with translation.override("da"):
        danish = {role: str(ROLE_LABELS[role]) for role in ROLES}
    with translation.override("en"):
        english = {role: str(ROLE_LABELS[role]) for role in ROLES}
    assert danish["dpo"] == "Databeskyttelsesrådgiver"
    assert english["dpo"] == "Data protection officer"
    assert danish["auditor"] != english["auditor"]
