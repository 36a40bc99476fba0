"""Subjects: list and search, get, create and update (through the register's actions)."""

from __future__ import annotations

import pytest

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import CPR, audit_entries, make_subject
from persondata.subjects.actions import set_legal_hold
from persondata.subjects.models import DataSubject

JENS = {"display_name": "Jens Hansen", "categories": ["customer"], "email": "Jens@Example.dk"}


def test_creating_a_subject_returns_201_with_the_normalised_subject(api: ApiClient) -> None:
    response = api.post("/subjects", {**JENS, "phone": "20 30 40 50", "cpr": "211062-5629"})
    assert response.status_code == 201
    body = response.json()
    assert body["display_name"] == "Jens Hansen"
    assert body["email"] == "jens@example.dk"
    assert body["phone"] == "+4520304050"
    assert body["has_cpr"] is True
    assert body["cpr"] is None
    assert body["under_legal_hold"] is False
    assert body["restricted"] is False
    subject = DataSubject.objects.get()
    assert str(subject.key) == body["key"]
    assert CPR not in subject.cpr_encrypted


def test_creating_is_audited_with_the_key_as_actor(api: ApiClient) -> None:
    api.post("/subjects", JENS)
    assert api.key is not None
    [entry] = audit_entries("subject.create")
    assert entry.actor == f"api key {api.key.prefix} (all)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**JENS, "categories": ["alien"]}, "categories: 'alien' is not a subject category"),
        ({**JENS, "email": "not-an-address"}, "email: 'not-an-address' is not an e-mail address"),
        ({**JENS, "cpr": "3113629999"}, "cpr:"),
        ({**JENS, "display_name": "  "}, "display_name: is required"),
        ({**JENS, "language": "de"}, "language: 'de' is not da or en"),
    ],
)
def test_a_subject_the_register_refuses_gets_422_naming_the_field(
    api: ApiClient, body: dict[str, object], message: str
) -> None:
    response = api.post("/subjects", body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not DataSubject.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"categories": ["customer"]}, "body.display_name"),
        ({**JENS, "categories": "customer"}, "body.categories"),
        ({**JENS, "nickname": "J"}, "body.nickname"),
        ({**JENS, "display_name": "x" * 201}, "body.display_name"),
        ({**JENS, "display_name": "Jens\x00"}, "body.display_name"),
    ],
)
def test_a_body_that_does_not_fit_the_schema_gets_422_listing_the_field(
    api: ApiClient, body: dict[str, object], field: str
) -> None:
    response = api.post("/subjects", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert response.json()["detail"].startswith(f"{field}: ")
    assert not DataSubject.objects.exists()


def test_a_body_that_is_not_json_gets_400(api: ApiClient) -> None:
    response = api.client.post(
        "/api/v1/subjects", data="{not json", content_type="application/json", headers=api.headers
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_duplicate_email_is_refused_naming_the_other_subject(api: ApiClient) -> None:
    other = make_subject(email="jens@example.dk")
    response = api.post("/subjects", JENS)
    assert response.status_code == 422
    assert (
        response.json()["detail"] == f"email: subject {other.key} already has this e-mail address"
    )


def test_getting_a_subject(api: ApiClient) -> None:
    subject = make_subject(email="jens@example.dk", cpr=CPR)
    response = api.get(f"/subjects/{subject.key}")
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == str(subject.key)
    assert body["email"] == "jens@example.dk"
    assert body["has_cpr"] is True
    assert body["cpr"] is None


def test_an_unknown_subject_is_404(api: ApiClient) -> None:
    response = api.get("/subjects/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "path.key: no subject has the key 00000000-0000-4000-8000-000000000000"
    }


def test_a_malformed_subject_key_is_422_naming_the_path_parameter(api: ApiClient) -> None:
    response = api.get("/subjects/42")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.key"


def test_the_list_is_paginated_oldest_first(api: ApiClient) -> None:
    keys = [str(make_subject(display_name=f"Kunde {n}").key) for n in range(5)]
    first = api.get("/subjects", {"limit": 2}).json()
    assert first["count"] == 5
    assert (first["limit"], first["offset"]) == (2, 0)
    assert [s["key"] for s in first["items"]] == keys[:2]
    last = api.get("/subjects", {"limit": 2, "offset": 4}).json()
    assert [s["key"] for s in last["items"]] == keys[4:]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 201}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"limit": "many"}, "query.limit"),
    ],
)
def test_bad_pagination_is_422(api: ApiClient, params: dict[str, object], field: str) -> None:
    response = api.get("/subjects", params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"email": "JENS@example.dk "}, True),
        ({"email": "other@example.dk"}, False),
        ({"phone": "+45 20 30 40 50"}, True),
        ({"phone": "20304050"}, True),
        ({"customer_number": "K-1001"}, True),
        ({"customer_number": "k-1001"}, False),
        ({"cpr": "211062-5629"}, True),
        ({"cpr": "2110625630"}, False),
        ({"email": "jens@example.dk", "customer_number": "K-1001"}, True),
        ({"email": "jens@example.dk", "customer_number": "K-2"}, False),
    ],
)
def test_search_by_identifier_is_an_exact_match_of_the_normal_form(
    api: ApiClient, params: dict[str, str], match: bool
) -> None:
    jens = make_subject(
        email="jens@example.dk", phone="20304050", customer_number="K-1001", cpr=CPR
    )
    make_subject(display_name="Ida", email="ida@example.dk", customer_number="K-1002")
    found = api.get("/subjects", params).json()
    assert [s["key"] for s in found["items"]] == ([str(jens.key)] if match else [])
    assert found["count"] == (1 if match else 0)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"email": "jens"}, "query.email: 'jens' is not an e-mail address"),
        ({"phone": "12"}, "query.phone:"),
        ({"cpr": "123"}, "query.cpr:"),
    ],
)
def test_a_malformed_search_value_is_422_naming_the_parameter(
    api: ApiClient, params: dict[str, str], message: str
) -> None:
    response = api.get("/subjects", params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


def test_updating_changes_only_the_given_fields(api: ApiClient) -> None:
    subject = make_subject(email="jens@example.dk", customer_number="K-1")
    response = api.patch(
        f"/subjects/{subject.key}", {"display_name": "Jens P. Hansen", "customer_number": ""}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["display_name"] == "Jens P. Hansen"
    assert body["customer_number"] == ""
    assert body["email"] == "jens@example.dk"
    [entry] = audit_entries("subject.update")
    assert entry.details == {"changed": ["customer_number", "display_name"]}


def test_an_update_the_register_refuses_changes_nothing(api: ApiClient) -> None:
    subject = make_subject(email="jens@example.dk")
    response = api.patch(
        f"/subjects/{subject.key}", {"display_name": "Jens P.", "email": "not-an-address"}
    )
    assert response.status_code == 422
    assert "email:" in response.json()["detail"]
    subject.refresh_from_db()
    assert subject.display_name == "Jens Hansen"
    assert audit_entries("subject.update") == []


def test_updating_an_unknown_subject_is_404(api: ApiClient) -> None:
    response = api.patch("/subjects/00000000-0000-4000-8000-000000000000", {"display_name": "X"})
    assert response.status_code == 404


def test_a_subject_under_legal_hold_shows_it(api: ApiClient) -> None:
    subject = make_subject()
    set_legal_hold(actor="staff:karen", subject=subject, reason="court case")
    assert api.get(f"/subjects/{subject.key}").json()["under_legal_hold"] is True
    assert api.get("/subjects").json()["items"][0]["under_legal_hold"] is True


def test_without_a_declaration_creating_is_refused_with_the_way_out(db: None) -> None:
    client = ApiClient.with_scopes("write")
    response = client.post("/subjects", JENS)
    assert response.status_code == 422
    assert "persondata policy apply FILE" in response.json()["detail"]
