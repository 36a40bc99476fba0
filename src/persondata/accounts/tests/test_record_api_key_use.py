"""record_api_key_use: last_used_at is written at most once a minute."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from persondata.accounts.actions import create_api_key, record_api_key_use
from persondata.accounts.models import ApiKey
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_first_use_is_stamped(frozen_now: datetime) -> None:
    key = create_api_key(actor="cli", name="crm", scopes=["read"]).key
    assert record_api_key_use(key=key)
    assert ApiKey.objects.get().last_used_at == frozen_now
    assert key.last_used_at == frozen_now


def test_uses_within_a_minute_write_nothing(frozen_now: datetime) -> None:
    key = create_api_key(actor="cli", name="crm", scopes=["read"]).key
    record_api_key_use(key=key)
    later = frozen_now + timedelta(seconds=59)
    assert not record_api_key_use(key=key, now=later)
    assert ApiKey.objects.get().last_used_at == frozen_now


def test_a_use_after_a_minute_is_stamped_again(frozen_now: datetime) -> None:
    key = create_api_key(actor="cli", name="crm", scopes=["read"]).key
    record_api_key_use(key=key)
    later = frozen_now + timedelta(minutes=1, seconds=1)
    assert record_api_key_use(key=key, now=later)
    assert ApiKey.objects.get().last_used_at == later


def test_stamping_is_one_query_and_no_audit_entry(frozen_now: datetime) -> None:
    key = create_api_key(actor="cli", name="crm", scopes=["read"]).key
    entries = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        record_api_key_use(key=key)
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].lstrip().upper().startswith("UPDATE")
    assert AuditEntry.objects.count() == entries
