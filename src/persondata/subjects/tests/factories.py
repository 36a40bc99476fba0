"""Builders for the register's tests. They go through the actions, like real code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from persondata.audit.models import AuditEntry
from persondata.subjects.actions import add_record, create_subject
from persondata.subjects.models import DataSubject, Record

DECLARATION_PATH = Path(__file__).resolve().parent / "register.yaml"
ACTOR = "staff:karen"
# A CPR number with a valid date (21 October 1962); fictitious.
CPR = "2110625629"


def make_subject(**fields: Any) -> DataSubject:
    values: dict[str, Any] = {"display_name": "Jens Hansen", "categories": ["customer"]}
    values.update(fields)
    return create_subject(actor=ACTOR, **values)


def make_record(subject: DataSubject, **fields: Any) -> Record:
    values: dict[str, Any] = {
        "data_category": "user.contact.address",
        "value": "Vestergade 1, 8000 Aarhus C",
        "source": "data_subject",
    }
    values.update(fields)
    return add_record(actor=ACTOR, subject=subject, **values)


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def last_audit(action: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(action=action).order_by("-sequence").first()
    assert entry is not None, f"no audit entry {action}"
    return entry


def write_csv(directory: Path, text: str, name: str = "subjects.csv") -> Path:
    """A UTF-8 file with ``text`` (leading spaces of each line removed)."""
    path = directory / name
    lines = [line.strip() for line in text.strip().splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
