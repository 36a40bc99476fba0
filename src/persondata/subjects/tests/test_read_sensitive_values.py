from __future__ import annotations

from pathlib import Path

import pytest

from persondata.lib.crypto import CryptoError
from persondata.subjects.models import Record
from persondata.subjects.sensitive import read_record_value, read_subject_cpr
from persondata.subjects.tests.factories import ACTOR, CPR, last_audit, make_record, make_subject


def test_reading_an_encrypted_record_is_audited_with_the_purpose(declaration: Path) -> None:
    subject = make_subject()
    record = make_record(subject, data_category="user.health_and_medical", value="Bad hip")
    value = read_record_value(record, actor="staff:ole", purpose="fit a wheelchair")
    assert value == "Bad hip"
    entry = last_audit("record.read_sensitive")
    assert entry.actor == "staff:ole"
    assert entry.object_id == str(record.pk)
    assert entry.details == {
        "data_category": "user.health_and_medical",
        "purpose": "fit a wheelchair",
    }


def test_reading_an_ordinary_record_is_not_audited(declaration: Path) -> None:
    record = make_record(make_subject())
    assert read_record_value(record, actor=ACTOR, purpose="") == "Vestergade 1, 8000 Aarhus C"
    with pytest.raises(AssertionError):
        last_audit("record.read_sensitive")


def test_reading_a_sensitive_value_needs_a_purpose(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.health_and_medical", value="Hip")
    with pytest.raises(ValueError, match=r"needs a purpose"):
        read_record_value(record, actor=ACTOR, purpose=" ")


def test_reading_the_cpr_number_is_audited(declaration: Path) -> None:
    subject = make_subject(cpr="211062-5629")
    assert read_subject_cpr(subject, actor=ACTOR, purpose="identify the caller") == CPR
    assert last_audit("record.read_sensitive").details == {
        "field": "cpr",
        "purpose": "identify the caller",
    }
    assert read_subject_cpr(make_subject(display_name="Uden CPR"), actor=ACTOR, purpose="x") is None


def test_a_ciphertext_moved_to_another_subject_does_not_decrypt(declaration: Path) -> None:
    first = make_record(make_subject(), data_category="user.health_and_medical", value="Hip")
    other = make_record(
        make_subject(display_name="Anden"), data_category="user.health_and_medical", value="Knee"
    )
    Record.objects.filter(pk=other.pk).update(value_encrypted=first.value_encrypted)
    other.refresh_from_db()
    with pytest.raises(CryptoError, match=r"failed authentication"):
        read_record_value(other, actor=ACTOR, purpose="test")


def test_a_ciphertext_moved_to_another_category_does_not_decrypt(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.health_and_medical", value="Hip")
    Record.objects.filter(pk=record.pk).update(data_category="user.criminal_history")
    record.refresh_from_db()
    with pytest.raises(CryptoError, match=r"failed authentication"):
        read_record_value(record, actor=ACTOR, purpose="test")
