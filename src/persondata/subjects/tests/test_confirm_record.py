from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from persondata.subjects.actions import confirm_record
from persondata.subjects.tests.factories import ACTOR, last_audit, make_record, make_subject


def test_confirming_a_record_sets_when_it_was_last_reviewed(declaration: Path) -> None:
    record = make_record(make_subject())
    confirm_record(actor=ACTOR, record=record)
    record.refresh_from_db()
    assert record.last_confirmed_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert last_audit("record.confirm").details == {"data_category": "user.contact.address"}
