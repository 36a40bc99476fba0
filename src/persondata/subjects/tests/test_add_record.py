from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from persondata.audit.models import AuditEntry
from persondata.subjects.actions import RegisterError
from persondata.subjects.models import PurposeLink, Record
from persondata.subjects.tests.factories import CPR, last_audit, make_record, make_subject


def test_an_ordinary_record_is_stored_in_clear_and_linked(declaration: Path) -> None:
    subject = make_subject()
    record = make_record(
        subject,
        activities=["customer_administration", "bookkeeping"],
        collected_at=datetime(2025, 5, 1, 12, tzinfo=UTC),
    )
    record.refresh_from_db()
    assert record.value == "Vestergade 1, 8000 Aarhus C"
    assert record.value_encrypted is None
    assert record.collected_at == datetime(2025, 5, 1, 12, tzinfo=UTC)
    assert record.last_confirmed_at is None
    assert sorted(record.links.values_list("activity", flat=True)) == [
        "bookkeeping",
        "customer_administration",
    ]


def test_adding_a_record_is_audited_without_its_value(declaration: Path) -> None:
    subject = make_subject()
    record = make_record(subject, activities=["customer_administration"])
    entry = last_audit("record.add")
    assert entry.object_id == str(record.pk)
    assert entry.details == {
        "data_category": "user.contact.address",
        "encrypted": False,
        "activities": ["customer_administration"],
        "source": "data_subject",
    }
    assert "Vestergade" not in str(entry.details)


@pytest.mark.parametrize(
    ("category", "value"),
    [
        ("user.government_id.national_identification_number", "211062-5629"),
        ("user.health_and_medical", "Has a bad hip"),
        ("dk.family_relations", "Lives with her sister"),
        ("user.criminal_history", "Fined in 2019"),
    ],
)
def test_a_sensitive_record_is_stored_only_encrypted(
    declaration: Path, category: str, value: str
) -> None:
    record = make_record(make_subject(), data_category=category, value=value)
    record.refresh_from_db()
    assert record.value is None
    assert record.value_encrypted is not None
    assert record.value_encrypted.startswith("v1:")
    assert value not in record.value_encrypted
    assert last_audit("record.add").details["encrypted"] is True


def test_a_cpr_record_is_checked_and_stored_in_normal_form(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"is not a CPR number"):
        make_record(
            make_subject(),
            data_category="user.government_id.national_identification_number",
            value="999999-9999",
        )


def test_contact_values_are_normalised(declaration: Path) -> None:
    subject = make_subject()
    email = make_record(subject, data_category="user.contact.email", value="Jens@Example.dk")
    phone = make_record(subject, data_category="user.contact.phone_number", value="20 12 34 56")
    assert email.value == "jens@example.dk"
    assert phone.value == "+4520123456"


def test_a_full_card_number_is_masked_in_a_card_record(declaration: Path) -> None:
    record = make_record(
        make_subject(), data_category="user.financial.credit_card", value="4111-1111-1111-1111"
    )
    record.refresh_from_db()
    assert record.value == "**** **** **** 1111"


def test_a_full_card_number_in_any_other_record_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"user.content.private: holds a full card number"):
        make_record(
            make_subject(),
            data_category="user.content.private",
            value="Paid with 5500 0000 0000 0004 yesterday",
        )
    assert Record.objects.count() == 0


def test_an_unknown_data_category_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"'user.shoe_size' is not a known data category"):
        make_record(make_subject(), data_category="user.shoe_size", value="44")


@pytest.mark.parametrize(
    ("source", "stored"),
    [
        ("data_subject", "data_subject"),
        ("hubspot", "hubspot"),
        ("supplier_vendor", "supplier_vendor"),
        ("public:  LinkedIn", "public: LinkedIn"),
    ],
)
def test_a_source_is_a_declared_source(declaration: Path, source: str, stored: str) -> None:
    assert make_record(make_subject(), source=source).source == stored


@pytest.mark.parametrize("source", ["the neighbour", "public:", ""])
def test_an_unknown_source_is_refused(declaration: Path, source: str) -> None:
    with pytest.raises(RegisterError, match=r"source: "):
        make_record(make_subject(), source=source)


def test_a_collection_time_in_the_future_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"collected_at: .* is in the future"):
        make_record(make_subject(), collected_at=datetime(2027, 1, 1, tzinfo=UTC))


def test_a_collection_time_without_a_time_zone_is_refused(declaration: Path) -> None:
    # The naive time is the bad input under test.
    naive = datetime(2025, 1, 1)  # noqa: DTZ001
    with pytest.raises(RegisterError, match=r"collected_at: give a time with a time zone"):
        make_record(make_subject(), collected_at=naive)


def test_an_empty_value_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"user.contact.address: the value is empty"):
        make_record(make_subject(), value="   ")


def test_a_link_the_declaration_does_not_allow_writes_nothing(declaration: Path) -> None:
    subject = make_subject()
    before = AuditEntry.objects.count()
    with pytest.raises(RegisterError, match=r"does not declare the data category"):
        make_record(
            subject,
            data_category="user.health_and_medical",
            value="Diabetes",
            activities=["customer_administration"],
        )
    assert Record.objects.count() == 0
    assert PurposeLink.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_record_about_a_cpr_number_keeps_it_out_of_the_database_text(declaration: Path) -> None:
    record = make_record(
        make_subject(), data_category="user.government_id.national_identification_number", value=CPR
    )
    assert CPR not in (record.value_encrypted or "")
