"""When an anchor event has occurred, and when it is undone (SPEC section 3)."""

from __future__ import annotations

from datetime import date

from persondata.retention.rules import anchor_date, compute_due
from persondata.retention.tests.rules_builders import activity, record, subject


def test_collected_is_the_records_own_collection_date():
    facts = subject("customer", events={"relationship_ended": date(2024, 1, 1)})

    assert anchor_date("collected", record=record(collected=date(2021, 5, 6)), subject=facts) == (
        date(2021, 5, 6)
    )


def test_an_event_that_never_happened_has_not_occurred():
    assert anchor_date("job_completed", record=record(), subject=subject("customer")) is None


def test_a_declared_custom_event_has_occurred_on_its_latest_date():
    facts = subject("competition_participant", events={"competition_ended": date(2025, 4, 30)})

    assert anchor_date("competition_ended", record=record(), subject=facts) == date(2025, 4, 30)


def test_relationship_ended_is_undone_while_any_relationship_is_active():
    facts = subject(
        "customer",
        "supplier_vendor",
        events={"relationship_ended": date(2024, 1, 1)},
        active_relationships=("supplier_vendor",),
    )

    assert anchor_date("relationship_ended", record=record(), subject=facts) is None


def test_relationship_ended_has_occurred_once_no_relationship_is_active():
    facts = subject("customer", events={"relationship_ended": date(2024, 1, 1)})

    assert anchor_date("relationship_ended", record=record(), subject=facts) == date(2024, 1, 1)


def test_relationship_ended_of_one_kind_is_undone_only_by_an_active_relationship_of_that_kind():
    facts = subject(
        "customer",
        "supplier_vendor",
        events={
            "relationship_ended": date(2024, 3, 1),
            "relationship_ended:customer": date(2024, 3, 1),
        },
        active_relationships=("supplier_vendor",),
    )

    assert anchor_date("relationship_ended:customer", record=record(), subject=facts) == (
        date(2024, 3, 1)
    )
    assert anchor_date("relationship_ended", record=record(), subject=facts) is None


def test_relationship_ended_of_one_kind_is_undone_while_that_kind_is_active_again():
    facts = subject(
        "customer",
        events={"relationship_ended:customer": date(2024, 3, 1)},
        active_relationships=("customer",),
    )

    assert anchor_date("relationship_ended:customer", record=record(), subject=facts) is None


def test_consent_withdrawn_is_undone_while_that_consent_is_active_again():
    facts = subject(
        "customer",
        events={"consent_withdrawn:newsletter": date(2025, 2, 2)},
        active_consents=("newsletter",),
    )

    assert anchor_date("consent_withdrawn:newsletter", record=record(), subject=facts) is None


def test_another_active_consent_does_not_undo_a_withdrawal():
    facts = subject(
        "customer",
        events={"consent_withdrawn:newsletter": date(2025, 2, 2)},
        active_consents=("extended_retention",),
    )

    assert anchor_date("consent_withdrawn:newsletter", record=record(), subject=facts) == (
        date(2025, 2, 2)
    )


def test_consent_given_stays_occurred_after_the_consent_is_withdrawn():
    facts = subject(
        "customer",
        events={
            "consent_given:newsletter": date(2023, 1, 5),
            "consent_withdrawn:newsletter": date(2025, 2, 2),
        },
    )

    assert anchor_date("consent_given:newsletter", record=record(), subject=facts) == (
        date(2023, 1, 5)
    )


def test_a_keep_rule_whose_event_has_not_occurred_holds_the_link_indefinitely():
    rules = activity([{"keep": "1y", "after": "competition_ended"}])

    due = compute_due(rules, record=record(), subject=subject("customer"))

    assert due.on is None
    assert due.rule_index == 0
    assert due.reason == "kept while competition_ended has not occurred (1y after it)"


def test_a_trigger_whose_event_has_not_occurred_does_not_fire():
    rules = activity(
        [{"keep": "2mo", "after": "collected"}, {"on": "employment_ended", "within": "0d"}]
    )

    due = compute_due(
        rules, record=record(collected=date(2025, 1, 10)), subject=subject("customer")
    )

    assert due.on == date(2025, 3, 10)
    assert due.rule_index == 0
