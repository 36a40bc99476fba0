from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from persondata.subjects.actions import RegisterError, lift_legal_hold, set_legal_hold
from persondata.subjects.models import LegalHold
from persondata.subjects.queries import active_legal_holds
from persondata.subjects.tests.factories import ACTOR, last_audit, make_subject


def test_a_hold_on_every_activity_is_in_force_from_today_until_lifted(declaration: Path) -> None:
    subject = make_subject()
    hold = set_legal_hold(actor=ACTOR, subject=subject, reason="Dispute over invoice 1042")
    assert (hold.activity, hold.starts_on, hold.ends_on, hold.set_by) == (
        None,
        date(2026, 3, 2),
        None,
        ACTOR,
    )
    assert hold.is_active(date(2026, 3, 2))
    assert hold.is_active(date(2099, 1, 1))
    assert not hold.is_active(date(2026, 3, 1))
    assert list(active_legal_holds(subject, today=date(2026, 3, 2))) == [hold]
    entry = last_audit("legal_hold.set")
    assert entry.details == {"activity": None, "starts_on": "2026-03-02", "ends_on": None}
    assert "invoice" not in str(entry.details)


def test_a_hold_with_an_end_lapses_after_it(declaration: Path) -> None:
    hold = set_legal_hold(
        actor=ACTOR,
        subject=make_subject(),
        reason="Warranty claim",
        activity="customer_administration",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    assert hold.is_active(date(2026, 6, 30))
    assert not hold.is_active(date(2026, 7, 1))
    assert LegalHold.objects.active_on(date(2026, 7, 1)).count() == 0
    assert LegalHold.objects.active_on(date(2026, 6, 30)).count() == 1


def test_lifting_a_hold_ends_it_and_says_who(declaration: Path) -> None:
    hold = set_legal_hold(actor=ACTOR, subject=make_subject(), reason="Claim")
    lift_legal_hold(actor="staff:dpo", hold=hold)
    hold.refresh_from_db()
    assert hold.lifted_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert hold.lifted_by == "staff:dpo"
    assert not hold.is_active(date(2026, 3, 2))
    assert last_audit("legal_hold.lift").actor == "staff:dpo"
    with pytest.raises(RegisterError, match=r"was already lifted on 2026-03-02 by staff:dpo"):
        lift_legal_hold(actor=ACTOR, hold=hold)


def test_a_hold_needs_a_reason_a_known_activity_and_an_end_after_its_start(
    declaration: Path,
) -> None:
    subject = make_subject()
    with pytest.raises(RegisterError, match=r"reason: is required"):
        set_legal_hold(actor=ACTOR, subject=subject, reason="  ")
    with pytest.raises(RegisterError, match=r"'lottery' is not a declared activity"):
        set_legal_hold(actor=ACTOR, subject=subject, reason="Claim", activity="lottery")
    with pytest.raises(RegisterError, match=r"ends_on: 2026-01-01 is before the hold starts"):
        set_legal_hold(actor=ACTOR, subject=subject, reason="Claim", ends_on=date(2026, 1, 1))
    assert not LegalHold.objects.exists()
