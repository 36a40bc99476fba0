from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from persondata.subjects.actions import RegisterError, update_record
from persondata.subjects.models import Record
from persondata.subjects.sensitive import fingerprint, read_record_value
from persondata.subjects.tests.factories import ACTOR, last_audit, make_record, make_subject


def test_rectification_keeps_the_old_value_only_as_a_fingerprint(declaration: Path) -> None:
    record = make_record(make_subject(), value="Vestergade 1")
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC), tick=False):
        update_record(actor=ACTOR, record=record, value="Østergade 2")
    record.refresh_from_db()
    assert record.value == "Østergade 2"
    assert record.updated_at == datetime(2026, 3, 3, 9, tzinfo=UTC)
    entry = last_audit("record.update")
    assert entry.details == {
        "data_category": "user.contact.address",
        "old_fingerprint": fingerprint("Vestergade 1"),
        "new_fingerprint": fingerprint("Østergade 2"),
        "source_changed": False,
    }
    assert "Vestergade" not in str(entry.details)


def test_a_fingerprint_is_keyed_and_short() -> None:
    assert len(fingerprint("Vestergade 1")) == 16
    assert fingerprint("Vestergade 1") == fingerprint("Vestergade 1")
    assert fingerprint("Vestergade 1") != fingerprint("Vestergade 2")


def test_an_encrypted_record_stays_encrypted_when_rectified(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.health_and_medical", value="Hip")
    update_record(actor=ACTOR, record=record, value="Knee")
    record = Record.objects.get(pk=record.pk)
    assert record.value is None
    assert read_record_value(record, actor=ACTOR, purpose="test") == "Knee"
    assert last_audit("record.update").details["old_fingerprint"] == fingerprint("Hip")


def test_the_source_can_be_corrected(declaration: Path) -> None:
    record = make_record(make_subject())
    update_record(actor=ACTOR, record=record, value=record.value or "", source="economic")
    record.refresh_from_db()
    assert record.source == "economic"
    assert last_audit("record.update").details["source_changed"] is True


def test_a_bad_new_value_changes_nothing(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.contact.email", value="a@b.dk")
    with pytest.raises(RegisterError, match=r"user.contact.email: 'nope' is not an e-mail address"):
        update_record(actor=ACTOR, record=record, value="nope")
    record.refresh_from_db()
    assert record.value == "a@b.dk"
