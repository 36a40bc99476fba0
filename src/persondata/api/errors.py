"""How the API answers when something is wrong: always JSON ``{"detail": ...}``.

- 400: the body is not JSON at all;
- 401: no API key, an unknown one, or a revoked one (with ``WWW-Authenticate``);
- 403: the key lacks the operation's scope (``required_scope`` names it);
- 404: an unknown subject, record, relationship or hold;
- 422: the request does not fit the schema (``errors`` lists each field), or
  the register refused it (RegisterError: its message names the field);
- 500: a stored sensitive value could not be decrypted (a key problem).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from persondata.accounts.tokens import ApiKeyError
from persondata.api.auth import InvalidApiKey, MissingScope
from persondata.lib.crypto import CryptoError
from persondata.subjects.checks import RegisterError
from persondata.subjects.validation import InvalidValue

# Parts of a location that name ninja's parameter containers, not a field.
_CONTAINERS = {"payload", "body", "query", "path", "params", "filters"}
_WHERE = {"body", "query", "path", "header", "cookie", "form"}


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """ninja's validation errors as ``[{"field": "body.email", "message": ...}]``."""
    found: list[dict[str, str]] = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        where = loc[0] if loc and loc[0] in _WHERE else ""
        names = [part for part in loc[1 if where else 0 :] if part not in _CONTAINERS]
        field = ".".join([where, *names]) if where else ".".join(names) or "request"
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        found.append({"field": field or where, "message": message})
    return found


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers above on ``api``."""

    # Handlers take ``exc: object``: ninja may pass an exception or its class.
    def respond(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        response = respond(
            request,
            401,
            detail="no API key: send the header 'Authorization: Bearer <API key>' "
            "(create a key with 'persondata apikeys create NAME --scope read')",
        )
        response["WWW-Authenticate"] = 'Bearer realm="persondata"'
        return response

    def invalid_key(request: HttpRequest, exc: object) -> HttpResponse:
        response = respond(request, 401, detail=str(exc))
        response["WWW-Authenticate"] = 'Bearer realm="persondata", error="invalid_token"'
        return response

    def missing_scope(request: HttpRequest, exc: object) -> HttpResponse:
        return respond(request, 403, detail=str(exc), required_scope=getattr(exc, "scope", ""))

    def invalid_request(request: HttpRequest, exc: object) -> HttpResponse:
        errors = field_errors(list(getattr(exc, "errors", [])))
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return respond(request, 422, detail=summary or "the request is not valid", errors=errors)

    def refused(request: HttpRequest, exc: object) -> HttpResponse:
        return respond(request, 422, detail=str(exc))

    def undecryptable(request: HttpRequest, exc: object) -> HttpResponse:
        return respond(
            request,
            500,
            detail="a stored sensitive value could not be decrypted; check the field "
            "encryption keys (PERSONDATA_FIELD_KEYS). Nothing was revealed.",
        )

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(InvalidApiKey, invalid_key)
    api.add_exception_handler(MissingScope, missing_scope)
    api.add_exception_handler(ValidationError, invalid_request)
    for error in (RegisterError, InvalidValue, ApiKeyError):
        api.add_exception_handler(error, refused)
    api.add_exception_handler(CryptoError, undecryptable)
