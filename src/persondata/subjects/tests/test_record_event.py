from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from persondata.audit.models import AuditEntry
from persondata.consent.actions import give_consent, withdraw_consent
from persondata.subjects.actions import RegisterError, record_event
from persondata.subjects.actions.records import record_consent_event
from persondata.subjects.models import Event
from persondata.subjects.tests.factories import ACTOR, last_audit, make_subject


@pytest.mark.parametrize(
    "name",
    [
        "last_contact",
        "last_purchase",
        "registered",
        "job_completed",
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


def test_the_consent_ledger_records_its_events_with_the_same_audit_entry(
    declaration: Path,
) -> None:
    subject = make_subject()
    give_consent(
        actor=ACTOR,
        subject=subject,
        purpose="newsletter",
        channel="paper",
        at=datetime(2025, 6, 1, 12, tzinfo=UTC),
    )
    withdraw_consent(
        actor=ACTOR,
        subject=subject,
        purpose="newsletter",
        channel="paper",
        at=datetime(2026, 1, 10, 12, tzinfo=UTC),
    )
    event = Event.objects.get(subject=subject, name="consent_withdrawn:newsletter")
    assert (event.occurred_on, event.note) == (date(2026, 1, 10), "")
    assert last_audit("event.record").details == {
        "name": "consent_withdrawn:newsletter",
        "occurred_on": "2026-01-10",
    }


def test_a_consent_event_for_an_undeclared_purpose_is_refused(declaration: Path) -> None:
    with pytest.raises(
        RegisterError, match=r"'lottery' in 'consent_given:lottery' is not a consent"
    ):
        record_consent_event(
            actor=ACTOR,
            subject=make_subject(),
            purpose="lottery",
            given=True,
            occurred_on=date(2026, 1, 1),
        )
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("consent_given:newsletter", "give the consent in the consent ledger"),
        ("consent_withdrawn:newsletter", "withdraw the consent in the consent ledger"),
        ("consent_withdrawn:lottery", "withdraw the consent in the consent ledger"),
        ("consent_given", "give the consent in the consent ledger"),
    ],
)
def test_consent_events_are_left_to_the_consent_ledger(
    declaration: Path, name: str, hint: str
) -> None:
    subject = make_subject()
    audited = AuditEntry.objects.count()
    with pytest.raises(RegisterError, match=rf"name: '{name}' is not recorded by hand: {hint}"):
        record_event(actor=ACTOR, subject=subject, name=name, occurred_on=date(2026, 1, 1))
    assert not Event.objects.exists()
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize(
    ("name", "danish"),
    [
        (
            "consent_given:newsletter",
            "name: 'consent_given:newsletter' registreres ikke i hånden: giv samtykket i "
            "samtykkeloggen i stedet",
        ),
        (
            "consent_withdrawn:newsletter",
            "name: 'consent_withdrawn:newsletter' registreres ikke i hånden: træk samtykket "
            "tilbage i samtykkeloggen i stedet",
        ),
    ],
)
def test_a_danish_page_shows_the_consent_ledger_refusal_in_danish(
    declaration: Path, name: str, danish: str
) -> None:
    with translation.override("da"), pytest.raises(RegisterError) as refused:
        record_event(actor=ACTOR, subject=make_subject(), name=name, occurred_on=date(2026, 1, 1))
    with translation.override("da"):
        assert refused.value.localized().startswith(danish)
        assert str(refused.value).startswith(f"name: '{name}' is not recorded by hand: ")


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
