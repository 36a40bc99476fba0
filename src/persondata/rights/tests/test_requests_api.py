"""Staff handle requests over the REST API: intake, verification, extension,
execution, answer and closing, each with its scope."""

from __future__ import annotations

import pytest
from django.core import mail

from persondata.api.tests.api_client import ApiClient
from persondata.rights.models import RightsRequest
from persondata.rights.tests.factories import EMAIL, make_request


@pytest.fixture
def api(customer) -> ApiClient:
    return ApiClient.with_scopes("read", "write", name="staff")


def test_a_phone_request_from_intake_to_closing(api):
    created = api.post(
        "/requests",
        {"kind": "access", "channel": "phone", "claimed_name": "Mette Holm", "language": "en"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    number = body["number"]
    assert body["due_on"] == "2026-03-27"
    assert body["days_left"] == 25
    assert body["history"][0]["kind"] == "received"
    verified = api.post(
        f"/requests/{number}/verify",
        {"how": "called back on the registered phone number", "email": EMAIL},
    )
    assert verified.status_code == 200, verified.content
    assert verified.json()["subject"] is not None
    extended = api.post(
        f"/requests/{number}/extend", {"months": 1, "reason": "three systems to search"}
    )
    assert extended.json()["deadline"] == "2026-05-04"
    executed = api.post(f"/requests/{number}/execute", {})
    assert executed.status_code == 200, executed.content
    names = {d["name"] for d in executed.json()["documents"]}
    assert names == {f"access-report-{number}.{ext}" for ext in ("html", "pdf", "json")}
    answered = api.post(f"/requests/{number}/answer", {})
    assert answered.json()["status"] == "answered"
    closed = api.post(f"/requests/{number}/close", {"outcome": "completed"})
    assert closed.json()["status"] == "closed"
    assert [m.to for m in mail.outbox] == [[EMAIL], [EMAIL]]
    listed = api.get("/requests", {"all": "true"}).json()
    assert [row["number"] for row in listed] == [number]
    assert api.get("/requests").json() == []


def test_refusals_are_422_with_the_actions_message(api):
    rights_request = make_request("access")
    unverified = api.post(f"/requests/{rights_request.pk}/execute", {})
    assert unverified.status_code == 422
    assert "is not verified" in unverified.json()["detail"]
    no_reason = api.post(f"/requests/{rights_request.pk}/extend", {"months": 1, "reason": " "})
    assert no_reason.status_code == 422
    assert "reason: is required" in no_reason.json()["detail"]
    assert RightsRequest.objects.get().extended_until is None


def test_an_unknown_request_is_404(api):
    response = api.get("/requests/999")
    assert response.status_code == 404
    assert response.json()["detail"] == "path.number: there is no request 999"


def test_reading_needs_read_and_changing_needs_write(customer):
    rights_request = make_request("access")
    reader = ApiClient.with_scopes("read", name="reader")
    assert reader.get(f"/requests/{rights_request.pk}").status_code == 200
    refused = reader.post(f"/requests/{rights_request.pk}/verify", {"how": "ID"})
    assert refused.status_code == 403
    assert refused.json()["required_scope"] == "write"


def test_carrying_out_an_erasure_needs_the_erase_scope(api):
    rights_request = make_request("erasure")
    api.post(f"/requests/{rights_request.pk}/verify", {"how": "ID checked"})
    refused = api.post(f"/requests/{rights_request.pk}/execute", {})
    assert refused.status_code == 403
    assert refused.json()["required_scope"] == "erase"
    assert RightsRequest.objects.get().status == "verified"
    eraser = ApiClient.with_scopes("write", "erase", name="eraser")
    assert eraser.post(f"/requests/{rights_request.pk}/execute", {}).status_code == 200


def test_unknown_fields_are_refused(api):
    response = api.post("/requests", {"kind": "access", "priority": "high"})
    assert response.status_code == 422
    assert RightsRequest.objects.count() == 0


def test_an_upheld_objection_erases_and_needs_the_erase_scope_too(api):
    rights_request = make_request("objection")
    api.post(f"/requests/{rights_request.pk}/verify", {"how": "ID checked"})
    body = {"objection": "legitimate_interest", "decision": "upheld"}
    refused = api.post(f"/requests/{rights_request.pk}/execute", body)
    assert refused.status_code == 403
    assert refused.json()["required_scope"] == "erase"
    eraser = ApiClient.with_scopes("write", "erase", name="eraser")
    done = eraser.post(f"/requests/{rights_request.pk}/execute", body)
    assert done.status_code == 200, done.content
