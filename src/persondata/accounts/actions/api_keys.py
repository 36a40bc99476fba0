"""Changes to API keys. Each runs in one transaction with its audit entry;
the audit trail names a key by its id and prefix, never by its secret."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from persondata.accounts.models import ApiKey
from persondata.accounts.tokens import (
    ApiKeyError,
    clean_name,
    clean_scopes,
    hash_token,
    new_token,
    token_prefix,
)
from persondata.audit.actions import write_audit_entry

__all__ = ["ApiKeyError", "IssuedApiKey", "create_api_key", "record_api_key_use", "revoke_api_key"]

# How stale ``last_used_at`` may get before a request writes it again: one
# small UPDATE a minute per key instead of one per request.
USE_STAMP_INTERVAL = timedelta(minutes=1)
_PREFIX_ATTEMPTS = 5


@dataclass(frozen=True)
class IssuedApiKey:
    """A new key and its token. The token exists only here: show it once."""

    key: ApiKey
    token: str


def create_api_key(*, actor: str, name: str, scopes: Iterable[str]) -> IssuedApiKey:
    """Create a key with ``scopes`` (a subset of read, write, erase).

    Returns the key with its full token, which is not stored and cannot be
    shown again. Raises ApiKeyError, writing nothing, for an empty or
    over-long name or an unknown or missing scope.
    """
    clean = clean_name(name)
    chosen = clean_scopes(scopes)
    with transaction.atomic():
        token = new_token()
        # Prefixes are 48 random bits; a clash is unlikely but must not fail.
        for _ in range(_PREFIX_ATTEMPTS):
            if not ApiKey.objects.filter(prefix=token_prefix(token)).exists():
                break
            token = new_token()
        else:  # pragma: no cover - five clashes of 48 random bits in a row
            raise RuntimeError("could not find an unused API key prefix; try again")
        key = ApiKey.objects.create(
            name=clean,
            prefix=token_prefix(token),
            secret_hash=hash_token(token),
            scopes=chosen,
            created_at=timezone.now(),
            created_by=actor,
        )
        write_audit_entry(
            action="apikey.create",
            actor=actor,
            object_type="api_key",
            object_id=str(key.pk),
            details={"prefix": key.prefix, "scopes": chosen},
        )
    return IssuedApiKey(key=key, token=token)


def revoke_api_key(*, actor: str, key: ApiKey) -> ApiKey:
    """Revoke the key now; every later request with it gets 401.

    Raises ApiKeyError if it was already revoked (nothing changes).
    """
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            raise ApiKeyError(
                f"API key {key.prefix} was already revoked on "
                f"{timezone.localdate(key.revoked_at).isoformat()} by {key.revoked_by}"
            )
        key.revoked_at = timezone.now()
        key.revoked_by = actor
        key.save(update_fields=["revoked_at", "revoked_by"])
        write_audit_entry(
            action="apikey.revoke",
            actor=actor,
            object_type="api_key",
            object_id=str(key.pk),
            details={"prefix": key.prefix},
        )
    return key


def record_api_key_use(*, key: ApiKey, now: datetime | None = None) -> bool:
    """Stamp ``last_used_at`` if it is older than a minute; True if it wrote.

    One conditional UPDATE, no audit entry: the stamp is bookkeeping about
    the key's use, not a change to who may do what, and the API's actions
    write their own entries naming the key as actor.
    """
    now = now or timezone.now()
    stale = now - USE_STAMP_INTERVAL
    updated = (
        ApiKey.objects.filter(pk=key.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale))
        .update(last_used_at=now)
    )
    if updated:
        key.last_used_at = now
    return bool(updated)
