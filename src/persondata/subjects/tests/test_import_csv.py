from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from persondata.audit.models import AuditEntry
from persondata.subjects.importers import import_subjects
from persondata.subjects.models import ContactLink, DataSubject, Organisation, PurposeLink, Record
from persondata.subjects.queries import find_subject
from persondata.subjects.sensitive import read_record_value, read_subject_cpr
from persondata.subjects.tests.factories import ACTOR, write_csv

HEADER = (
    "name,email,phone,customer_number,cpr,categories,organisation,organisation_cvr,"
    "collected_at,source,user.contact.address,user.job_title"
)
GOOD = "\n".join(
    [
        HEADER,
        "Jens Hansen,Jens@Example.dk,20 12 34 56,K-1,211062-5629,customer,,,2025-05-01,"
        'data_subject,"Vestergade 1, 8000 Aarhus C",',
        "Hanne Holm,hanne@kunde.dk,,K-2,,contact_person;customer,Kunde A/S,10000009,"
        "2025-06-01T10:30:00+02:00,customer,,Indkøber",
        "Ole Berg,ole@kunde.dk,,,,contact_person,Kunde A/S,10000009,,,,Lagerchef",
    ]
)


def test_every_row_becomes_a_subject_with_its_records_linked(
    declaration: Path, tmp_path: Path
) -> None:
    report = import_subjects(
        path=write_csv(tmp_path, GOOD), activity="customer_administration", actor=ACTOR
    )
    assert (report.rows, report.imported, report.records, report.skipped) == (3, 3, 3, [])
    jens = find_subject(email="jens@example.dk")
    assert jens is not None
    assert (jens.display_name, jens.phone, jens.customer_number, jens.categories) == (
        "Jens Hansen",
        "+4520123456",
        "K-1",
        ["customer"],
    )
    assert read_subject_cpr(jens, actor=ACTOR, purpose="test") == "2110625629"
    address = Record.objects.get(subject=jens)
    assert (address.data_category, address.value, address.source) == (
        "user.contact.address",
        "Vestergade 1, 8000 Aarhus C",
        "data_subject",
    )
    assert address.collected_at == datetime(2025, 4, 30, 22, tzinfo=UTC)  # midnight in Denmark
    assert set(PurposeLink.objects.values_list("activity", flat=True)) == {
        "customer_administration"
    }
    assert PurposeLink.objects.count() == 3


def test_contact_persons_are_linked_to_one_organisation_per_cvr_number(
    declaration: Path, tmp_path: Path
) -> None:
    import_subjects(path=write_csv(tmp_path, GOOD), activity="customer_administration", actor=ACTOR)
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.cvr) == ("Kunde A/S", "10000009")
    links = ContactLink.objects.order_by("pk")
    assert [link.person.display_name for link in links] == ["Hanne Holm", "Ole Berg"]
    assert links[0].started.isoformat() == "2025-06-01"
    hanne = DataSubject.objects.get(email="hanne@kunde.dk")
    job = Record.objects.get(subject=hanne)
    assert (job.data_category, job.value, job.source) == ("user.job_title", "Indkøber", "customer")
    assert job.collected_at == datetime(2025, 6, 1, 8, 30, tzinfo=UTC)


def test_an_existing_organisation_is_reused(declaration: Path, tmp_path: Path) -> None:
    from persondata.subjects.actions import create_organisation

    existing = create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    import_subjects(path=write_csv(tmp_path, GOOD), activity="customer_administration", actor=ACTOR)
    assert list(Organisation.objects.all()) == [existing]


def test_a_sensitive_column_is_encrypted(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
        name,categories,user.health_and_medical,dk.family_relations
        Jens Hansen,customer,Bad hip,Lives alone
        """,
    )
    import_subjects(path=path, activity="health_needs", actor=ACTOR)
    records = {r.data_category: r for r in Record.objects.all()}
    assert all(r.value is None for r in records.values())
    health = records["user.health_and_medical"]
    assert read_record_value(health, actor=ACTOR, purpose="test") == "Bad hip"
    assert last_batch()["encrypted_records"] == 2


def test_each_batch_is_one_audit_entry_with_its_rows_and_subject_ids(
    declaration: Path, tmp_path: Path
) -> None:
    rows = "\n".join(f"Person {n},p{n}@example.dk,customer" for n in range(5))
    path = write_csv(tmp_path, "name,email,categories\n" + rows)
    report = import_subjects(
        path=path, activity="customer_administration", actor=ACTOR, batch_size=2
    )
    assert report.batches == 3
    batches = AuditEntry.objects.filter(action="subjects.import_batch").order_by("sequence")
    ids = list(DataSubject.objects.order_by("pk").values_list("pk", flat=True))
    assert [e.details["rows"] for e in batches] == [[2, 3], [4, 5], [6, 6]]
    assert [e.details["subject_ids"] for e in batches] == [
        [ids[0], ids[1]],
        [ids[2], ids[3]],
        [ids[4], ids[4]],
    ]
    assert [e.details["subjects"] for e in batches] == [2, 2, 1]
    summary = AuditEntry.objects.get(action="subjects.import")
    assert summary.details["imported"] == 5
    assert summary.details["file_sha256"] == report.sha256
    assert summary.actor == ACTOR
    assert "example.dk" not in str([e.details for e in AuditEntry.objects.all()])


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(
    declaration: Path, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffname,categories\r\nSøren Ørsted,customer\r\n".encode())
    report = import_subjects(path=path, activity="customer_administration", actor=ACTOR)
    assert report.imported == 1
    assert DataSubject.objects.get().display_name == "Søren Ørsted"


def test_a_row_without_records_still_registers_the_subject(
    declaration: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,categories,user.contact.address\nJens,prospect,\n")
    report = import_subjects(path=path, activity="customer_administration", actor=ACTOR)
    assert (report.imported, report.records) == (1, 0)


def last_batch() -> dict[str, object]:
    entry = AuditEntry.objects.filter(action="subjects.import_batch").order_by("-sequence").first()
    assert entry is not None
    return dict(entry.details)
