"""write_audit_entry: the single writer of the chain, refusing bad input before writing."""

from __future__ import annotations

import math

import pytest
from django.db import transaction

from persondata.audit.actions import AuditTrailDamaged, write_audit_entry
from persondata.audit.chain import GENESIS
from persondata.audit.models import AuditEntry, AuditHead
from persondata.audit.queries import verify_chain
from persondata.audit.tests.factories import delete_head, write_entries

pytestmark = pytest.mark.django_db


def test_entries_are_numbered_and_linked_to_the_one_before():
    first, second = write_entries(2)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.entry_hash
    head = AuditHead.objects.get()
    assert (head.sequence, head.entry_hash) == (2, second.entry_hash)


def test_the_chain_stays_intact_after_many_writes():
    write_entries(500)
    result = verify_chain()
    assert result.ok
    assert result.verified == 500
    assert result.head_sequence == 500


def test_an_entry_written_in_a_transaction_that_rolls_back_leaves_no_trace():
    write_entries(3)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        write_audit_entry(action="x.y", actor="staff")
        raise Boom
    assert AuditEntry.objects.count() == 3
    assert AuditHead.objects.get().sequence == 3
    assert verify_chain().ok
    assert write_audit_entry(action="x.y", actor="staff").sequence == 4


def test_details_are_stored_as_the_database_returns_them_so_the_hash_holds():
    entry = write_audit_entry(
        action="x.y", actor="staff", details={"tuple": (1, 2), "text": "æøå", "n": 1.5}
    )
    entry.refresh_from_db()
    assert entry.details == {"tuple": [1, 2], "text": "æøå", "n": 1.5}
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"actor": ""}, "audit entry actor must not be empty"),
        ({"actor": "   "}, "audit entry actor must not be empty"),
        ({"action": ""}, "audit entry action must not be empty"),
        ({"actor": "a" * 151}, "audit entry actor is 151 characters long; the most is 150"),
        ({"action": "a" * 81}, "audit entry action is 81 characters long; the most is 80"),
        ({"object_type": "t" * 61}, "audit entry object_type is 61 characters long"),
        ({"object_id": "9" * 81}, "audit entry object_id is 81 characters long"),
        ({"object_id": 7}, "audit entry object_id must be text, not int"),
        ({"details": {"when": object()}}, "audit details must be plain JSON values"),
        ({"details": {"x": math.nan}}, "audit details must be plain JSON values"),
        ({"details": {1: "one"}}, "audit details must have text keys only"),
        ({"details": ["a"]}, "audit details must be a mapping, not list"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(kwargs, message):
    write_entries(2)
    arguments = {"action": "x.y", "actor": "staff", **kwargs}
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        write_audit_entry(**arguments)
    assert AuditEntry.objects.count() == 2
    assert AuditHead.objects.get().sequence == 2


def test_a_missing_head_is_recreated_while_the_trail_is_empty():
    delete_head()
    entry = write_audit_entry(action="x.y", actor="staff")
    assert entry.sequence == 1
    assert entry.previous_hash == GENESIS
    assert AuditHead.objects.get().sequence == 1
    assert verify_chain().ok


def test_a_missing_head_with_entries_stops_every_write():
    write_entries(3)
    delete_head()
    with pytest.raises(AuditTrailDamaged, match="head row is missing while audit entries exist"):
        write_audit_entry(action="x.y", actor="staff")
    assert AuditEntry.objects.count() == 3
    assert not AuditHead.objects.exists()
