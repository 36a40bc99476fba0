"""A bad row rejects the whole file, naming each row and column; nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from persondata.audit.models import AuditEntry
from persondata.subjects.importers import ImportRejected, import_subjects
from persondata.subjects.models import ContactLink, DataSubject, Organisation, Record
from persondata.subjects.tests.factories import ACTOR, make_subject, write_csv


@pytest.fixture
def nothing_written(declaration: Path) -> Iterator[None]:
    before = AuditEntry.objects.count()
    subjects = DataSubject.objects.count()
    yield
    assert DataSubject.objects.count() == subjects
    assert Record.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert ContactLink.objects.count() == 0
    assert AuditEntry.objects.count() == before


def rejected(path: Path, activity: str = "customer_administration") -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_subjects(path=path, activity=activity, actor=ACTOR)
    assert "nothing was imported" in str(caught.value)
    return [str(problem) for problem in caught.value.problems]


def test_every_bad_value_is_named_by_row_and_column(nothing_written: None, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """
        name,email,phone,cpr,categories,organisation,organisation_cvr,collected_at,source,user.contact.address
        Jens Hansen,jens@example.dk,20123456,211062-5629,customer,,,,,Vestergade 1
        ,x@,12,320162-1234,alien,,12345678,31-12-2025,the neighbour,4111 1111 1111 1111
        Hanne Holm,hanne@example.dk,,010130-4000,customer,,,2026-12-01,,
        """,
    )
    assert rejected(path) == [
        "row 3, column categories: 'alien' is not a subject category "
        "(declared: customer, contact_person, prospect, supplier_vendor, newsletter_subscriber)",
        "row 3, column collected_at: '31-12-2025' is not a date or time; "
        "write 2025-12-31 or 2025-12-31T14:30",
        "row 3, column cpr: '320162-****' is not a CPR number: 32-01-62 is not a date",
        "row 3, column email: 'x@' is not an e-mail address",
        "row 3, column name: is empty; every subject needs a name",
        "row 3, column organisation_cvr: '12345678' is not a CVR number "
        "(8 digits with a valid check digit)",
        "row 3, column phone: '12' is not a valid phone number "
        "(without a country code it is read as a number in DK)",
        "row 3, column source: 'the neighbour' is not data_subject, a declared recipient, "
        "a subject category, or 'public: <where>'",
        "row 3, column user.contact.address: holds a full card number (ending 1111); card "
        "numbers are never stored: remove it, or keep only the last four digits",
        "row 4, column collected_at: '2026-12-01' is in the future",
        "row 4, column cpr: '010130-****' is not a CPR number: the birth date 2030-01-01 "
        "is in the future",
    ]


def test_a_cpr_number_with_an_impossible_date_is_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,cpr,categories\nJens,300262-1234,customer\n")
    assert rejected(path) == [
        "row 2, column cpr: '300262-****' is not a CPR number: 30-02-62 is not a date"
    ]


def test_a_future_birth_date_is_refused(nothing_written: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,cpr,categories\nJens,010427-4321,customer\n")
    assert rejected(path) == [
        "row 2, column cpr: '010427-****' is not a CPR number: the birth date 2027-04-01 "
        "is in the future"
    ]


def test_duplicate_identifiers_in_the_file_name_both_rows(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path,
        """
        name,email,customer_number,cpr,categories
        Jens,jens@example.dk,K-1,211062-5629,customer
        Hanne,hanne@example.dk,K-2,,customer
        Jens igen,JENS@example.dk,K-1,2110625629,customer
        """,
    )
    assert rejected(path) == [
        "row 4, column cpr: the same CPR number as row 2",
        "row 4, column customer_number: the same customer number as row 2",
        "row 4, column email: the same e-mail address as row 2",
    ]


def test_identifiers_already_in_the_register_are_refused(declaration: Path, tmp_path: Path) -> None:
    existing = make_subject(email="jens@example.dk", cpr="2110625629", customer_number="K-1")
    before = AuditEntry.objects.count()
    path = write_csv(
        tmp_path,
        """
        name,email,customer_number,cpr,categories
        Jens,jens@example.dk,K-1,211062-5629,customer
        """,
    )
    assert rejected(path) == [
        f"row 2, column {column}: subject {existing.key} in the register already has this {label}"
        for column, label in (
            ("cpr", "CPR number"),
            ("customer_number", "customer number"),
            ("email", "e-mail address"),
        )
    ]
    assert list(DataSubject.objects.all()) == [existing]
    assert AuditEntry.objects.count() == before


def test_a_column_for_a_category_the_activity_does_not_declare_is_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,categories,user.health_and_medical\nJens,customer,Hip\n")
    problems = rejected(path, activity="bookkeeping")
    assert problems == [
        "row 1, column user.health_and_medical: activity 'bookkeeping' does not declare the "
        "data category 'user.health_and_medical' (it declares user.name, user.contact.address, "
        "user.payment)"
    ]


def test_unknown_missing_and_repeated_columns_are_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "email,email,shoe_size,\nx@y.dk,x@y.dk,44,\n")
    assert rejected(path) == [
        "row 1, column email: appears twice in the header",
        "row 1, column shoe_size: 'shoe_size' is neither an identity column (name, email, "
        "phone, customer_number, cpr, categories, organisation, organisation_cvr, "
        "collected_at, source, language) nor a known data category",
        "row 1: column 4 has no name",
        "row 1, column name: the header has no such column",
        "row 1, column categories: the header has no such column",
    ]


def test_a_row_with_the_wrong_number_of_fields_is_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path,
        """
        name,categories
        Jens,customer
        Hanne,customer,extra
        Ole
        """,
    )
    assert rejected(path) == [
        "row 3: has 3 fields, the header has 2",
        "row 4: has 1 fields, the header has 2",
    ]


def test_a_broken_quote_is_refused_with_its_row(nothing_written: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('name,categories\nJens,customer\n"Han"ne,customer\n', encoding="utf-8")
    problems = rejected(path)
    assert len(problems) == 1
    assert problems[0].startswith("row 3: is not valid CSV: ")


def test_a_record_for_a_subject_category_the_activity_is_not_for_is_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,categories,user.contact.email\nJens,prospect,j@example.dk\n")
    assert rejected(path) == [
        "row 2, column categories: none of prospect is a subject category of activity "
        "'customer_administration' (it is for customer, contact_person)"
    ]


def test_a_cvr_number_without_an_organisation_name_is_refused(
    nothing_written: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,categories,organisation_cvr\nJens,customer,10000009\n")
    assert rejected(path) == [
        "row 2, column organisation: give the organisation's name with its CVR number"
    ]
