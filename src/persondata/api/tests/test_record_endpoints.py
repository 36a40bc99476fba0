"""Records: list, add, rectify (Art. 16), link to an activity, confirm."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import audit_entries, make_record, make_subject
from persondata.retention.engine import due_reasons
from persondata.subjects.actions import end_relationship, start_relationship
from persondata.subjects.models import PurposeLink, Record

ADDRESS = {
    "data_category": "user.contact.address",
    "value": "Vestergade 1, 5000 Odense C",
    "source": "data_subject",
    "activities": ["subscriptions", "bookkeeping"],
}


def test_adding_a_record_returns_it_with_its_links_and_due_dates(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/records", ADDRESS)
    assert response.status_code == 201
    body = response.json()
    assert body["data_category"] == "user.contact.address"
    assert body["value"] == "Vestergade 1, 5000 Odense C"
    assert body["encrypted"] is False
    assert body["collected_at"] == "2026-03-02T09:00:00Z"
    links = {link["activity"]: link for link in body["links"]}
    assert set(links) == {"subscriptions", "bookkeeping"}
    # Bookkeeping: 5 years after collection, to the end of that financial year.
    assert links["bookkeeping"]["due_on"] == "2031-12-31"
    # Subscriptions: kept while the customer relationship has not ended.
    assert links["subscriptions"]["due_on"] is None
    assert Record.objects.get().pk == body["id"]


def test_adding_a_record_with_a_past_collection_time(api: ApiClient) -> None:
    subject = make_subject()
    body = {**ADDRESS, "collected_at": "2020-05-01T10:00:00+02:00", "activities": ["bookkeeping"]}
    response = api.post(f"/subjects/{subject.key}/records", body)
    assert response.status_code == 201
    assert response.json()["links"][0]["due_on"] == "2025-12-31"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"data_category": "user.unknown_thing"}, "data_category: 'user.unknown_thing'"),
        ({"source": "the internet"}, "source: 'the internet'"),
        (
            {"data_category": "user.name", "activities": ["sales_prospects"]},
            "activity 'sales_prospects' is for prospect",
        ),
        ({"activities": ["nope"]}, "activity: 'nope' is not a declared activity"),
        ({"collected_at": "2027-01-01T00:00:00+00:00"}, "collected_at:"),
        ({"value": "4111 1111 1111 1111"}, "holds a full card number"),
    ],
)
def test_a_record_the_register_refuses_gets_422_and_nothing_is_stored(
    api: ApiClient, change: dict[str, object], message: str
) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/records", {**ADDRESS, **change})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": ""}, "body.value"),
        ({"collected_at": "2026-03-01T10:00:00"}, "body.collected_at"),
        ({"collected_at": "1850-01-01T10:00:00+00:00"}, "body.collected_at"),
        ({"source": "x" * 201}, "body.source"),
    ],
)
def test_a_record_that_does_not_fit_the_schema_gets_422(
    api: ApiClient, change: dict[str, object], field: str
) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/records", {**ADDRESS, **change})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Record.objects.exists()


def test_listing_records_shows_each_with_its_links(api: ApiClient) -> None:
    subject = make_subject()
    first = make_record(subject, activities=["subscriptions"])
    second = make_record(subject, data_category="user.name", value="Jens Hansen")
    make_record(make_subject(display_name="Ida", email="ida@example.dk"))
    body = api.get(f"/subjects/{subject.key}/records").json()
    assert [r["id"] for r in body] == [first.pk, second.pk]
    [link] = body[0]["links"]
    assert set(link) == {"activity", "due_on", "due_reason", "restricted"}
    assert (link["activity"], link["due_on"], link["restricted"]) == ("subscriptions", None, False)
    stored = PurposeLink.objects.get(record=first)
    assert link["due_reason"] == due_reasons([subject.pk])[stored.pk] != ""
    assert body[1]["links"] == []


def test_listing_records_computes_the_reasons_once_for_the_subject(api: ApiClient) -> None:
    subject = make_subject()
    make_record(subject, activities=["subscriptions", "bookkeeping"])
    with CaptureQueriesContext(connection) as one:
        api.get(f"/subjects/{subject.key}/records")
    for n in range(3):
        make_record(
            subject, data_category="user.name", value=f"Jens {n}", activities=["bookkeeping"]
        )
    with CaptureQueriesContext(connection) as four:
        body = api.get(f"/subjects/{subject.key}/records").json()
    assert [len(r["links"]) for r in body] == [2, 1, 1, 1]
    assert all(link["due_reason"] for r in body for link in r["links"])
    assert len(four) == len(one)


def test_due_dates_follow_the_relationship(api: ApiClient) -> None:
    subject = make_subject()
    make_record(subject, activities=["subscriptions"])
    relationship = start_relationship(
        actor="staff:karen", subject=subject, kind="customer", started=date(2020, 1, 1)
    )
    end_relationship(actor="staff:karen", relationship=relationship, ended=date(2025, 6, 30))
    [record] = api.get(f"/subjects/{subject.key}/records").json()
    assert record["links"][0]["due_on"] == "2028-06-30"


def test_rectifying_changes_the_value_and_audits_only_a_fingerprint(api: ApiClient) -> None:
    subject = make_subject()
    record = make_record(subject)
    response = api.patch(
        f"/subjects/{subject.key}/records/{record.pk}",
        {"value": "Nørregade 2, 5000 Odense C", "source": "supplier_vendor"},
    )
    assert response.status_code == 200
    assert response.json()["value"] == "Nørregade 2, 5000 Odense C"
    assert response.json()["source"] == "supplier_vendor"
    [entry] = audit_entries("record.update")
    assert "Vestergade" not in str(entry.details)
    assert "Nørregade" not in str(entry.details)


def test_a_rectification_the_register_refuses_changes_nothing(api: ApiClient) -> None:
    subject = make_subject()
    record = make_record(subject, data_category="user.contact.email", value="jens@example.dk")
    response = api.patch(
        f"/subjects/{subject.key}/records/{record.pk}", {"value": "not an address"}
    )
    assert response.status_code == 422
    assert (
        "user.contact.email: 'not an address' is not an e-mail address"
        in (response.json()["detail"])
    )
    record.refresh_from_db()
    assert record.value == "jens@example.dk"


def test_a_record_of_another_subject_is_404(api: ApiClient) -> None:
    subject = make_subject()
    other = make_record(make_subject(display_name="Ida", email="ida@example.dk"))
    path = f"/subjects/{subject.key}/records/{other.pk}"
    assert api.patch(path, {"value": "x"}).status_code == 404
    assert api.post(path + "/confirm").status_code == 404
    response = api.post(path + "/links", {"activity": "bookkeeping"})
    assert response.status_code == 404
    assert response.json() == {"detail": f"path.record_id: the subject has no record {other.pk}"}


def test_linking_a_record_to_another_activity(api: ApiClient) -> None:
    subject = make_subject()
    record = make_record(subject, activities=["subscriptions"])
    response = api.post(
        f"/subjects/{subject.key}/records/{record.pk}/links", {"activity": "bookkeeping"}
    )
    assert response.status_code == 200
    assert [link["activity"] for link in response.json()["links"]] == [
        "bookkeeping",
        "subscriptions",
    ]
    again = api.post(
        f"/subjects/{subject.key}/records/{record.pk}/links", {"activity": "bookkeeping"}
    )
    assert again.status_code == 200
    assert PurposeLink.objects.filter(record=record).count() == 2
    assert len(audit_entries("record.link")) == 1


def test_linking_to_an_activity_that_does_not_hold_the_category_is_refused(
    api: ApiClient,
) -> None:
    subject = make_subject()
    record = make_record(subject, data_category="user.contact.email", value="jens@example.dk")
    response = api.post(
        f"/subjects/{subject.key}/records/{record.pk}/links", {"activity": "bookkeeping"}
    )
    assert response.status_code == 422
    assert "does not declare the data category 'user.contact.email'" in response.json()["detail"]
    assert not PurposeLink.objects.exists()


def test_confirming_a_record_stamps_it(api: ApiClient) -> None:
    subject = make_subject()
    record = make_record(subject)
    response = api.post(f"/subjects/{subject.key}/records/{record.pk}/confirm")
    assert response.status_code == 200
    assert response.json()["last_confirmed_at"] == "2026-03-02T09:00:00Z"
    assert len(audit_entries("record.confirm")) == 1


def test_an_unknown_record_is_404(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/records/999999/confirm")
    assert response.status_code == 404
