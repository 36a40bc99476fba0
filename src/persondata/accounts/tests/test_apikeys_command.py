"""persondata apikeys create|list|revoke"""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from persondata.accounts.models import ApiKey
from persondata.accounts.tokens import hash_token, looks_like_token
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("apikeys", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_once_and_stores_its_hash(frozen_now: datetime) -> None:
    output = run("create", "crm-sync", "--scope", "read", "--scope", "write")
    lines = output.strip().splitlines()
    token = lines[-1]
    assert looks_like_token(token)
    assert lines[0] == f"created API key {token[:8]} (crm-sync) with scope(s) read, write"
    key = ApiKey.objects.get()
    assert key.secret_hash == hash_token(token)
    assert key.created_by == "persondata apikeys"


def test_create_records_the_given_actor(frozen_now: datetime) -> None:
    run("create", "crm", "--scope", "read", "--actor", "staff:karen")
    assert ApiKey.objects.get().created_by == "staff:karen"
    assert AuditEntry.objects.get(action="apikey.create").actor == "staff:karen"


def test_create_needs_a_scope(frozen_now: datetime) -> None:
    with pytest.raises(CommandError, match="--scope"):
        call_command("apikeys", "create", "crm")
    assert not ApiKey.objects.exists()


def test_create_refuses_an_unknown_scope(frozen_now: datetime) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'admin'"):
        call_command("apikeys", "create", "crm", "--scope", "admin")
    assert not ApiKey.objects.exists()


def test_create_refuses_an_empty_name_with_exit_status_2(frozen_now: datetime) -> None:
    with pytest.raises(CommandError, match="name: is required") as raised:
        run("create", " ", "--scope", "read")
    assert raised.value.returncode == 2
    assert not ApiKey.objects.exists()


def test_list_shows_prefix_name_scopes_and_never_the_token(frozen_now: datetime) -> None:
    token = run("create", "crm-sync", "--scope", "read").strip().splitlines()[-1]
    output = run("list")
    assert token[:8] in output
    assert "crm-sync" in output
    assert "read" in output
    assert "never" in output
    assert token not in output


def test_list_as_json(frozen_now: datetime) -> None:
    token = run("create", "crm-sync", "--scope", "erase").strip().splitlines()[-1]
    rows = json.loads(run("list", "--json"))
    assert rows == [
        {
            "prefix": token[:8],
            "name": "crm-sync",
            "scopes": ["erase"],
            "created_at": "2026-03-02T09:00:00+00:00",
            "created_by": "persondata apikeys",
            "last_used_at": None,
            "revoked_at": None,
            "revoked_by": None,
        }
    ]


def test_list_without_keys_says_how_to_create_one(frozen_now: datetime) -> None:
    assert "persondata apikeys create NAME" in run("list")


def test_revoke_by_prefix_and_list_active_leaves_it_out(frozen_now: datetime) -> None:
    token = run("create", "crm", "--scope", "read").strip().splitlines()[-1]
    assert run("revoke", token[:8]) == f"revoked API key {token[:8]} (crm)\n"
    assert ApiKey.objects.get().is_revoked
    assert token[:8] not in run("list", "--active")
    assert json.loads(run("list", "--json"))[0]["revoked_by"] == "persondata apikeys"


def test_revoke_of_an_unknown_prefix_is_a_usage_error(frozen_now: datetime) -> None:
    with pytest.raises(CommandError, match="no API key has the prefix 'nosuchke'") as raised:
        run("revoke", "nosuchke")
    assert raised.value.returncode == 2


def test_revoking_twice_is_refused(frozen_now: datetime) -> None:
    token = run("create", "crm", "--scope", "read").strip().splitlines()[-1]
    run("revoke", token[:8])
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke", token[:8])
