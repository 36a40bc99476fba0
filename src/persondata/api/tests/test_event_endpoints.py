"""Events: list and record (they move due dates)."""

from __future__ import annotations

import pytest

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import audit_entries, make_record, make_subject
from persondata.audit.models import AuditEntry
from persondata.subjects.models import Event


def test_recording_an_event_returns_201_and_moves_due_dates(api: ApiClient) -> None:
    prospect = make_subject(display_name="Ida", categories=["prospect"])
    make_record(
        prospect, data_category="user.name", value="Ida Holm", activities=["sales_prospects"]
    )
    response = api.post(
        f"/subjects/{prospect.key}/events",
        {"name": "last_contact", "occurred_on": "2026-01-15", "note": "called about hosting"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["occurred_on"], body["note"]) == (
        "last_contact",
        "2026-01-15",
        "called about hosting",
    )
    [record] = api.get(f"/subjects/{prospect.key}/records").json()
    assert record["links"][0]["due_on"] == "2026-07-15"
    [entry] = audit_entries("event.record")
    assert "called" not in str(entry.details)


def test_events_are_listed_oldest_first(api: ApiClient) -> None:
    subject = make_subject()
    for day in ("2026-02-01", "2025-12-24"):
        api.post(f"/subjects/{subject.key}/events", {"name": "job_completed", "occurred_on": day})
    body = api.get(f"/subjects/{subject.key}/events").json()
    assert [e["occurred_on"] for e in body] == ["2025-12-24", "2026-02-01"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "birthday", "occurred_on": "2026-01-01"}, "name:"),
        ({"name": "relationship_ended", "occurred_on": "2026-01-01"}, "end the relationship"),
        (
            {"name": "consent_given:newsletter", "occurred_on": "2026-01-01"},
            "name: 'consent_given:newsletter' is not recorded by hand: give the consent in the "
            "consent ledger instead",
        ),
        (
            {"name": "consent_withdrawn:newsletter", "occurred_on": "2026-01-01"},
            "name: 'consent_withdrawn:newsletter' is not recorded by hand: withdraw the consent "
            "in the consent ledger instead",
        ),
        ({"name": "last_contact", "occurred_on": "2026-03-03"}, "occurred_on: 2026-03-03 is in"),
        (
            {"name": "last_contact", "occurred_on": "2026-01-01", "note": "4111111111111111"},
            "note: holds a full card number",
        ),
    ],
)
def test_an_event_the_register_refuses_gets_422(
    api: ApiClient, body: dict[str, str], message: str
) -> None:
    subject = make_subject()
    audited = AuditEntry.objects.count()
    response = api.post(f"/subjects/{subject.key}/events", body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Event.objects.exists()
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "last_contact"}, "body.occurred_on"),
        ({"name": "last_contact", "occurred_on": "2026-02-30"}, "body.occurred_on"),
        ({"name": "last_contact", "occurred_on": "1899-12-31"}, "body.occurred_on"),
        ({"name": "", "occurred_on": "2026-01-01"}, "body.name"),
        ({"name": "last_contact", "occurred_on": "2026-01-01", "note": "a\x00b"}, "body.note"),
    ],
)
def test_an_event_that_does_not_fit_the_schema_gets_422(
    api: ApiClient, body: dict[str, str], field: str
) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/events", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Event.objects.exists()


def test_events_of_an_unknown_subject_are_404(api: ApiClient) -> None:
    path = "/subjects/00000000-0000-4000-8000-000000000000/events"
    assert api.get(path).status_code == 404
    assert api.post(path, {"name": "last_contact", "occurred_on": "2026-01-01"}).status_code == 404
