"""Which rules apply to a link: the ``subjects`` and ``data`` selectors."""

from __future__ import annotations

from datetime import date

import pytest

from persondata.retention.rules import category_matches, compute_due, rule_applies
from persondata.retention.tests.rules_builders import (
    activity,
    record,
    reference_activity,
    subject,
)

ENDED = {"relationship_ended": date(2024, 1, 31)}


@pytest.mark.parametrize(
    ("category", "selector", "matches"),
    [
        ("user.contact.email", "user.contact.email", True),
        ("user.contact.email", "user.contact", True),
        ("user.contact.email", "user", True),
        ("user.contact", "user.contact.email", False),
        ("user.contacts", "user.contact", False),
        ("user.contact_email", "user.contact", False),
        ("dk.family_relations", "user", False),
    ],
)
def test_a_data_selector_matches_its_own_category_and_its_children(category, selector, matches):
    assert category_matches(category, selector) is matches


def test_a_rule_without_selectors_applies_to_every_link():
    rule = activity([{"keep": "1y", "after": "collected"}]).retention[0]

    assert rule_applies(rule, record=record("user.payment"), subject=subject("supplier_vendor"))


def test_a_subjects_selector_applies_when_the_subject_has_any_of_the_categories():
    rule = activity(
        [{"keep": "1y", "after": "collected", "subjects": ["customer", "prospect"]}]
    ).retention[0]

    assert rule_applies(rule, record=record(), subject=subject("prospect", "visitor"))
    assert not rule_applies(rule, record=record(), subject=subject("visitor"))


def test_a_data_selector_applies_to_children_of_a_dotted_parent():
    rule = activity([{"keep": "1y", "after": "collected", "data": ["user.contact"]}]).retention[0]

    assert rule_applies(rule, record=record("user.contact.email"), subject=subject("customer"))
    assert not rule_applies(rule, record=record("user.name"), subject=subject("customer"))


def test_both_selectors_must_match():
    rule = activity(
        [{"keep": "1y", "after": "collected", "subjects": ["customer"], "data": ["user.name"]}]
    ).retention[0]

    assert rule_applies(rule, record=record("user.name"), subject=subject("customer"))
    assert not rule_applies(rule, record=record("user.name"), subject=subject("prospect"))
    assert not rule_applies(rule, record=record("user.payment"), subject=subject("customer"))


def test_contact_person_follows_the_contact_person_keep_rule_not_the_customer_one():
    contact = subject("contact_person", events=ENDED)

    due = compute_due(
        reference_activity("customer_administration"), record=record(), subject=contact
    )

    assert due.on == date(2026, 1, 31)
    assert due.rule_index == 1
    assert due.reason == "24mo after relationship_ended (2024-01-31)"


def test_call_recordings_of_prospects_and_customers_follow_their_own_rules():
    recording = record("dk.call_recording", collected=date(2025, 5, 20))
    calls = reference_activity("call_recording")

    prospect = compute_due(calls, record=recording, subject=subject("prospect"))
    customer = compute_due(calls, record=recording, subject=subject("customer", events=ENDED))

    assert (prospect.on, prospect.rule_index) == (date(2025, 7, 20), 1)
    assert (customer.on, customer.rule_index) == (date(2024, 3, 31), 0)


def test_a_link_no_rule_applies_to_is_kept_while_justified():
    rules = activity([{"keep": "1y", "after": "collected", "subjects": ["prospect"]}])

    due = compute_due(rules, record=record(), subject=subject("customer"))

    assert due.on is None
    assert due.rule_index is None
    assert due.reason == "no keep rule applies and no trigger has occurred"


def test_a_trigger_for_other_data_does_not_fire():
    rules = activity(
        [
            {"keep": "1y", "after": "collected"},
            {"on": "employment_ended", "within": "0d", "data": ["user.job_title"]},
        ]
    )
    left = subject("contact_person", events={"employment_ended": date(2025, 6, 1)})

    email = compute_due(rules, record=record(collected=date(2025, 1, 1)), subject=left)
    title = compute_due(
        rules, record=record("user.job_title", collected=date(2025, 1, 1)), subject=left
    )

    assert email.on == date(2026, 1, 1)
    assert title.on == date(2025, 6, 1)


def test_a_keep_rule_that_does_not_apply_cannot_hold_the_link_indefinitely():
    rules = activity(
        [
            {"keep": "3mo", "after": "collected"},
            {"keep": "1y", "after": "competition_ended", "subjects": ["competition_participant"]},
        ]
    )

    due = compute_due(
        rules, record=record(collected=date(2025, 1, 15)), subject=subject("customer")
    )

    assert due.on == date(2025, 4, 15)
