"""DELETE /subjects/{key}: erasure (Art. 17) with scope erase, refused under a legal hold."""

from __future__ import annotations

from datetime import date

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import audit_entries, build_world, make_subject
from persondata.subjects.actions import lift_legal_hold, set_legal_hold
from persondata.subjects.models import DataSubject, Record


def test_erasing_removes_the_subject_and_reports_what_went(api: ApiClient) -> None:
    world = build_world()
    response = api.delete(f"/subjects/{world.subject.key}", {"reason": "RR-2026-7"})
    assert response.status_code == 200
    assert response.json() == {
        "key": str(world.subject.key),
        "erased": {
            "records": 1,
            "purpose_links": 1,
            "events": 0,
            "relationships": 1,
            "contact_links": 0,
            "legal_holds": 1,
        },
    }
    assert not DataSubject.objects.exists()
    assert not Record.objects.exists()
    assert api.get(f"/subjects/{world.subject.key}").status_code == 404


def test_the_erasure_is_audited_with_the_key_and_reason(api: ApiClient) -> None:
    subject = make_subject()
    api.delete(f"/subjects/{subject.key}", {"reason": "RR-2026-7"})
    [entry] = audit_entries("subject.erase")
    assert api.key is not None
    assert entry.actor == api.key.actor_label
    assert entry.details["reason"] == "RR-2026-7"


def test_a_subject_under_legal_hold_is_not_erased(api: ApiClient) -> None:
    subject = make_subject()
    hold = set_legal_hold(actor="staff:karen", subject=subject, reason="court case")
    response = api.delete(f"/subjects/{subject.key}")
    assert response.status_code == 422
    assert "is under legal hold" in response.json()["detail"]
    assert DataSubject.objects.filter(pk=subject.pk).exists()
    assert audit_entries("subject.erase") == []
    lift_legal_hold(actor="staff:karen", hold=hold)
    assert api.delete(f"/subjects/{subject.key}").status_code == 200


def test_a_hold_that_has_not_started_does_not_stop_erasure(api: ApiClient) -> None:
    subject = make_subject()
    set_legal_hold(actor="staff:karen", subject=subject, reason="later", starts_on=date(2026, 4, 1))
    assert api.delete(f"/subjects/{subject.key}").status_code == 200


def test_erasing_an_unknown_subject_is_404(api: ApiClient) -> None:
    response = api.delete("/subjects/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404


def test_a_reason_with_a_card_number_is_refused_and_nothing_is_erased(api: ApiClient) -> None:
    subject = make_subject()
    response = api.delete(f"/subjects/{subject.key}", {"reason": "card 4111 1111 1111 1111"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("reason:")
    assert DataSubject.objects.filter(pk=subject.pk).exists()


def test_a_key_that_may_only_read_and_write_cannot_erase(api: ApiClient) -> None:
    subject = make_subject()
    response = ApiClient.with_scopes("read", "write").delete(f"/subjects/{subject.key}")
    assert response.status_code == 403
    assert response.json()["required_scope"] == "erase"
    assert DataSubject.objects.filter(pk=subject.pk).exists()
