"""POST /api/v1/marketing/eligibility: JSON lines, streamed, in list order."""

from __future__ import annotations

import json

import pytest

from persondata.accounts.actions import create_api_key
from persondata.consent.actions import object_to_direct_marketing
from persondata.consent.tests.factories import ACTOR, consent, last_audit, make_subject

pytestmark = pytest.mark.usefixtures("declaration")

PATH = "/api/v1/marketing/eligibility"


@pytest.fixture
def headers() -> dict[str, str]:
    issued = create_api_key(actor="test", name="marketing", scopes=["read"])
    return {"Authorization": f"Bearer {issued.token}"}


def _post(client, headers, body, content_type="application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(PATH, data=data, content_type=content_type, headers=headers)


def _lines(response) -> list[dict[str, object]]:
    assert response["Content-Type"] == "application/x-ndjson"
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def register():
    anna = make_subject(display_name="Anna", email="anna@example.dk")
    consent(anna)
    carl = make_subject(display_name="Carl", email="carl@example.dk")
    object_to_direct_marketing(actor=ACTOR, subject=carl)
    make_subject(display_name="Bo", email="bo@example.dk")


def test_each_address_gets_a_line_in_the_order_sent(client, headers, register):
    addresses = ["Anna@example.dk", "carl@example.dk", "stranger@example.dk", "bo@example.dk"]
    response = _post(client, headers, {"channel": "email", "addresses": addresses})
    assert response.status_code == 200
    assert _lines(response) == [
        {
            "address": "Anna@example.dk",
            "eligible": True,
            "reason": "consent newsletter v2 given 2026-03-02",
        },
        {"address": "carl@example.dk", "eligible": False, "reason": "objected 2026-03-02"},
        {"address": "stranger@example.dk", "eligible": False, "reason": "not eligible"},
        {"address": "bo@example.dk", "eligible": False, "reason": "not eligible"},
    ]


def test_an_unregistered_address_looks_exactly_like_a_registered_one_without_a_ground(
    client, headers, register
):
    known = _lines(_post(client, headers, {"channel": "email", "addresses": ["bo@example.dk"]}))
    unknown = _lines(_post(client, headers, {"channel": "email", "addresses": ["zz@example.dk"]}))
    assert [{**line, "address": ""} for line in known] == [
        {**line, "address": ""} for line in unknown
    ]


def test_a_long_list_streams_in_several_writes(client, headers, register):
    addresses = [f"person{i}@example.dk" for i in range(5000)] + ["anna@example.dk"]
    response = _post(client, headers, {"channel": "email", "addresses": addresses})
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    lines = b"".join(chunks).decode().splitlines()
    assert len(lines) == 5001
    assert json.loads(lines[-1])["eligible"] is True


def test_the_call_is_audited_with_counts_only(client, headers, register):
    response = _post(
        client, headers, {"channel": "email", "addresses": ["anna@example.dk", "x@example.dk"]}
    )
    _lines(response)
    audit = last_audit("marketing.filter")
    assert audit.details == {"channel": "email", "checked": 2, "eligible": 1, "via": "api"}


def test_a_key_is_required(client, register):
    response = _post(client, {}, {"channel": "email", "addresses": ["anna@example.dk"]})
    assert response.status_code == 401


def test_a_body_that_is_not_json_is_refused(client, headers):
    response = _post(client, headers, "anna@example.dk")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("body: is not JSON")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "fax", "addresses": []}, "body.channel"),
        ({"channel": "email"}, "body.addresses"),
        ({"channel": "email", "addresses": [1]}, "body.addresses.0"),
    ],
)
def test_a_body_that_does_not_fit_is_refused_naming_the_field(client, headers, body, field):
    response = _post(client, headers, body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, headers, settings):
    settings.ELIGIBILITY_MAX_BYTES = 100
    addresses = [f"person{i}@example.dk" for i in range(20)]
    response = _post(client, headers, {"channel": "email", "addresses": addresses})
    assert response.status_code == 413
    assert "PERSONDATA_ELIGIBILITY_MAX_BYTES" in response.json()["detail"]


def test_a_list_bigger_than_djangos_own_upload_limit_is_read(client, headers, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    addresses = [f"person{i}@example.dk" for i in range(200)]
    response = _post(client, headers, {"channel": "email", "addresses": addresses})
    assert response.status_code == 200
    assert len(_lines(response)) == 200


def test_the_document_describes_the_body_and_the_json_lines(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][PATH]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["channel", "addresses"]
    assert "application/x-ndjson" in operation["responses"]["200"]["content"]
