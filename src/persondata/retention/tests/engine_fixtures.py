"""Builders for the engine and sweep tests: the reference declaration
(../shared/examples/eksempel.yaml, financial year ending 06-30) applied, a
frozen clock, and subjects made through the register's actions (consents
through the consent ledger, which fires their events)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from persondata.consent.actions import give_consent, withdraw_consent
from persondata.consent.models import Channel
from persondata.subjects import actions
from persondata.subjects.models import DataSubject, PurposeLink, Record

REFERENCE = Path(__file__).resolve().parents[5] / "shared" / "examples" / "eksempel.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTOR = "staff:test"


def subject(categories: list[str], **fields: Any) -> DataSubject:
    return actions.create_subject(
        actor=ACTOR, display_name="Test Person", categories=categories, **fields
    )


def record(
    who: DataSubject,
    category: str,
    value: str,
    activities: list[str],
    collected: date = date(2020, 1, 15),
) -> Record:
    return actions.add_record(
        actor=ACTOR,
        subject=who,
        data_category=category,
        value=value,
        source="data_subject",
        collected_at=datetime(collected.year, collected.month, collected.day, 12, tzinfo=UTC),
        activities=activities,
    )


def link(rec: Record, activity: str) -> PurposeLink:
    return PurposeLink.objects.get(record=rec, activity=activity)


def event(who: DataSubject, name: str, day: date) -> None:
    actions.record_event(actor=ACTOR, subject=who, name=name, occurred_on=day)


def consent_given(who: DataSubject, purpose: str, day: date) -> None:
    """A consent signed on paper on ``day``: fires ``consent_given:<purpose>`` that day."""
    give_consent(actor=ACTOR, subject=who, purpose=purpose, channel=Channel.PAPER, at=_noon(day))


def consent_withdrawn(who: DataSubject, purpose: str, day: date) -> None:
    """A withdrawal by letter on ``day``: fires ``consent_withdrawn:<purpose>`` that day."""
    withdraw_consent(
        actor=ACTOR, subject=who, purpose=purpose, channel=Channel.PAPER, at=_noon(day)
    )


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
