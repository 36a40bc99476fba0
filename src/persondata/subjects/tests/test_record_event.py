from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from persondata.subjects.actions import RegisterError, record_event
from persondata.subjects.models import Event
from persondata.subjects.tests.factories import ACTOR, last_audit, make_subject


@pytest.mark.parametrize(
    "name",
    [
        "last_contact",
        "last_purchase",
        "registered",
        "job_completed",
        "consent_withdrawn:newsletter",
    ],
)
def test_built_in_and_declared_events_are_recorded(declaration: Path, name: str) -> None:
    subject = make_subject()
    event = record_event(
        actor=ACTOR, subject=subject, name=name, occurred_on=date(2026, 1, 10), note="by phone"
    )
    event.refresh_from_db()
    assert (event.name, event.occurred_on, event.note) == (name, date(2026, 1, 10), "by phone")
    assert last_audit("event.record").details == {"name": name, "occurred_on": "2026-01-10"}


def test_an_unknown_event_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"name: 'party' is not a known event"):
        record_event(
            actor=ACTOR, subject=make_subject(), name="party", occurred_on=date(2026, 1, 1)
        )


def test_consent_for_an_undeclared_purpose_is_refused(declaration: Path) -> None:
    with pytest.raises(
        RegisterError, match=r"'lottery' in 'consent_given:lottery' is not a consent"
    ):
        record_event(
            actor=ACTOR,
            subject=make_subject(),
            name="consent_given:lottery",
            occurred_on=date(2026, 1, 1),
        )


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("relationship_ended", "end_relationship"),
        ("relationship_ended:customer", "end_relationship"),
        ("employment_ended", "end_employment"),
        ("collected", "collected_at"),
    ],
)
def test_events_the_register_derives_are_not_recorded_by_hand(
    declaration: Path, name: str, hint: str
) -> None:
    with pytest.raises(RegisterError, match=hint):
        record_event(actor=ACTOR, subject=make_subject(), name=name, occurred_on=date(2026, 1, 1))
    assert not Event.objects.exists()


def test_an_event_in_the_future_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"occurred_on: 2026-03-03 is in the future"):
        record_event(
            actor=ACTOR, subject=make_subject(), name="last_contact", occurred_on=date(2026, 3, 3)
        )


def test_a_card_number_in_the_note_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"note: holds a full card number"):
        record_event(
            actor=ACTOR,
            subject=make_subject(),
            name="last_purchase",
            occurred_on=date(2026, 1, 1),
            note="paid with 4111111111111111",
        )


def test_the_note_stays_out_of_the_audit_trail(declaration: Path) -> None:
    record_event(
        actor=ACTOR,
        subject=make_subject(),
        name="last_contact",
        occurred_on=date(2026, 1, 1),
        note="Called about her divorce",
    )
    assert "divorce" not in str(last_audit("event.record").details)
