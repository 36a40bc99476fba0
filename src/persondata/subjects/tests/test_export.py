from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from persondata.audit.models import AuditEntry
from persondata.subjects.actions import (
    add_contact_link,
    create_organisation,
    record_event,
    set_legal_hold,
    start_relationship,
)
from persondata.subjects.exporters import export_subjects
from persondata.subjects.tests.factories import ACTOR, CPR, make_record, make_subject


@pytest.fixture
def register(declaration: Path) -> None:
    jens = make_subject(email="jens@example.dk", cpr=CPR, customer_number="K-1")
    make_record(jens, activities=["customer_administration", "bookkeeping"])
    make_record(jens, data_category="user.health_and_medical", value="Bad hip")
    record_event(actor=ACTOR, subject=jens, name="last_contact", occurred_on=date(2026, 1, 5))
    start_relationship(actor=ACTOR, subject=jens, kind="customer", started=date(2024, 1, 1))
    set_legal_hold(actor=ACTOR, subject=jens, reason="Claim")
    hanne = make_subject(display_name="Hanne", categories=["contact_person"])
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    add_contact_link(
        actor=ACTOR,
        person=hanne,
        organisation=organisation,
        role="Indkøber",
        started=date(2023, 1, 1),
    )
    start_relationship(
        actor=ACTOR, organisation=organisation, kind="customer", started=date(2023, 2, 1)
    )


def exported(*, include_sensitive: bool = False, purpose: str = "backup") -> list[dict[str, Any]]:
    out = io.StringIO()
    export_subjects(out=out, actor=ACTOR, include_sensitive=include_sensitive, purpose=purpose)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_subject_is_one_line_with_everything_about_it(register: None) -> None:
    jens, hanne = exported()
    assert (jens["display_name"], jens["email"], jens["customer_number"]) == (
        "Jens Hansen",
        "jens@example.dk",
        "K-1",
    )
    records = jens["records"]
    assert records[0]["value"] == "Vestergade 1, 8000 Aarhus C"
    assert [link["activity"] for link in records[0]["links"]] == [
        "customer_administration",
        "bookkeeping",
    ]
    # Not stored: computed for the export, here the hold's reason.
    assert {link["due_reason"] for link in records[0]["links"]} == {
        "a legal hold stops erasure until it is lifted"
    }
    assert jens["events"] == [
        {
            "name": "last_contact",
            "occurred_on": "2026-01-05",
            "note": "",
            "created_at": "2026-03-02T09:00:00+00:00",
        }
    ]
    assert jens["relationships"] == [{"kind": "customer", "started": "2024-01-01", "ended": None}]
    assert jens["legal_holds"][0]["reason"] == "Claim"
    link = hanne["contact_links"][0]
    assert link["organisation"]["cvr"] == "10000009"
    assert link["role"] == "Indkøber"
    assert link["relationships"] == [{"kind": "customer", "started": "2023-02-01", "ended": None}]


def test_sensitive_values_are_withheld_by_default(register: None) -> None:
    jens, _ = exported()
    assert jens["cpr"] is None
    assert jens["cpr_withheld"] is True
    health = jens["records"][1]
    assert (health["value"], health["withheld"]) == (None, True)
    entry = AuditEntry.objects.filter(action="subjects.export").get()
    assert entry.details["include_sensitive"] is False
    assert entry.details["subjects"] == 2


def test_sensitive_values_are_included_only_when_asked_and_audited(register: None) -> None:
    jens, _ = exported(include_sensitive=True, purpose="restore test")
    assert jens["cpr"] == CPR
    health = jens["records"][1]
    assert (health["value"], health["withheld"]) == ("Bad hip", False)
    entry = AuditEntry.objects.filter(action="subjects.export").get()
    assert entry.details == {
        "format": "persondata.subjects/1",
        "subjects": 2,
        "include_sensitive": True,
        "purpose": "restore test",
    }


def test_a_sensitive_export_needs_a_purpose(register: None) -> None:
    with pytest.raises(ValueError, match="needs a purpose"):
        exported(include_sensitive=True, purpose="")
    assert not AuditEntry.objects.filter(action="subjects.export").exists()


def test_link_reasons_take_no_query_per_subject_or_link(declaration: Path) -> None:
    make_record(make_subject(), activities=["customer_administration"])
    with CaptureQueriesContext(connection) as one:
        exported()
    for n in range(4):
        who = make_subject(display_name=f"Kunde {n}", email=f"k{n}@example.dk")
        make_record(who, activities=["customer_administration", "bookkeeping"])
        make_record(who, data_category="user.name", value=f"Kunde {n}")
    with CaptureQueriesContext(connection) as five:
        lines = exported()
    assert len(lines) == 5
    reasons = [link["due_reason"] for line in lines for r in line["records"] for link in r["links"]]
    assert len(reasons) == 1 + 4 * 2 and all(reasons)
    assert len(five) == len(one)
