from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from persondata.audit.models import AuditEntry
from persondata.lib.crypto import CryptoError, key_id_of
from persondata.subjects.keyrotation import rotate_keys, values_per_key
from persondata.subjects.models import DataSubject, Record
from persondata.subjects.sensitive import read_record_value, read_subject_cpr
from persondata.subjects.tests.factories import ACTOR, CPR, make_record, make_subject

NEW_KEY = ("k-new", bytes(range(32)))


@pytest.fixture
def old_values(declaration: Path) -> Iterator[str]:
    """Three subjects with a CPR number and a health record each, under the old key."""
    old_id = settings.FIELD_ENCRYPTION_KEYS[0][0]
    subjects = [make_subject(display_name=f"Person {n}", cpr=f"21106256{n}9") for n in range(3)]
    for n, subject in enumerate(subjects):
        make_record(subject, data_category="user.health_and_medical", value=f"Health {n}")
    make_record(subjects[0], value="ordinary")
    yield old_id


def rotated_ring() -> list[tuple[str, bytes]]:
    return [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]


def test_rotation_reencrypts_every_value_under_the_new_key_in_batches(old_values: str) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=rotated_ring()):
        assert values_per_key() == {
            "cpr": {old_values: 3},
            "records": {old_values: 3},
            "rectifications": {},
            "answers": {},
        }
        report = rotate_keys(actor=ACTOR, batch_size=2)
        assert report.reencrypted == {"cpr": 3, "records": 3}
        assert report.batches == 4
        assert values_per_key() == {
            "cpr": {"k-new": 3},
            "records": {"k-new": 3},
            "rectifications": {},
            "answers": {},
        }
        record = Record.objects.filter(value_encrypted__isnull=False).first()
        assert record is not None
        assert read_record_value(record, actor=ACTOR, purpose="test") == "Health 0"
        assert read_subject_cpr(record.subject, actor=ACTOR, purpose="test") == "2110625609"
    batches = AuditEntry.objects.filter(action="keys.rotate_batch").order_by("sequence")
    assert [e.details for e in batches] == [
        {"kind": "cpr", "reencrypted": 2, "key": "k-new"},
        {"kind": "cpr", "reencrypted": 1, "key": "k-new"},
        {"kind": "records", "reencrypted": 2, "key": "k-new"},
        {"kind": "records", "reencrypted": 1, "key": "k-new"},
    ]


def test_the_old_key_can_go_after_rotation(old_values: str) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=rotated_ring()):
        rotate_keys(actor=ACTOR)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        subject = DataSubject.objects.first()
        assert subject is not None
        assert read_subject_cpr(subject, actor=ACTOR, purpose="test") == "2110625609"


def test_running_it_again_changes_nothing(old_values: str) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=rotated_ring()):
        rotate_keys(actor=ACTOR)
        before = {r.pk: r.value_encrypted for r in Record.objects.all()}
        again = rotate_keys(actor=ACTOR)
        assert again.reencrypted == {}
        assert again.batches == 0
        assert {r.pk: r.value_encrypted for r in Record.objects.all()} == before


def test_an_interrupted_rotation_resumes_where_it_stopped(old_values: str) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=rotated_ring()):
        broken = Record.objects.filter(value_encrypted__isnull=False).order_by("pk")[1]
        good = broken.value_encrypted
        Record.objects.filter(pk=broken.pk).update(value_encrypted=(good or "")[:-8] + "AAAAAAA=")
        with pytest.raises(CryptoError, match=f"record {broken.pk}: .* the rotation stopped here"):
            rotate_keys(actor=ACTOR, batch_size=1)
        sealed = Record.objects.filter(value_encrypted__isnull=False).order_by("pk")
        assert [key_id_of(r.value_encrypted or "") for r in sealed] == [
            "k-new",
            old_values,
            old_values,
        ]
        Record.objects.filter(pk=broken.pk).update(value_encrypted=good)
        report = rotate_keys(actor=ACTOR, batch_size=1)
        assert report.reencrypted == {"records": 2}
        assert values_per_key()["records"] == {"k-new": 3}


def test_a_value_under_a_key_missing_from_the_ring_stops_the_rotation(old_values: str) -> None:
    other = ("k-other", bytes(range(1, 33)))
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[other]),
        pytest.raises(CryptoError, match="which is not in the key ring"),
    ):
        rotate_keys(actor=ACTOR)
    assert values_per_key()["cpr"] == {old_values: 3}


def test_a_cpr_number_keeps_its_digest_through_rotation(old_values: str) -> None:
    digests = sorted(DataSubject.objects.values_list("cpr_digest", flat=True))
    with override_settings(FIELD_ENCRYPTION_KEYS=rotated_ring()):
        rotate_keys(actor=ACTOR)
    assert sorted(DataSubject.objects.values_list("cpr_digest", flat=True)) == digests
    assert CPR not in str(list(DataSubject.objects.values_list("cpr_encrypted", flat=True)))
