"""Every kind of tampering with stored rows is found by verify_chain and by the CLI."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from persondata.audit.chain import entry_digest
from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.audit.tests.factories import (
    delete_head,
    expect_break_at,
    raw_delete,
    raw_insert,
    raw_update,
    run_verify,
)

pytestmark = pytest.mark.django_db


def _altered(entry: AuditEntry, field: str) -> Any:
    value = getattr(entry, field)
    if field == "created_at":
        return value + timedelta(microseconds=1)
    if field == "details":
        return {**value, "number": value["number"] + 1}
    if field.endswith("hash") or field == "subject_ref":
        return ("f" if value[:1] != "f" else "e") + value[1:]
    return value + "x"


ALTERABLE = [
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "subject_ref",
    "details",
    "previous_hash",
    "entry_hash",
]


def test_an_untouched_chain_verifies(chain_of_ten):
    result = verify_chain()
    assert result.ok
    assert result.verified == 10
    code, output = run_verify()
    assert code == 0
    assert "audit trail intact: 10 entries verified" in output


@pytest.mark.parametrize("field", ALTERABLE)
def test_altering_any_field_in_the_database_is_detected(chain_of_ten, field):
    entry = chain_of_ten[4]
    raw_update(entry.sequence, **{field: _altered(entry, field)})
    expect_break_at(5)


def test_altering_the_last_entry_is_detected(chain_of_ten):
    raw_update(10, actor="someone else")
    expect_break_at(10)


def test_altering_an_entry_and_recomputing_its_hash_is_detected_at_the_next(chain_of_ten):
    entry = AuditEntry.objects.get(sequence=3)
    forged_actor = "innocent"
    digest = entry_digest(
        sequence=entry.sequence,
        created_at=entry.created_at,
        actor=forged_actor,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        subject_ref=entry.subject_ref,
        details=entry.details,
        previous_hash=entry.previous_hash,
    )
    raw_update(3, actor=forged_actor, entry_hash=digest)
    expect_break_at(4)


def test_deleting_an_entry_is_detected(chain_of_ten):
    raw_delete(6)
    assert "it is missing" in expect_break_at(6)


def test_deleting_the_first_entry_is_detected(chain_of_ten):
    raw_delete(1)
    expect_break_at(1)


def test_swapping_the_sequence_numbers_of_two_entries_is_detected(chain_of_ten):
    raw_update(3, sequence=1000)
    raw_update(4, sequence=3)
    raw_update(1000, sequence=4)
    expect_break_at(3)


def test_a_forged_entry_appended_after_the_head_is_detected(chain_of_ten):
    last = chain_of_ten[-1]
    forged = {
        "sequence": 11,
        "created_at": last.created_at + timedelta(seconds=1),
        "actor": "forger",
        "action": "policy.apply",
        "object_type": "",
        "object_id": "",
        "subject_ref": "",
        "details": {},
        "previous_hash": last.entry_hash,
    }
    raw_insert(**forged, entry_hash=entry_digest(**forged))
    assert "beyond the head" in expect_break_at(11)


def test_a_forged_entry_inserted_in_the_middle_is_detected(chain_of_ten):
    # Make room at #6 by moving #6-#10 up by one, from the end so that the
    # unique sequence never collides, then insert a well-formed forgery.
    for sequence in range(10, 5, -1):
        raw_update(sequence, sequence=sequence + 1)
    fifth = chain_of_ten[4]
    forged = {
        "sequence": 6,
        "created_at": fifth.created_at,
        "actor": "forger",
        "action": "consent.given",
        "object_type": "",
        "object_id": "",
        "subject_ref": "",
        "details": {},
        "previous_hash": fifth.entry_hash,
    }
    raw_insert(**forged, entry_hash=entry_digest(**forged))
    expect_break_at(7)


def test_truncating_the_tail_is_detected(chain_of_ten):
    raw_delete(8, 9, 10)
    assert "entries #8-#10 were removed from the end" in expect_break_at(8)


def test_removing_every_entry_is_detected(chain_of_ten):
    raw_delete(*range(1, 11))
    expect_break_at(1)


def test_deleting_the_head_row_is_detected(chain_of_ten):
    delete_head()
    result = verify_chain()
    assert not result.ok
    assert result.first_break is not None
    assert "head row is missing" in result.first_break.reason
    code, output = run_verify()
    assert code == 1
    assert "head row is missing" in output
    assert "the result was not recorded" in output
