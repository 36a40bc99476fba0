"""Sensitive values (CPR numbers, encrypted records) are masked unless
revealed with ?reveal=true, and every reveal is audited through
subjects/sensitive.py, naming the key and the purpose."""

from __future__ import annotations

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import CPR, audit_entries, make_record, make_subject
from persondata.subjects.models import DataSubject

SICK_LEAVE = "Sygemeldt 2026-02-10 til 2026-02-14"


def _employee() -> tuple[str, int]:
    subject = make_subject(display_name="Ole", categories=["employee"], cpr=CPR)
    record = make_record(
        subject,
        data_category="dk.sick_leave",
        value=SICK_LEAVE,
        activities=["employee_administration"],
    )
    return str(subject.key), record.pk


def test_the_cpr_number_is_masked_by_default_and_not_audited(reader: ApiClient) -> None:
    key, _ = _employee()
    body = reader.get(f"/subjects/{key}").json()
    assert (body["has_cpr"], body["cpr"]) == (True, None)
    listed = reader.get("/subjects").json()["items"][0]
    assert listed["cpr"] is None
    assert CPR not in str(listed)
    assert audit_entries("record.read_sensitive") == []


def test_an_encrypted_record_is_masked_by_default(reader: ApiClient) -> None:
    key, record_id = _employee()
    [record] = reader.get(f"/subjects/{key}/records").json()
    assert record["id"] == record_id
    assert record["encrypted"] is True
    assert record["value"] is None
    assert audit_entries("record.read_sensitive") == []


def test_reveal_returns_the_cpr_number_and_audits_the_reading(reader: ApiClient) -> None:
    key, _ = _employee()
    body = reader.get(f"/subjects/{key}", {"reveal": "true", "purpose": "payroll run"}).json()
    assert body["cpr"] == CPR
    [entry] = audit_entries("record.read_sensitive")
    assert reader.key is not None
    assert entry.actor == reader.key.actor_label
    assert entry.object_type == "subject"
    assert entry.details == {"field": "cpr", "purpose": "payroll run"}


def test_reveal_without_a_purpose_names_the_request_as_purpose(reader: ApiClient) -> None:
    key, _ = _employee()
    reader.get(f"/subjects/{key}", {"reveal": "true"})
    [entry] = audit_entries("record.read_sensitive")
    assert entry.details["purpose"] == f"API request GET /api/v1/subjects/{key}"


def test_reveal_returns_encrypted_records_each_audited(reader: ApiClient) -> None:
    key, record_id = _employee()
    records = reader.get(f"/subjects/{key}/records", {"reveal": "true"}).json()
    assert [r["value"] for r in records] == [SICK_LEAVE]
    [entry] = audit_entries("record.read_sensitive")
    assert entry.object_type == "record"
    assert entry.object_id == str(record_id)
    assert entry.details["data_category"] == "dk.sick_leave"


def test_clear_records_are_not_audited_when_revealing(reader: ApiClient) -> None:
    subject = make_subject()
    make_record(subject)
    records = reader.get(f"/subjects/{subject.key}/records", {"reveal": "true"}).json()
    assert records[0]["value"] == "Vestergade 1, 8000 Aarhus C"
    assert audit_entries("record.read_sensitive") == []


def test_revealing_in_a_list_audits_each_cpr_number_read(reader: ApiClient) -> None:
    _employee()
    make_subject(display_name="Ida", email="ida@example.dk", cpr="0101701234")
    make_subject(display_name="Bo", email="bo@example.dk")
    items = reader.get("/subjects", {"reveal": "true"}).json()["items"]
    assert [s["cpr"] for s in items] == [CPR, "0101701234", None]
    assert len(audit_entries("record.read_sensitive")) == 2


def test_searching_by_cpr_does_not_reveal_it(reader: ApiClient) -> None:
    _employee()
    found = reader.get("/subjects", {"cpr": CPR}).json()
    assert found["count"] == 1
    assert found["items"][0]["cpr"] is None
    assert audit_entries("record.read_sensitive") == []


def test_write_responses_never_reveal(writer: ApiClient) -> None:
    subject = make_subject(display_name="Ole", categories=["employee"])
    response = writer.post(
        f"/subjects/{subject.key}/records",
        {
            "data_category": "dk.sick_leave",
            "value": SICK_LEAVE,
            "source": "data_subject",
            "activities": ["employee_administration"],
        },
    )
    assert response.status_code == 201
    assert response.json()["value"] is None
    assert response.json()["encrypted"] is True
    created = writer.post(
        "/subjects", {"display_name": "Ida", "categories": ["employee"], "cpr": "0101701234"}
    )
    assert created.json()["cpr"] is None
    assert audit_entries("record.read_sensitive") == []


def test_a_purpose_with_a_line_break_is_refused(reader: ApiClient) -> None:
    key, _ = _employee()
    response = reader.get(f"/subjects/{key}", {"reveal": "true", "purpose": "a\nb"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.purpose"
    assert audit_entries("record.read_sensitive") == []


def test_a_value_that_cannot_be_decrypted_is_a_500_that_reveals_nothing(
    reader: ApiClient,
) -> None:
    key, _ = _employee()
    # Tamper with the stored ciphertext, as a restored backup with the wrong keys would.
    DataSubject.objects.filter(key=key).update(cpr_encrypted="v1:not-a-ciphertext")
    response = reader.get(f"/subjects/{key}", {"reveal": "true"})
    assert response.status_code == 500
    assert "could not be decrypted" in response.json()["detail"]
    assert "PERSONDATA_FIELD_KEYS" in response.json()["detail"]
    assert audit_entries("record.read_sensitive") == []
