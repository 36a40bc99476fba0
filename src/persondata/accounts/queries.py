"""Read-only questions about API keys. Nothing here writes."""

from __future__ import annotations

from django.db.models import QuerySet

from persondata.accounts.models import ApiKey
from persondata.accounts.tokens import hash_token, looks_like_token


def api_key_for_token(token: str) -> ApiKey | None:
    """The key whose secret is ``token``, revoked or not, or None.

    Looks the key up by the SHA-256 of the token (one indexed query); a text
    that does not have a token's shape is refused without a query.
    """
    if not looks_like_token(token):
        return None
    return ApiKey.objects.filter(secret_hash=hash_token(token)).first()


def api_key_by_prefix(prefix: str) -> ApiKey | None:
    """The key with this prefix (the 8 characters shown in listings), or None."""
    return ApiKey.objects.filter(prefix=prefix.strip()).first()


def api_keys(*, include_revoked: bool = True) -> QuerySet[ApiKey]:
    """Every key, oldest first; without the revoked ones if asked."""
    keys = ApiKey.objects.order_by("created_at", "id")
    return keys if include_revoked else keys.filter(revoked_at__isnull=True)
