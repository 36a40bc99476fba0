"""The two declarations that must always pass: the shared reference
(eksempel.yaml, unchanged) and the project's own demo."""

from __future__ import annotations

from persondata.policy.loader import load_file
from persondata.policy.taxonomy import sensitivity_of
from persondata.policy.tests.declaration_texts import DEMO, REFERENCE


def test_demo_declaration_has_no_errors_and_no_warnings() -> None:
    result = load_file(DEMO)
    assert result.problems == []
    assert result.declaration is not None


def test_reference_declaration_has_no_errors() -> None:
    result = load_file(REFERENCE)
    assert result.errors == []
    assert result.declaration is not None


def test_the_reference_declarations_special_data_has_its_basis() -> None:
    result = load_file(REFERENCE)
    assert result.declaration is not None
    health = result.declaration.activities["health_needs"]
    assert sensitivity_of("user.health_and_medical", result.declaration) == "special"
    assert health.special_basis == "explicit_consent"
    assert sensitivity_of("dk.family_relations", result.declaration) == "confidential"


def test_the_demo_uses_every_legal_basis_and_every_recipient_role() -> None:
    result = load_file(DEMO)
    assert result.declaration is not None
    declaration = result.declaration
    bases = {basis for a in declaration.activities.values() for basis in a.legal_bases}
    assert bases == {
        "consent",
        "contract",
        "legal_obligation",
        "vital_interests",
        "public_task",
        "legitimate_interest",
    }
    roles = {recipient.role for recipient in declaration.recipients.values()}
    assert roles == {"processor", "controller", "joint_controller", "authority"}
    assert {a.unreviewed for a in declaration.activities.values()} == {"flag", "erase"}
    assert {a.erasure for a in declaration.activities.values()} == {"delete", "anonymize"}
    periods = {rule.until_end_of for a in declaration.activities.values() for rule in a.keep_rules}
    assert periods == {None, "financial_year", "calendar_year"}
    assert declaration.processor_activities
