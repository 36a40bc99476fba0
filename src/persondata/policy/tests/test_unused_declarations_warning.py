"""Warnings for declared data categories and consent purposes that no
activity uses (SPEC 2, lint warnings)."""

from __future__ import annotations

from persondata.policy.tests.declaration_texts import check, edited, position_of


def test_a_declared_data_category_no_activity_processes_is_warned_about() -> None:
    text = edited(
        "data: [user.name, user.contact.email, user.contact.phone_number, dk.application]",
        "data: [user.name, user.contact.email, user.contact.phone_number]",
    )
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == (
        "the data category 'dk.application' is declared but no activity processes it"
    )
    assert (warning.line, warning.column) == position_of(text, "^^dk.application:")


def test_a_category_used_only_through_a_declared_child_counts_as_used() -> None:
    text = edited(
        "  dk.family_relations:\n",
        "  dk.private_life:\n    name: {da: Privatliv, en: Private life}\n    parent: user\n"
        "  dk.family_relations:\n",
    )
    text = edited(
        "    parent: user\n    sensitivity: confidential",
        "    parent: dk.private_life\n    sensitivity: confidential",
        text,
    )
    assert check(text).problems == []


def test_a_consent_purpose_no_activity_uses_is_warned_about() -> None:
    text = edited(
        "    legal_bases: [consent]\n    consent: sms_offers\n",
        "    legal_bases: [legitimate_interest]\n"
        "    legitimate_interests: {da: Tilbud til kunder, en: Offers to customers}\n",
    )
    result = check(text)
    [warning] = result.warnings
    assert warning.message == (
        "the consent purpose 'sms_offers' is declared but no activity rests on it or "
        "extends retention with it"
    )
    assert (warning.line, warning.column) == position_of(text, "  ^^sms_offers:\n    version: 1")


def test_a_consent_purpose_used_only_to_extend_retention_counts_as_used() -> None:
    # applicant_pool is used only in recruitment's `extend`.
    result = check(edited("version: 2\n    text:", "version: 3\n    text:"))
    assert result.problems == []
