"""Legal holds: list, set, lift."""

from __future__ import annotations

from datetime import date

import pytest

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import audit_entries, make_subject
from persondata.subjects.actions import set_legal_hold
from persondata.subjects.models import LegalHold


def test_setting_a_hold_records_the_key_as_who_set_it(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/holds", {"reason": "dispute about invoice 1042"})
    assert response.status_code == 201
    body = response.json()
    assert api.key is not None
    assert body["set_by"] == api.key.actor_label
    assert (body["starts_on"], body["ends_on"], body["active"]) == ("2026-03-02", None, True)
    assert body["activity"] is None
    assert api.get(f"/subjects/{subject.key}").json()["under_legal_hold"] is True
    [entry] = audit_entries("legal_hold.set")
    assert "invoice" not in str(entry.details)


def test_a_hold_for_one_activity_with_an_end(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(
        f"/subjects/{subject.key}/holds",
        {"reason": "tax audit", "activity": "bookkeeping", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 201
    assert (response.json()["activity"], response.json()["ends_on"]) == (
        "bookkeeping",
        "2026-12-31",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"reason": "   "}, "reason: is required"),
        ({"reason": "x", "activity": "nope"}, "activity: 'nope' is not a declared activity"),
        ({"reason": "x", "ends_on": "2026-03-01"}, "ends_on: 2026-03-01 is before the hold"),
    ],
)
def test_a_hold_the_register_refuses_gets_422(
    api: ApiClient, body: dict[str, str], message: str
) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/holds", body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not LegalHold.objects.exists()


def test_a_hold_needs_a_reason_in_the_body(api: ApiClient) -> None:
    subject = make_subject()
    response = api.post(f"/subjects/{subject.key}/holds", {})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.reason"


def test_holds_are_listed_with_whether_they_are_in_force(api: ApiClient) -> None:
    subject = make_subject()
    now = set_legal_hold(actor="staff:karen", subject=subject, reason="now")
    later = set_legal_hold(
        actor="staff:karen", subject=subject, reason="later", starts_on=date(2026, 6, 1)
    )
    body = api.get(f"/subjects/{subject.key}/holds").json()
    assert [(h["id"], h["active"]) for h in body] == [(now.pk, True), (later.pk, False)]


def test_lifting_a_hold(api: ApiClient) -> None:
    subject = make_subject()
    hold = set_legal_hold(actor="staff:karen", subject=subject, reason="court case")
    response = api.post(f"/subjects/{subject.key}/holds/{hold.pk}/lift")
    assert response.status_code == 200
    assert api.key is not None
    assert response.json()["lifted_by"] == api.key.actor_label
    assert response.json()["lifted_at"] == "2026-03-02T09:00:00Z"
    assert response.json()["active"] is False
    assert api.get(f"/subjects/{subject.key}").json()["under_legal_hold"] is False
    again = api.post(f"/subjects/{subject.key}/holds/{hold.pk}/lift")
    assert again.status_code == 422
    assert "already lifted" in again.json()["detail"]


def test_a_hold_of_another_subject_is_404(api: ApiClient) -> None:
    subject = make_subject()
    other = make_subject(display_name="Ida", email="ida@example.dk")
    hold = set_legal_hold(actor="staff:karen", subject=other, reason="court case")
    response = api.post(f"/subjects/{subject.key}/holds/{hold.pk}/lift")
    assert response.status_code == 404
    assert response.json() == {"detail": f"path.hold_id: the subject has no legal hold {hold.pk}"}
    hold.refresh_from_db()
    assert hold.lifted_at is None
