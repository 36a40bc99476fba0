"""create_api_key: the token is returned once and stored only as a hash."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core import serializers

from persondata.accounts.actions import create_api_key
from persondata.accounts.models import ApiKey
from persondata.accounts.tokens import ApiKeyError, hash_token
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _every_stored_text() -> str:
    """Every column of every row of the key and audit tables."""
    texts = [serializers.serialize("json", ApiKey.objects.all())]
    texts.append(serializers.serialize("json", AuditEntry.objects.all()))
    texts.extend(repr(row) for row in ApiKey.objects.values_list())
    texts.extend(repr(row) for row in AuditEntry.objects.values_list())
    return "\n".join(texts)


def test_the_token_is_returned_and_only_its_hash_is_stored(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="crm-sync", scopes=["read", "write"])
    key = ApiKey.objects.get()
    assert key.secret_hash == hash_token(issued.token)
    assert key.prefix == issued.token[:8]
    stored = _every_stored_text()
    assert issued.token not in stored
    # Not even most of it: only the 8-character prefix is kept in clear.
    assert issued.token[:12] not in stored


def test_the_key_records_name_scopes_creator_and_time(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="  crm-sync ", scopes=["write", "read", "read"])
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert key.name == "crm-sync"
    assert key.scopes == ["read", "write"]
    assert key.created_by == "cli"
    assert key.created_at == frozen_now
    assert key.last_used_at is None
    assert key.revoked_at is None


def test_creating_a_key_is_audited_without_the_secret(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="crm-sync", scopes=["erase"])
    entry = AuditEntry.objects.get(action="apikey.create")
    assert entry.actor == "cli"
    assert entry.object_type == "api_key"
    assert entry.object_id == str(issued.key.pk)
    assert entry.details == {"prefix": issued.key.prefix, "scopes": ["erase"]}


def test_two_keys_get_different_tokens_and_prefixes(frozen_now: datetime) -> None:
    first = create_api_key(actor="cli", name="a", scopes=["read"])
    second = create_api_key(actor="cli", name="a", scopes=["read"])
    assert first.token != second.token
    assert first.key.prefix != second.key.prefix


@pytest.mark.parametrize(
    ("name", "scopes", "message"),
    [
        ("", ["read"], "name: is required"),
        ("crm", [], "scopes: give at least one"),
        ("crm", ["read", "admin"], "scopes: 'admin' is not a scope"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    frozen_now: datetime, name: str, scopes: list[str], message: str
) -> None:
    with pytest.raises(ApiKeyError, match=message):
        create_api_key(actor="cli", name=name, scopes=scopes)
    assert not ApiKey.objects.exists()
    assert not AuditEntry.objects.filter(action="apikey.create").exists()
