"""revoke_api_key: audited once; a second revocation is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from persondata.accounts.actions import create_api_key, revoke_api_key
from persondata.accounts.models import ApiKey
from persondata.accounts.tokens import ApiKeyError
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_revoking_stamps_who_and_when_and_is_audited(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="crm", scopes=["read"])
    revoke_api_key(actor="staff:karen", key=issued.key)
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert key.is_revoked
    assert key.revoked_at == frozen_now
    assert key.revoked_by == "staff:karen"
    entry = AuditEntry.objects.get(action="apikey.revoke")
    assert entry.actor == "staff:karen"
    assert entry.details == {"prefix": key.prefix}


def test_a_key_cannot_be_revoked_twice(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="crm", scopes=["read"])
    revoke_api_key(actor="staff:karen", key=issued.key)
    with pytest.raises(ApiKeyError, match=r"already revoked on 2026-03-02 by staff:karen"):
        revoke_api_key(actor="staff:ole", key=issued.key)
    assert ApiKey.objects.get().revoked_by == "staff:karen"
    assert AuditEntry.objects.filter(action="apikey.revoke").count() == 1


def test_a_stale_copy_of_a_revoked_key_is_still_refused(frozen_now: datetime) -> None:
    issued = create_api_key(actor="cli", name="crm", scopes=["read"])
    stale = ApiKey.objects.get(pk=issued.key.pk)
    revoke_api_key(actor="staff:karen", key=issued.key)
    with pytest.raises(ApiKeyError, match="already revoked"):
        revoke_api_key(actor="staff:ole", key=stale)
