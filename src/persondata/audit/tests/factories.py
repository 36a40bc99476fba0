"""Helpers for the audit tests: a chain of entries, and raw SQL that bypasses the ORM guard."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import connection, models

from persondata.audit.actions import write_audit_entry
from persondata.audit.models import AuditEntry


def write_entries(count: int, *, start: int = 1) -> list[AuditEntry]:
    """Append ``count`` entries with varied fields, as the apps would."""
    return [
        write_audit_entry(
            action=f"test.action{number % 3}",
            actor=f"tester {number}",
            object_type="thing",
            object_id=str(number),
            subject_key=f"subject-{number % 5}" if number % 2 else None,
            details={"number": number, "tags": ["a", "b"], "nested": {"ok": True}},
        )
        for number in range(start, start + count)
    ]


# Literal statements only (no SQL built from strings): one UPDATE per column.
_UPDATE = {
    "sequence": "UPDATE audit_auditentry SET sequence = %s WHERE sequence = %s",
    "created_at": "UPDATE audit_auditentry SET created_at = %s WHERE sequence = %s",
    "actor": "UPDATE audit_auditentry SET actor = %s WHERE sequence = %s",
    "action": "UPDATE audit_auditentry SET action = %s WHERE sequence = %s",
    "object_type": "UPDATE audit_auditentry SET object_type = %s WHERE sequence = %s",
    "object_id": "UPDATE audit_auditentry SET object_id = %s WHERE sequence = %s",
    "subject_ref": "UPDATE audit_auditentry SET subject_ref = %s WHERE sequence = %s",
    "details": "UPDATE audit_auditentry SET details = %s WHERE sequence = %s",
    "previous_hash": "UPDATE audit_auditentry SET previous_hash = %s WHERE sequence = %s",
    "entry_hash": "UPDATE audit_auditentry SET entry_hash = %s WHERE sequence = %s",
}
_INSERT = (
    "INSERT INTO audit_auditentry (sequence, created_at, actor, action, object_type, object_id, "
    "subject_ref, details, previous_hash, entry_hash) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_COLUMNS = (
    "sequence",
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "subject_ref",
    "details",
    "previous_hash",
    "entry_hash",
)


def _prepared(name: str, value: Any) -> Any:
    field = AuditEntry._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.get_db_prep_value(value, connection, prepared=False)


def raw_update(at: int, /, **values: Any) -> None:
    """UPDATE one entry's columns with raw SQL, as someone with database access could."""
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(_UPDATE[name], [_prepared(name, value), at])
            assert cursor.rowcount == 1


def raw_delete(*sequences: int) -> None:
    with connection.cursor() as cursor:
        for sequence in sequences:
            cursor.execute("DELETE FROM audit_auditentry WHERE sequence = %s", [sequence])
            assert cursor.rowcount == 1


def raw_insert(**values: Any) -> None:
    """INSERT a forged entry with raw SQL; ``values`` names every column of _COLUMNS."""
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [_prepared(name, values[name]) for name in _COLUMNS])


def delete_head() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_audithead")


def run_verify(*args: str) -> tuple[int, str]:
    """Run ``persondata audit verify`` in-process; return its exit status and output."""
    out = StringIO()
    err = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def expect_break_at(sequence: int) -> str:
    """Both verify_chain and the CLI name ``sequence`` as the first broken entry.

    Returns the CLI's output. (The CLI records its run as a new entry, so a
    second run may describe the same break differently.)
    """
    from persondata.audit.queries import verify_chain

    result = verify_chain()
    assert not result.ok, "the tampering went unnoticed"
    assert result.first_break is not None
    assert result.first_break.sequence == sequence, result.first_break
    code, output = run_verify()
    assert code == 1, output
    assert f"audit trail BROKEN at entry #{sequence}:" in output
    return output
