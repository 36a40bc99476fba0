"""A small applied world for the web tests: the demo declaration, one subject
with a record, a relationship, a legal hold and a rights request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from persondata.policy.actions import apply_declaration
from persondata.rights.actions import receive_request
from persondata.rights.models import RightsRequest
from persondata.subjects.actions import (
    add_record,
    create_subject,
    set_legal_hold,
    start_relationship,
)
from persondata.subjects.models import DataSubject, LegalHold, Relationship

DEMO = Path(__file__).resolve().parents[4] / "examples" / "demo.yaml"


@dataclass
class World:
    subject: DataSubject
    relationship: Relationship
    hold: LegalHold
    rights_request: RightsRequest


def make_world() -> World:
    """Apply the demo declaration and register one customer with their data."""
    apply_declaration(path=DEMO, actor_label="test")
    subject = create_subject(
        actor="test",
        display_name="Karen Jensen",
        categories=["customer"],
        email="karen@example.dk",
        phone="+4520123456",
        customer_number="K-1001",
    )
    relationship = start_relationship(
        actor="test", kind="customer", started=date(2024, 1, 2), subject=subject
    )
    add_record(
        actor="test",
        subject=subject,
        data_category="user.contact.email",
        value="karen@example.dk",
        source="data_subject",
        activities=["subscriptions"],
    )
    hold = set_legal_hold(actor="test", subject=subject, reason="a dispute about an invoice")
    rights_request = receive_request(
        actor="test",
        kind="access",
        channel="email",
        claimed_name="Karen Jensen",
        claimed_email="karen@example.dk",
    )
    return World(subject, relationship, hold, rights_request)
