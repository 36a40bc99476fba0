"""Every change that can move due dates asks the retention engine to
recompute the subject, inside the action's own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from persondata.retention import engine
from persondata.subjects import actions
from persondata.subjects.tests.factories import ACTOR, make_record, make_subject


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, bool]]]:
    calls: list[tuple[int, bool]] = []

    def fake(subject_id: int) -> None:
        calls.append((subject_id, connection.in_atomic_block))

    monkeypatch.setattr(engine, "recompute_subject", fake)
    yield calls


@pytest.mark.django_db(transaction=True)
def test_each_change_recomputes_the_subject_inside_its_transaction(
    declaration: Path, recomputed: list[tuple[int, bool]]
) -> None:
    subject = make_subject(categories=["customer", "contact_person"])
    assert recomputed == []  # a new subject has no links yet
    record = make_record(subject, activities=["customer_administration"])
    actions.link_record(actor=ACTOR, record=record, activity="bookkeeping")
    actions.update_record(actor=ACTOR, record=record, value="Nørregade 3")
    actions.confirm_record(actor=ACTOR, record=record)
    actions.record_event(
        actor=ACTOR, subject=subject, name="last_contact", occurred_on=date(2026, 1, 1)
    )
    relationship = actions.start_relationship(
        actor=ACTOR, subject=subject, kind="customer", started=date(2024, 1, 1)
    )
    actions.end_relationship(actor=ACTOR, relationship=relationship, ended=date(2026, 1, 1))
    hold = actions.set_legal_hold(actor=ACTOR, subject=subject, reason="Claim")
    actions.lift_legal_hold(actor=ACTOR, hold=hold)
    organisation = actions.create_organisation(actor=ACTOR, name="Kunde A/S")
    link = actions.add_contact_link(actor=ACTOR, person=subject, organisation=organisation)
    actions.end_employment(actor=ACTOR, link=link, ended=date(2026, 3, 2))
    actions.update_subject(actor=ACTOR, subject=subject, categories=["customer"])
    actions.update_subject(actor=ACTOR, subject=subject, display_name="Jens H.")
    assert recomputed == [(subject.pk, True)] * 12  # the name change moves nothing


@pytest.mark.django_db(transaction=True)
def test_an_organisations_relationship_recomputes_its_contact_persons(
    declaration: Path, recomputed: list[tuple[int, bool]]
) -> None:
    first = make_subject(categories=["contact_person"])
    second = make_subject(display_name="Anden", categories=["contact_person"])
    organisation = actions.create_organisation(actor=ACTOR, name="Kunde A/S")
    actions.add_contact_link(actor=ACTOR, person=first, organisation=organisation)
    actions.add_contact_link(actor=ACTOR, person=second, organisation=organisation)
    recomputed.clear()
    actions.start_relationship(
        actor=ACTOR, organisation=organisation, kind="customer", started=date(2024, 1, 1)
    )
    assert sorted(recomputed) == [(first.pk, True), (second.pk, True)]
