"""SPEC section 3's worked examples, each on its own, with the dates the SPEC gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from persondata.policy.schema import Activity
from persondata.retention.rules import Due, RecordFacts, SubjectFacts, compute_due, record_due
from persondata.retention.tests.rules_builders import (
    activity,
    record,
    reference_activity,
    reference_declaration,
    subject,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def smithy_jobs() -> Activity:
    return activity(
        [{"keep": "5y", "after": "job_completed", "until_end_of": "calendar_year"}],
        data=["user.name", "user.contact"],
    )


def test_customer_is_due_three_years_after_the_relationship_ended():
    ended = subject("customer", events={"relationship_ended": date(2023, 6, 30)})

    due = compute_due(reference_activity("customer_administration"), record=record(), subject=ended)

    assert due.on == date(2026, 6, 30)
    assert due.rule_index == 0
    assert due.reason == "3y after relationship_ended (2023-06-30)"


def test_consent_to_extended_retention_adds_twelve_months():
    ended = subject(
        "customer",
        events={"relationship_ended": date(2023, 6, 30)},
        active_consents=("extended_retention",),
    )

    due = compute_due(reference_activity("customer_administration"), record=record(), subject=ended)

    assert due.on == date(2027, 6, 30)
    assert due.rule_index == 0
    assert due.reason == (
        "3y after relationship_ended (2023-06-30), +12mo while consent extended_retention is active"
    )


def test_active_customer_is_never_due_even_after_an_earlier_relationship_ended():
    returning = subject(
        "customer",
        events={"relationship_ended": date(2023, 6, 30)},
        active_relationships=("customer",),
    )

    due = compute_due(
        reference_activity("customer_administration"), record=record(), subject=returning
    )

    assert due.on is None
    assert due.rule_index == 0
    assert "relationship_ended has not occurred" in due.reason


def test_bookkeeping_is_kept_five_years_from_the_end_of_the_financial_year():
    declaration = reference_declaration()
    assert declaration.controller.year_end == (6, 30)
    invoice = record("user.payment", collected=date(2024, 8, 15))

    due = compute_due(
        declaration.activities["bookkeeping"],
        record=invoice,
        subject=subject("customer", active_relationships=("customer",)),
        year_end=declaration.controller.year_end,
    )

    assert due.on == date(2030, 6, 30)
    assert due.reason == (
        "5y after collected (2024-08-15), from the end of the financial year (2025-06-30)"
    )


def test_smithy_keeps_data_five_years_from_the_end_of_the_year_of_the_last_job():
    customer = subject("customer", events={"job_completed": date(2022, 3, 10)})

    due = compute_due(smithy_jobs(), record=record("user.name"), subject=customer)

    assert due.on == date(2027, 12, 31)
    assert due.reason == (
        "5y after job_completed (2022-03-10), from the end of the calendar year (2022-12-31)"
    )


def test_newsletter_address_is_due_five_days_after_withdrawal():
    withdrawn = subject(
        "newsletter_subscriber",
        events={
            "consent_given:newsletter": date(2024, 5, 1),
            "consent_withdrawn:newsletter": date(2026, 1, 10),
        },
    )

    due = compute_due(reference_activity("newsletter"), record=record(), subject=withdrawn)

    assert due.on == date(2026, 1, 15)
    assert due.rule_index == 0
    assert due.reason.startswith("5d after consent_withdrawn:newsletter (2026-01-10)")


def test_newsletter_address_is_not_due_after_subscribing_again():
    resubscribed = subject(
        "newsletter_subscriber",
        events={
            "consent_given:newsletter": date(2026, 1, 12),
            "consent_withdrawn:newsletter": date(2026, 1, 10),
        },
        active_consents=("newsletter",),
    )

    due = compute_due(reference_activity("newsletter"), record=record(), subject=resubscribed)

    assert due.on is None
    assert due.rule_index is None


def test_contact_person_who_left_is_due_the_day_employment_ended_while_the_customer_is_active():
    left = subject(
        "contact_person",
        events={"employment_ended": date(2026, 2, 1)},
        active_relationships=("customer",),
    )

    due = compute_due(reference_activity("customer_administration"), record=record(), subject=left)

    assert due.on == date(2026, 2, 1)
    assert due.rule_index == 2
    assert due.reason.startswith("0d after employment_ended (2026-02-01)")


@time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=COPENHAGEN), tick=False)
def test_shared_address_leaves_the_newsletter_but_stays_for_customer_administration():
    today = timezone.localdate()
    customer = subject(
        "customer",
        "newsletter_subscriber",
        events={"consent_withdrawn:newsletter": date(2021, 9, 1)},
        active_relationships=("customer",),
    )
    email = record("user.contact.email", collected=date(2019, 4, 2))

    newsletter = compute_due(reference_activity("newsletter"), record=email, subject=customer)
    administration = compute_due(
        reference_activity("customer_administration"), record=email, subject=customer
    )
    whole_record = record_due([administration, newsletter])

    assert newsletter.on == date(2021, 9, 6)
    assert newsletter.is_due(today)
    assert administration.on is None
    assert not whole_record.is_due(today)
    assert whole_record.on is None


def _worked_examples() -> list[tuple[str, Activity, RecordFacts, SubjectFacts, tuple[int, int]]]:
    year_end = reference_declaration().controller.year_end
    return [
        (
            "customer ended",
            reference_activity("customer_administration"),
            record(),
            subject("customer", events={"relationship_ended": date(2023, 6, 30)}),
            year_end,
        ),
        (
            "customer ended with extended consent",
            reference_activity("customer_administration"),
            record(),
            subject(
                "customer",
                events={"relationship_ended": date(2023, 6, 30)},
                active_consents=("extended_retention",),
            ),
            year_end,
        ),
        (
            "bookkeeping",
            reference_activity("bookkeeping"),
            record("user.payment", collected=date(2024, 8, 15)),
            subject("customer"),
            year_end,
        ),
        (
            "smithy",
            smithy_jobs(),
            record("user.name"),
            subject("customer", events={"job_completed": date(2022, 3, 10)}),
            (12, 31),
        ),
        (
            "newsletter withdrawn",
            reference_activity("newsletter"),
            record(),
            subject(
                "newsletter_subscriber",
                events={"consent_withdrawn:newsletter": date(2026, 1, 10)},
            ),
            year_end,
        ),
        (
            "contact person left",
            reference_activity("customer_administration"),
            record(),
            subject(
                "contact_person",
                events={"employment_ended": date(2026, 2, 1)},
                active_relationships=("customer",),
            ),
            year_end,
        ),
    ]


@pytest.mark.parametrize(
    ("label", "the_activity", "the_record", "facts", "year_end"),
    _worked_examples(),
    ids=[example[0] for example in _worked_examples()],
)
def test_a_legal_hold_stops_every_worked_example_from_falling_due(
    label, the_activity, the_record, facts, year_end
):
    without_hold = compute_due(the_activity, record=the_record, subject=facts, year_end=year_end)
    assert without_hold.on is not None, label

    held = compute_due(
        the_activity, record=the_record, subject=replace(facts, on_hold=True), year_end=year_end
    )

    assert held == Due(on=None, rule_index=None, reason="a legal hold stops erasure while it lasts")


def test_a_legal_hold_keeps_the_shared_address_out_of_the_newsletter_erasure_too():
    held = subject(
        "customer",
        "newsletter_subscriber",
        events={"consent_withdrawn:newsletter": date(2021, 9, 1)},
        on_hold=True,
    )

    newsletter = compute_due(reference_activity("newsletter"), record=record(), subject=held)
    administration = compute_due(
        reference_activity("customer_administration"), record=record(), subject=held
    )

    assert newsletter.on is None
    assert record_due([administration, newsletter]).on is None
