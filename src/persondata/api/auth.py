"""API key authentication and scopes for the REST API.

Every operation names the one scope it needs (``ApiKeyAuth("read")``).
A request without a usable key gets 401; a good key without that scope
gets 403; both with a JSON body that says what is wrong. API-key requests
are exempt from CSRF: the key travels in a header a browser never adds by
itself, so another site cannot make a browser send it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from persondata.accounts.actions import record_api_key_use
from persondata.accounts.models import ApiKey
from persondata.accounts.queries import api_key_for_token
from persondata.accounts.tokens import SCOPES


class InvalidApiKey(Exception):
    """The bearer token is not a key, or the key was revoked (HTTP 401)."""


class MissingScope(Exception):
    """The key is good but lacks the operation's scope (HTTP 403)."""

    def __init__(self, *, scope: str, key: ApiKey, operation: str) -> None:
        held = ", ".join(key.scopes) or "none"
        super().__init__(
            f"the API key {key.prefix} lacks the scope '{scope}' that {operation} needs "
            f"(it has: {held}); create a key with --scope {scope}"
        )
        self.scope = scope


class ApiKeyAuth(HttpBearer):
    """Bearer token -> ApiKey, refused when unknown or revoked or without ``scope``."""

    def __init__(self, scope: str) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; choose from {', '.join(SCOPES)}")
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        key = api_key_for_token(token.strip())
        if key is None:
            raise InvalidApiKey(
                "the bearer token is not a valid API key; check that the whole token was sent"
            )
        if key.revoked_at is not None:
            raise InvalidApiKey(
                f"the API key {key.prefix} was revoked on "
                f"{timezone.localdate(key.revoked_at).isoformat()}; ask for a new key"
            )
        record_api_key_use(key=key)
        if not key.has_scope(self.scope):
            raise MissingScope(
                scope=self.scope, key=key, operation=f"{request.method} {request.path}"
            )
        return key


READ = ApiKeyAuth("read")
WRITE = ApiKeyAuth("write")
ERASE = ApiKeyAuth("erase")


def request_key(request: HttpRequest) -> ApiKey:
    """The ApiKey that authenticated ``request`` (set by ApiKeyAuth)."""
    key = getattr(request, "auth", None)
    if not isinstance(key, ApiKey):  # pragma: no cover - every route has auth
        raise RuntimeError("the route has no API key authentication")
    return key
