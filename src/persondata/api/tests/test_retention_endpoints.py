"""The retention plan (GET /retention/plan?as_of=) and the review queue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import make_record, make_subject
from persondata.subjects.actions import record_event
from persondata.subjects.models import Record


def _old_invoice_address() -> Record:
    subject = make_subject()
    return make_record(
        subject,
        activities=["bookkeeping"],
        collected_at=datetime(2020, 5, 1, 10, 0, tzinfo=UTC),
    )


def test_the_plan_lists_what_a_sweep_today_would_erase(reader: ApiClient) -> None:
    record = _old_invoice_address()
    response = reader.get("/retention/plan")
    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["records"], body["subjects"]) == ("2026-03-02", 1, 1)
    [group] = body["groups"]
    assert (group["activity"], group["rule"], group["records"]) == ("bookkeeping", 0, 1)
    assert group["rule_definition"] == {
        "keep": "5y",
        "after": "collected",
        "until_end_of": "financial_year",
    }
    assert group["examples"][0].startswith(f"record {record.pk} (user.contact.address)")
    # Nothing was erased: the plan is a dry run.
    assert Record.objects.filter(pk=record.pk).exists()


def test_the_plan_as_of_an_earlier_date_finds_nothing(reader: ApiClient) -> None:
    _old_invoice_address()
    body = reader.get("/retention/plan", {"as_of": "2025-12-30"}).json()
    assert (body["as_of"], body["records"], body["groups"]) == ("2025-12-30", 0, [])


def test_the_plan_as_of_a_later_date_finds_more(reader: ApiClient) -> None:
    _old_invoice_address()
    prospect = make_subject(display_name="Ida", categories=["prospect"], email="ida@example.dk")
    make_record(prospect, data_category="user.name", value="Ida", activities=["sales_prospects"])
    record_event(
        actor="staff:karen", subject=prospect, name="last_contact", occurred_on=date(2026, 2, 1)
    )
    body = reader.get("/retention/plan", {"as_of": "2026-08-01"}).json()
    assert (body["records"], body["subjects"]) == (2, 2)
    rules = {g["activity"]: g["rule_definition"] for g in body["groups"]}
    assert rules["sales_prospects"] == {"keep": "6mo", "after": "last_contact"}


@pytest.mark.parametrize("as_of", ["2026-13-01", "tomorrow", "1800-01-01", "3000-01-01"])
def test_a_bad_as_of_is_422_naming_it(reader: ApiClient, as_of: str) -> None:
    response = reader.get("/retention/plan", {"as_of": as_of})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.as_of"


def test_the_review_queue_lists_records_past_review_every(reader: ApiClient) -> None:
    prospect = make_subject(display_name="Ida", categories=["prospect"], email="ida@example.dk")
    record = make_record(
        prospect,
        data_category="user.name",
        value="Ida",
        activities=["sales_prospects"],
        collected_at=datetime(2025, 6, 1, 10, 0, tzinfo=UTC),
    )
    make_record(
        prospect,
        data_category="user.contact.email",
        value="ida@example.dk",
        activities=["sales_prospects"],
    )
    response = reader.get("/retention/reviews")
    assert response.status_code == 200
    assert response.json() == [
        {
            "record_id": record.pk,
            "subject_key": str(prospect.key),
            "activity": "sales_prospects",
            "data_category": "user.name",
            "last_confirmed": "2025-06-01",
            "review_due": "2025-12-01",
            "action": "flag",
        }
    ]


def test_confirming_a_record_takes_it_off_the_review_queue(api: ApiClient) -> None:
    prospect = make_subject(display_name="Ida", categories=["prospect"])
    record = make_record(
        prospect,
        data_category="user.name",
        value="Ida",
        activities=["sales_prospects"],
        collected_at=datetime(2025, 6, 1, 10, 0, tzinfo=UTC),
    )
    assert len(api.get("/retention/reviews").json()) == 1
    api.post(f"/subjects/{prospect.key}/records/{record.pk}/confirm")
    assert api.get("/retention/reviews").json() == []


def test_the_review_queue_limit_is_bounded(reader: ApiClient) -> None:
    response = reader.get("/retention/reviews", {"limit": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"


def test_without_a_declaration_the_review_queue_says_what_to_do(db: None) -> None:
    response = ApiClient.with_scopes("read").get("/retention/reviews")
    assert response.status_code == 422
    assert "persondata policy apply FILE" in response.json()["detail"]
