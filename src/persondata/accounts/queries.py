"""Read-only questions about API keys and staff accounts. Nothing here writes."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from persondata.accounts.models import ApiKey
from persondata.accounts.roles import ROLES
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


def role_of(user: User) -> str | None:
    """The user's role (the first role group it belongs to, in the order of
    ROLES), "admin" for a superuser without one, or None."""
    names = set(user.groups.values_list("name", flat=True))
    for role in ROLES:
        if role in names:
            return role
    return "admin" if user.is_superuser else None


def staff_users() -> QuerySet[User]:
    """Every staff account (active or not), by username."""
    return User.objects.filter(is_staff=True).order_by("username").prefetch_related("groups")
