"""Subjects appear in the trail only as an HMAC pseudonym of their stable key (SPEC 6)."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.audit.actions import subject_pseudonym, write_audit_entry
from persondata.audit.chain import pseudonym

keys = st.text(min_size=1, max_size=80)
values = st.text(max_size=200)


@given(key=keys, value=values)
def test_the_pseudonym_is_stable_for_the_same_key(key, value):
    assert pseudonym(key, value) == pseudonym(key, value)


@given(key=keys, other_key=keys, value=values)
def test_the_pseudonym_differs_under_another_key(key, other_key, value):
    if key != other_key:
        assert pseudonym(key, value) != pseudonym(other_key, value)


@given(key=keys, value=values)
def test_the_pseudonym_is_never_the_input(key, value):
    result = pseudonym(key, value)
    assert result != value
    assert len(result) == 64
    assert int(result, 16) >= 0


@given(key=keys, first=values, second=values)
def test_different_subjects_get_different_pseudonyms(key, first, second):
    if first != second:
        assert pseudonym(key, first) != pseudonym(key, second)


def test_the_pseudonym_is_hmac_sha256_of_the_key_and_value():
    expected = hmac.new(b"k", b"subject", hashlib.sha256).hexdigest()
    assert pseudonym("k", "subject") == expected
    assert pseudonym("k", "subject") != hashlib.sha256(b"subject").hexdigest()


def test_the_subject_pseudonym_uses_the_configured_audit_key(settings):
    settings.AUDIT_PSEUDONYM_KEY = "first key"
    first = subject_pseudonym("3f1c9a5e-0000-4000-8000-000000000001")
    settings.AUDIT_PSEUDONYM_KEY = "second key"
    second = subject_pseudonym("3f1c9a5e-0000-4000-8000-000000000001")
    assert first != second
    assert first == pseudonym("first key", "3f1c9a5e-0000-4000-8000-000000000001")


@pytest.mark.django_db
def test_an_entry_stores_the_pseudonym_and_never_the_subject_key():
    key = str(uuid.uuid4())
    entry = write_audit_entry(action="subject.create", actor="staff", subject_key=key)
    entry.refresh_from_db()
    assert entry.subject_ref == subject_pseudonym(key)
    assert key not in entry.subject_ref
    assert key not in str(entry.details)


@pytest.mark.django_db
def test_an_entry_without_a_subject_has_an_empty_reference():
    entry = write_audit_entry(action="policy.apply", actor="staff")
    assert entry.subject_ref == ""
