"""Builders for the rights tests. They go through the actions, like real code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from persondata.audit.models import AuditEntry
from persondata.consent.actions import give_consent
from persondata.rights.actions import receive_request, verify_identity
from persondata.rights.models import RightsRequest
from persondata.subjects.actions import add_record, create_subject, start_relationship
from persondata.subjects.models import DataSubject, Record

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "examples" / "demo.yaml"
# Monday 2 March 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTOR = "staff:karen"
EMAIL = "mette.holm@example.dk"


@dataclass
class Customer:
    """The demo customer and her records by name."""

    subject: DataSubject
    records: dict[str, Record] = field(default_factory=dict)


# (name, data category, value, activities): held for bookkeeping (a legal
# obligation), contracts, consent and legitimate interests.
CUSTOMER_RECORDS: list[tuple[str, str, str, list[str]]] = [
    ("name", "user.name", "Mette Holm", ["subscriptions", "bookkeeping", "newsletter"]),
    ("email", "user.contact.email", EMAIL, ["subscriptions", "newsletter", "customer_offers"]),
    (
        "address",
        "user.contact.address",
        "Vestergade 1, 5000 Odense C",
        ["subscriptions", "bookkeeping"],
    ),
    ("invoice", "user.payment", "Faktura 2025-114: 4.995 kr.", ["bookkeeping"]),
    ("purchases", "user.behavior.purchase_history", "Hosting Pro, 2025", ["customer_offers"]),
    ("ip", "user.device.ip_address", "192.0.2.17", ["security_logs"]),
]
BOOKKEEPING = {"name", "address", "invoice"}


def make_customer(email: str = EMAIL, **fields: Any) -> Customer:
    subject = create_subject(
        actor=ACTOR,
        display_name=fields.pop("display_name", "Mette Holm"),
        categories=["customer"],
        email=email,
        **fields,
    )
    start_relationship(actor=ACTOR, subject=subject, kind="customer", started=date(2024, 5, 1))
    customer = Customer(subject)
    collected = datetime(2025, 11, 3, 12, tzinfo=UTC)
    for name, category, value, activities in CUSTOMER_RECORDS:
        if category == "user.contact.email":
            value = email
        customer.records[name] = add_record(
            actor=ACTOR,
            subject=subject,
            data_category=category,
            value=value,
            source="data_subject",
            collected_at=collected,
            activities=activities,
        )
    give_consent(actor=ACTOR, subject=subject, purpose="newsletter", channel="web_form")
    subject.refresh_from_db()
    return customer


def make_request(kind: str = "access", **fields: Any) -> RightsRequest:
    values: dict[str, Any] = {
        "actor": ACTOR,
        "kind": kind,
        "channel": "web",
        "claimed_name": "Mette Holm",
        "claimed_email": EMAIL,
    }
    values.update(fields)
    return receive_request(**values)


def verified_request(kind: str = "access", **fields: Any) -> RightsRequest:
    rights_request = make_request(kind, **fields)
    return verify_identity(
        actor=ACTOR, rights_request=rights_request, how="called back on the registered phone"
    )


def staff_user(username: str = "karen", email: str = "karen@nordlys-it.dk") -> User:
    return User.objects.create_user(username=username, email=email, is_staff=True)


def audit_actions(prefix: str = "") -> list[str]:
    actions = AuditEntry.objects.order_by("sequence").values_list("action", flat=True)
    return [a for a in actions if a.startswith(prefix)]
