"""`persondata policy show` prints each activity with its retention rules in words."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from persondata.documents.tests.applied import apply_data, at
from persondata.documents.tests.declarations import minimal_dict
from persondata.policy.models import DeclarationVersion
from persondata.policy.queries import declaration_of
from persondata.policy.summary import summarize

pytestmark = pytest.mark.django_db


def _declaration_with_rules() -> dict:
    data = minimal_dict()
    data["activities"]["customers"]["retention"] = [
        {"keep": "3y", "after": "relationship_ended", "subjects": ["customer"]},
        {"on": "relationship_ended", "within": "0d", "data": ["user.contact.email"]},
    ]
    return data


def test_policy_show_prints_retention_rules_in_danish(tmp_path):
    apply_data(tmp_path, _declaration_with_rules(), at(2026, 1, 10, 9))
    out = io.StringIO()
    call_command("policy", "show", "--lang", "da", stdout=out)
    assert out.getvalue() == (
        "Smedie Jensen ApS — deklarationens version 1 (taget i brug 2026-01-10 09:00 af test)\n"
        "\n"
        "Kundeforhold [customers] (dataansvarlig)\n"
        "  retsgrundlag: aftale (art. 6, stk. 1, litra b)\n"
        "  registrerede: kunder\n"
        "  oplysninger: navn og e-mailadresse\n"
        "  modtagere: ingen\n"
        "  opbevaring:\n"
        "    - For kunder: opbevares i 3 år efter samarbejdets ophør.\n"
        "    - For så vidt angår e-mailadresse: slettes straks efter samarbejdets ophør.\n"
    )


def test_policy_show_prints_retention_rules_in_english(tmp_path):
    apply_data(tmp_path, _declaration_with_rules(), at(2026, 1, 10, 9))
    out = io.StringIO()
    call_command("policy", "show", "--lang", "en", stdout=out)
    text = out.getvalue()
    assert text.startswith("Smedie Jensen ApS — declaration version 1 (applied 2026-01-10 09:00")
    assert "    - For customers: kept for 3 years after our relationship ends.\n" in text
    assert "  legal bases: contract (Art. 6(1)(b))\n" in text


def test_summaries_exist_only_in_danish_and_english(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    version = DeclarationVersion.objects.get()
    with pytest.raises(ValueError, match="choose 'da' or 'en'"):
        summarize(declaration_of(version), version=version, lang="sv")
