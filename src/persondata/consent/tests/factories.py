"""Builders for the consent tests; they go through the actions, like real code."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from persondata.audit.models import AuditEntry
from persondata.consent.actions import give_consent
from persondata.consent.models import Channel, ConsentEntry
from persondata.subjects.actions import add_record, create_subject, start_relationship
from persondata.subjects.models import DataSubject, Record

DECLARATION_PATH = Path(__file__).resolve().parent / "declaration.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTOR = "staff:karen"
EVIDENCE = {"form": "signup", "ip": "192.0.2.10", "user_agent": "Firefox/140"}


def make_subject(**fields: Any) -> DataSubject:
    values: dict[str, Any] = {
        "display_name": "Jens Hansen",
        "categories": ["customer"],
        "email": "jens@example.dk",
    }
    values.update(fields)
    return create_subject(actor=ACTOR, **values)


def consent(subject: DataSubject, purpose: str = "newsletter", **fields: Any) -> ConsentEntry:
    values: dict[str, Any] = {"channel": Channel.WEB_FORM, "evidence": EVIDENCE}
    values.update(fields)
    return give_consent(actor=ACTOR, subject=subject, purpose=purpose, **values)


def make_customer(
    subject: DataSubject,
    *,
    channel: str = "email",
    since: date = date(2025, 5, 1),
    source: str = "data_subject",
    activities: tuple[str, ...] = ("customer_administration", "existing_customer_marketing"),
) -> Record:
    """Make ``subject`` a customer whose address (for ``channel``) was obtained in a sale."""
    start_relationship(actor=ACTOR, subject=subject, kind="customer", started=since)
    category = "user.contact.email" if channel == "email" else "user.contact.phone_number"
    return add_record(
        actor=ACTOR,
        subject=subject,
        data_category=category,
        value=subject.email if channel == "email" else subject.phone,
        source=source,
        activities=activities,
    )


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def last_audit(action: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(action=action).order_by("-sequence").first()
    assert entry is not None, f"no audit entry {action}"
    return entry
