from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from persondata.subjects.actions import (
    RegisterError,
    add_contact_link,
    create_organisation,
    end_relationship,
    start_relationship,
)
from persondata.subjects.models import Relationship
from persondata.subjects.queries import relationships_of
from persondata.subjects.tests.factories import ACTOR, last_audit, make_subject


def test_a_relationship_with_a_subject_adds_its_kind_to_the_categories(declaration: Path) -> None:
    subject = make_subject(categories=["prospect"])
    relationship = start_relationship(
        actor=ACTOR, subject=subject, kind="customer", started=date(2024, 5, 1)
    )
    subject.refresh_from_db()
    assert subject.categories == ["prospect", "customer"]
    assert relationship.is_active
    assert last_audit("relationship.start").details == {
        "kind": "customer",
        "started": "2024-05-01",
        "ended": None,
    }


def test_ending_a_relationship_records_the_day(declaration: Path) -> None:
    subject = make_subject()
    relationship = start_relationship(
        actor=ACTOR, subject=subject, kind="customer", started=date(2024, 5, 1)
    )
    end_relationship(actor=ACTOR, relationship=relationship, ended=date(2026, 2, 28))
    relationship.refresh_from_db()
    assert relationship.ended == date(2026, 2, 28)
    assert not relationship.is_active
    assert last_audit("relationship.end").details["ended"] == "2026-02-28"


def test_a_relationship_cannot_end_twice_or_before_it_started_or_in_the_future(
    declaration: Path,
) -> None:
    relationship = start_relationship(
        actor=ACTOR, subject=make_subject(), kind="customer", started=date(2024, 5, 1)
    )
    with pytest.raises(RegisterError, match=r"is before the relationship started"):
        end_relationship(actor=ACTOR, relationship=relationship, ended=date(2024, 4, 30))
    with pytest.raises(RegisterError, match=r"ended: 2026-03-03 is in the future"):
        end_relationship(actor=ACTOR, relationship=relationship, ended=date(2026, 3, 3))
    end_relationship(actor=ACTOR, relationship=relationship, ended=date(2025, 1, 1))
    with pytest.raises(RegisterError, match=r"already ended on 2025-01-01"):
        end_relationship(actor=ACTOR, relationship=relationship, ended=date(2025, 2, 1))


def test_a_relationship_kind_must_be_a_subject_category(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"kind: 'friend' is not a subject category"):
        start_relationship(
            actor=ACTOR, subject=make_subject(), kind="friend", started=date(2024, 1, 1)
        )


def test_a_relationship_is_with_exactly_one_party(declaration: Path) -> None:
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    with pytest.raises(RegisterError, match=r"give one of them"):
        start_relationship(actor=ACTOR, kind="customer", started=date(2024, 1, 1))
    with pytest.raises(RegisterError, match=r"give one of them"):
        start_relationship(
            actor=ACTOR,
            subject=make_subject(),
            organisation=organisation,
            kind="customer",
            started=date(2024, 1, 1),
        )


def test_the_database_refuses_a_relationship_with_both_or_neither_party(declaration: Path) -> None:
    subject = make_subject()
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S")
    for parties in ({}, {"subject": subject, "organisation": organisation}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Relationship.objects.create(kind="customer", started=date(2024, 1, 1), **parties)


def test_a_contact_person_shares_the_relationships_of_their_organisation(
    declaration: Path,
) -> None:
    person = make_subject(categories=["contact_person"])
    other = make_subject(display_name="Anden Person", categories=["customer"])
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    add_contact_link(
        actor=ACTOR, person=person, organisation=organisation, started=date(2023, 1, 1)
    )
    own = start_relationship(actor=ACTOR, subject=person, kind="prospect", started=date(2022, 1, 1))
    shared = start_relationship(
        actor=ACTOR, organisation=organisation, kind="customer", started=date(2023, 2, 1)
    )
    start_relationship(actor=ACTOR, subject=other, kind="customer", started=date(2021, 1, 1))
    assert list(relationships_of(person)) == [own, shared]
    assert list(relationships_of(person.pk)) == [own, shared]
    assert shared.organisation_id == organisation.pk
