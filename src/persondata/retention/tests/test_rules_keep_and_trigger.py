"""How several keep rules and triggers combine into one due date."""

from __future__ import annotations

from datetime import date

from persondata.retention.rules import compute_due
from persondata.retention.tests.rules_builders import (
    activity,
    record,
    reference_activity,
    subject,
)

COLLECTED = date(2025, 1, 15)


def test_the_latest_of_several_applicable_keep_rules_wins():
    rules = activity(
        [
            {"keep": "6mo", "after": "collected"},
            {"keep": "2y", "after": "last_contact"},
            {"keep": "1y", "after": "collected"},
        ]
    )
    facts = subject("customer", events={"last_contact": date(2025, 3, 1)})

    due = compute_due(rules, record=record(collected=COLLECTED), subject=facts)

    assert due.on == date(2027, 3, 1)
    assert due.rule_index == 1


def test_keep_rules_that_tie_report_the_first_of_them():
    rules = activity([{"keep": "12mo", "after": "collected"}, {"keep": "1y", "after": "collected"}])

    due = compute_due(rules, record=record(collected=COLLECTED), subject=subject("customer"))

    assert (due.on, due.rule_index) == (date(2026, 1, 15), 0)


def test_one_applicable_keep_rule_still_waiting_for_its_event_holds_the_link():
    rules = activity(
        [{"keep": "1y", "after": "collected"}, {"keep": "2mo", "after": "relationship_ended"}]
    )
    active = subject("customer", active_relationships=("customer",))

    due = compute_due(rules, record=record(collected=COLLECTED), subject=active)

    assert due.on is None
    assert due.rule_index == 1


def test_the_earliest_of_several_occurred_triggers_wins():
    rules = activity(
        [
            {"keep": "5y", "after": "collected"},
            {"on": "consent_withdrawn:newsletter", "within": "30d"},
            {"on": "employment_ended", "within": "1w"},
            {"on": "last_contact", "within": "1y"},
        ]
    )
    facts = subject(
        "contact_person",
        events={
            "consent_withdrawn:newsletter": date(2025, 6, 1),
            "employment_ended": date(2025, 6, 20),
            "last_contact": date(2025, 2, 1),
        },
    )

    due = compute_due(rules, record=record(collected=COLLECTED), subject=facts)

    assert due.on == date(2025, 6, 27)
    assert due.rule_index == 2
    assert due.reason == "1w after employment_ended (2025-06-20), before the keep rules' 2030-01-15"


def test_a_trigger_later_than_the_keep_rules_does_not_extend_retention():
    rules = activity(
        [{"keep": "1mo", "after": "collected"}, {"on": "last_contact", "within": "1y"}]
    )
    facts = subject("customer", events={"last_contact": date(2025, 1, 20)})

    due = compute_due(rules, record=record(collected=COLLECTED), subject=facts)

    assert (due.on, due.rule_index) == (date(2025, 2, 15), 0)


def test_a_trigger_on_the_same_day_as_the_keep_rules_leaves_the_keep_rule_as_the_reason():
    rules = activity(
        [{"keep": "1mo", "after": "collected"}, {"on": "last_contact", "within": "0d"}]
    )
    facts = subject("customer", events={"last_contact": date(2025, 2, 15)})

    due = compute_due(rules, record=record(collected=COLLECTED), subject=facts)

    assert (due.on, due.rule_index) == (date(2025, 2, 15), 0)


def test_a_trigger_cuts_short_a_link_the_keep_rules_would_hold_indefinitely():
    health = reference_activity("health_needs")
    facts = subject(
        "customer",
        events={"consent_withdrawn:health_data": date(2025, 9, 9)},
        active_relationships=("customer",),
    )

    due = compute_due(health, record=record("user.health_and_medical"), subject=facts)

    assert due.on == date(2025, 9, 9)
    assert due.rule_index == 1
    assert due.reason == (
        "0d after consent_withdrawn:health_data (2025-09-09); the keep rules alone would keep it"
    )


def test_an_activity_with_only_a_trigger_keeps_data_until_it_fires():
    newsletter = reference_activity("newsletter")
    subscribed = subject(
        "newsletter_subscriber",
        events={"consent_given:newsletter": date(2024, 1, 1)},
        active_consents=("newsletter",),
    )

    due = compute_due(newsletter, record=record(), subject=subscribed)

    assert due.on is None


def test_a_zero_keep_period_is_due_on_the_anchor_date():
    rules = activity([{"keep": "0d", "after": "last_contact"}])
    facts = subject("prospect", events={"last_contact": date(2025, 8, 8)})

    due = compute_due(rules, record=record(), subject=facts)

    assert due.on == date(2025, 8, 8)


def test_an_extension_needs_its_own_consent_to_be_active():
    rules = activity(
        [
            {
                "keep": "1y",
                "after": "relationship_ended",
                "extend": {"by": "6mo", "consent": "extended_retention"},
            }
        ]
    )
    events = {"relationship_ended": date(2025, 1, 31)}

    other_consent = compute_due(
        rules,
        record=record(),
        subject=subject("customer", events=events, active_consents=("newsletter",)),
    )
    own_consent = compute_due(
        rules,
        record=record(),
        subject=subject("customer", events=events, active_consents=("extended_retention",)),
    )

    assert other_consent.on == date(2026, 1, 31)
    assert own_consent.on == date(2026, 7, 31)


def test_an_extension_only_lengthens_the_rule_it_belongs_to():
    rules = activity(
        [
            {"keep": "3y", "after": "collected"},
            {
                "keep": "1y",
                "after": "collected",
                "extend": {"by": "6mo", "consent": "extended_retention"},
            },
        ]
    )
    facts = subject("customer", active_consents=("extended_retention",))

    due = compute_due(rules, record=record(collected=COLLECTED), subject=facts)

    assert (due.on, due.rule_index) == (date(2028, 1, 15), 0)
