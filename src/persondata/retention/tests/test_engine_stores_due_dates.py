"""SPEC section 3's worked examples, end to end: register actions store due dates."""

from __future__ import annotations

from datetime import date

import pytest

from persondata.retention.tests.engine_fixtures import (
    ACTOR,
    consent_given,
    consent_withdrawn,
    link,
    record,
    subject,
)
from persondata.subjects import actions

pytestmark = pytest.mark.usefixtures("reference")


def _customer_with_address(ended: date | None):
    who = subject(["customer"])
    rec = record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    if ended is not None:
        actions.end_relationship(actor=ACTOR, relationship=rel, ended=ended)
    return who, rec


def test_keep_three_years_after_the_relationship_ended():
    _who, rec = _customer_with_address(date(2023, 6, 30))
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)
    assert link(rec, "customer_administration").due_rule == 0


def test_extended_retention_consent_adds_twelve_months():
    who, rec = _customer_with_address(date(2023, 6, 30))
    consent_given(who, "extended_retention", date(2023, 1, 1))
    assert link(rec, "customer_administration").due_on == date(2027, 6, 30)


def test_withdrawn_extension_consent_no_longer_extends():
    who, rec = _customer_with_address(date(2023, 6, 30))
    consent_given(who, "extended_retention", date(2023, 1, 1))
    consent_withdrawn(who, "extended_retention", date(2024, 1, 1))
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)


def test_active_customer_is_never_due():
    _who, rec = _customer_with_address(None)
    assert link(rec, "customer_administration").due_on is None


def test_bookkeeping_rounds_to_the_end_of_the_financial_year():
    who = subject(["customer"])
    rec = record(who, "user.payment", "invoice 1001", ["bookkeeping"], collected=date(2024, 8, 15))
    assert link(rec, "bookkeeping").due_on == date(2030, 6, 30)


def test_newsletter_link_due_five_days_after_withdrawal():
    who = subject(["newsletter_subscriber"])
    rec = record(who, "user.contact.email", "a@example.dk", ["newsletter"])
    consent_given(who, "newsletter", date(2025, 5, 1))
    assert link(rec, "newsletter").due_on is None
    consent_withdrawn(who, "newsletter", date(2026, 1, 10))
    assert link(rec, "newsletter").due_on == date(2026, 1, 15)


def test_resubscribing_before_the_deadline_undoes_the_withdrawal():
    who = subject(["newsletter_subscriber"])
    rec = record(who, "user.contact.email", "b@example.dk", ["newsletter"])
    consent_given(who, "newsletter", date(2025, 5, 1))
    consent_withdrawn(who, "newsletter", date(2026, 1, 10))
    consent_given(who, "newsletter", date(2026, 1, 12))
    assert link(rec, "newsletter").due_on is None


def test_contact_person_who_left_is_due_at_once_while_the_customer_is_active():
    person = subject(["contact_person"])
    org = actions.create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    contact = actions.add_contact_link(
        actor=ACTOR, person=person, organisation=org, started=date(2020, 1, 1)
    )
    actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), organisation=org
    )
    rec = record(person, "user.contact.email", "kp@kunde.dk", ["customer_administration"])
    assert link(rec, "customer_administration").due_on is None
    actions.end_employment(actor=ACTOR, link=contact, ended=date(2026, 2, 1))
    assert link(rec, "customer_administration").due_on == date(2026, 2, 1)


def test_same_address_kept_for_customer_administration_when_newsletter_is_due():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    rec = record(
        who, "user.contact.email", "c@example.dk", ["customer_administration", "newsletter"]
    )
    consent_given(who, "newsletter", date(2019, 1, 1))
    consent_withdrawn(who, "newsletter", date(2020, 1, 1))
    assert link(rec, "newsletter").due_on == date(2020, 1, 6)
    assert link(rec, "customer_administration").due_on is None


def test_legal_hold_without_end_removes_the_due_date_and_lifting_restores_it():
    who, rec = _customer_with_address(date(2023, 6, 30))
    hold = actions.set_legal_hold(actor=ACTOR, subject=who, reason="dispute")
    assert link(rec, "customer_administration").due_on is None
    actions.lift_legal_hold(actor=ACTOR, hold=hold)
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)


def test_legal_hold_with_an_end_moves_the_due_date_past_it():
    who, rec = _customer_with_address(date(2023, 6, 30))
    actions.set_legal_hold(actor=ACTOR, subject=who, reason="claim", ends_on=date(2026, 12, 31))
    assert link(rec, "customer_administration").due_on == date(2027, 1, 1)


def test_hold_on_one_activity_leaves_the_others_due():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    rec = record(
        who, "user.contact.email", "d@example.dk", ["customer_administration", "newsletter"]
    )
    consent_given(who, "newsletter", date(2019, 1, 1))
    consent_withdrawn(who, "newsletter", date(2020, 1, 1))
    actions.set_legal_hold(
        actor=ACTOR, subject=who, reason="claim", activity="customer_administration"
    )
    assert link(rec, "newsletter").due_on == date(2020, 1, 6)


def test_deferred_recompute_stores_the_same_dates_once_the_block_ends():
    from persondata.retention import engine

    with engine.deferred_recompute():
        _who, rec = _customer_with_address(date(2023, 6, 30))
        assert link(rec, "customer_administration").due_on is None
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)
