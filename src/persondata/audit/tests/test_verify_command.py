"""persondata audit verify: its output, its JSON, its exit status and the stored result."""

from __future__ import annotations

import json

import pytest
import time_machine

from persondata.audit.models import AuditEntry, AuditVerification
from persondata.audit.queries import last_verification
from persondata.audit.tests.factories import raw_update, run_verify, write_entries

pytestmark = pytest.mark.django_db


def test_an_empty_trail_verifies_with_zero_entries():
    code, output = run_verify()
    assert code == 0
    assert "audit trail intact: 0 entries verified" in output


def test_json_output_of_an_intact_chain_parses_and_names_the_head():
    write_entries(4)
    code, output = run_verify("--json")
    assert code == 0
    payload = json.loads(output)
    head_hash = AuditEntry.objects.get(sequence=4).entry_hash
    assert payload["ok"] is True
    assert payload["verified"] == 4
    assert payload["head"] == {"sequence": 4, "hash": head_hash}
    assert payload["first_break"] is None
    assert payload["checked_at"]


def test_json_output_of_a_broken_chain_names_the_first_broken_entry():
    write_entries(4)
    raw_update(2, action="edited")
    code, output = run_verify("--json")
    assert code == 1
    payload = json.loads(output)
    assert payload["ok"] is False
    assert payload["verified"] == 1
    assert payload["first_break"] == {"sequence": 2, "reason": "its content was altered"}


def test_the_output_names_how_many_entries_verified_before_the_break():
    write_entries(6)
    raw_update(5, actor="someone")
    code, output = run_verify()
    assert code == 1
    assert output.strip() == (
        "audit trail BROKEN at entry #5: its content was altered (4 entries before it verified)"
    )


@time_machine.travel("2026-05-04 10:00:00+00:00", tick=False)
def test_each_run_is_recorded_for_the_dashboard():
    assert last_verification() is None
    write_entries(3)
    run_verify("--actor", "auditor")
    stored = last_verification()
    assert stored is not None
    assert stored.ok is True
    assert stored.verified == 3
    assert stored.head_sequence == 3
    assert stored.broken_at is None
    assert stored.checked_by == "auditor"
    assert stored.checked_at.isoformat() == "2026-05-04T10:00:00+00:00"
    entry = AuditEntry.objects.get(sequence=4)
    assert entry.action == "audit.verify"
    assert entry.actor == "auditor"
    assert entry.details == {"ok": True, "verified": 3, "broken_at": None}


def test_a_failed_run_is_recorded_with_the_break():
    write_entries(3)
    raw_update(2, object_id="changed")
    run_verify()
    stored = last_verification()
    assert stored is not None
    assert stored.ok is False
    assert stored.broken_at == 2
    assert stored.verified == 1
    assert stored.reason == "its content was altered"


def test_the_latest_run_is_the_last_verification():
    write_entries(1)
    run_verify()
    raw_update(1, actor="changed")
    run_verify()
    assert AuditVerification.objects.count() == 2
    latest = last_verification()
    assert latest is not None
    assert latest.ok is False


def test_verify_without_a_subcommand_is_a_usage_error():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="verify"):
        call_command("audit")
