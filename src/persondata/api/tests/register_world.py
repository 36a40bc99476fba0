"""A small register for the API's tests, built through the register's actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from persondata.audit.models import AuditEntry
from persondata.rights.tests.api_world import RightsRequests, make_rights_requests
from persondata.subjects.actions import (
    add_record,
    create_subject,
    set_legal_hold,
    start_relationship,
)
from persondata.subjects.models import DataSubject, LegalHold, Record, Relationship

DECLARATION_PATH = Path(__file__).resolve().parent / "declaration.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
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


def audit_entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("sequence"))


@dataclass
class World:
    subject: DataSubject
    record: Record
    relationship: Relationship
    hold: LegalHold
    rights: RightsRequests

    def fill(self, path: str) -> str:
        """``path`` with {key}, {record_id}, {relationship_id}, {hold_id} and
        {number} (a rights request in the state the path needs) filled in."""
        return path.format(
            key=self.subject.key,
            record_id=self.record.pk,
            relationship_id=self.relationship.pk,
            hold_id=self.hold.pk,
            number=self.rights.number_for(path),
        )


def build_world() -> World:
    """A customer with a CPR number and an address record held for
    subscriptions, an active customer relationship, and a legal hold that
    starts tomorrow (so it is not yet in force and erasure may run)."""
    subject = make_subject(email="jens@example.dk", cpr=CPR, customer_number="K-1001")
    record = make_record(subject, activities=["subscriptions"])
    relationship = start_relationship(
        actor=ACTOR, subject=subject, kind="customer", started=date(2024, 1, 1)
    )
    hold = set_legal_hold(
        actor=ACTOR, subject=subject, reason="dispute about an invoice", starts_on=date(2026, 3, 3)
    )
    return World(
        subject=subject,
        record=record,
        relationship=relationship,
        hold=hold,
        rights=make_rights_requests(subject),
    )
