"""Relationships: list, start, end."""

from __future__ import annotations

from datetime import date

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import make_record, make_subject
from persondata.subjects.actions import add_contact_link, create_organisation, start_relationship
from persondata.subjects.models import Relationship


def test_starting_a_relationship_adds_the_category(api: ApiClient) -> None:
    subject = make_subject(categories=["prospect"])
    response = api.post(
        f"/subjects/{subject.key}/relationships", {"kind": "customer", "started": "2026-02-01"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["started"], body["ended"], body["active"]) == (
        "customer",
        "2026-02-01",
        None,
        True,
    )
    assert body["organisation_id"] is None
    assert api.get(f"/subjects/{subject.key}").json()["categories"] == ["prospect", "customer"]


def test_ending_a_relationship_starts_the_retention_clock(api: ApiClient) -> None:
    subject = make_subject()
    make_record(subject, activities=["subscriptions"])
    started = api.post(
        f"/subjects/{subject.key}/relationships", {"kind": "customer", "started": "2021-01-01"}
    ).json()
    response = api.post(
        f"/subjects/{subject.key}/relationships/{started['id']}/end", {"ended": "2026-01-31"}
    )
    assert response.status_code == 200
    assert (response.json()["ended"], response.json()["active"]) == ("2026-01-31", False)
    [record] = api.get(f"/subjects/{subject.key}/records").json()
    assert record["links"][0]["due_on"] == "2029-01-31"


def test_a_relationship_cannot_end_twice_or_before_it_started(api: ApiClient) -> None:
    subject = make_subject()
    relationship = start_relationship(
        actor="staff:karen", subject=subject, kind="customer", started=date(2025, 1, 1)
    )
    path = f"/subjects/{subject.key}/relationships/{relationship.pk}/end"
    early = api.post(path, {"ended": "2024-12-31"})
    assert early.status_code == 422
    assert "ended: 2024-12-31 is before the relationship started" in early.json()["detail"]
    assert api.post(path, {"ended": "2026-01-01"}).status_code == 200
    again = api.post(path, {"ended": "2026-02-01"})
    assert again.status_code == 422
    assert "already ended on 2026-01-01" in again.json()["detail"]
    relationship.refresh_from_db()
    assert relationship.ended == date(2026, 1, 1)


def test_a_relationship_of_an_undeclared_kind_or_in_the_future_is_refused(
    api: ApiClient,
) -> None:
    subject = make_subject()
    path = f"/subjects/{subject.key}/relationships"
    unknown = api.post(path, {"kind": "friend", "started": "2026-01-01"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"].startswith("kind: 'friend' is not a subject category")
    future = api.post(path, {"kind": "customer", "started": "2026-03-03"})
    assert future.status_code == 422
    assert future.json()["detail"].startswith("started: 2026-03-03 is in the future")
    assert not Relationship.objects.exists()


def test_the_list_includes_the_organisations_relationships(api: ApiClient) -> None:
    person = make_subject(categories=["customer"])
    own = start_relationship(
        actor="staff:karen", subject=person, kind="customer", started=date(2023, 1, 1)
    )
    organisation = create_organisation(actor="staff:karen", name="Fynbo ApS")
    add_contact_link(actor="staff:karen", person=person, organisation=organisation)
    theirs = start_relationship(
        actor="staff:karen",
        organisation=organisation,
        kind="supplier_vendor",
        started=date(2022, 5, 1),
    )
    body = api.get(f"/subjects/{person.key}/relationships").json()
    assert [(r["id"], r["organisation_id"]) for r in body] == [
        (theirs.pk, organisation.pk),
        (own.pk, None),
    ]
    # The organisation's relationship is not the subject's to end.
    response = api.post(
        f"/subjects/{person.key}/relationships/{theirs.pk}/end", {"ended": "2026-01-01"}
    )
    assert response.status_code == 404
    assert "has no relationship" in response.json()["detail"]


def test_a_relationship_body_must_fit_the_schema(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/relationships", {"kind": "customer"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.started", "message": "Field required"}]
