"""Marketing eligibility over HTTP: ``POST /api/v1/marketing/eligibility``.

The body is JSON ``{"channel": "email" | "sms", "addresses": [...]}``; the
answer streams one JSON object per line (``application/x-ndjson``), in the
order of the addresses: ``{"address", "eligible", "reason"}``. An address
that is not in the register is ``not eligible``, the same answer as a
registered person without any ground, so the answer reveals nothing about
who is registered.

The body is read here rather than by ninja, within
PERSONDATA_ELIGIBILITY_MAX_BYTES instead of Django's 2.5 MB limit for
request bodies, so that a list of a million addresses fits in one call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring_ascii
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router
from ninja.errors import HttpError
from pydantic import BaseModel, Field, ValidationError

from persondata.api.auth import READ, request_key
from persondata.api.errors import field_errors
from persondata.api.schemas import Error
from persondata.consent.actions import record_list_check
from persondata.consent.eligibility import check_many

router = Router(tags=["marketing"])

NDJSON = "application/x-ndjson"
# Lines per chunk of the streamed answer.
LINES_PER_WRITE = 2000


class EligibilityIn(BaseModel):
    """A list of addresses to check for one channel."""

    channel: Literal["email", "sms"] = Field(description="email, or sms for phone numbers")
    addresses: list[str] = Field(
        description="e-mail addresses (channel email) or phone numbers (channel sms)"
    )


class EligibilityLine(BaseModel):
    """One line of the answer."""

    address: str = Field(description="the address as it was sent")
    eligible: bool
    reason: str = Field(
        description="e.g. 'consent newsletter v2 given 2026-01-03', 'objected 2026-02-01', "
        "'restricted', 'existing customer (markedsføringsloven § 10, stk. 2)' or 'not eligible'"
    )


OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": EligibilityIn.model_json_schema()}},
    },
    "responses": {
        200: {
            "description": "one EligibilityLine as JSON per line, in the order of the addresses",
            "content": {NDJSON: {"schema": EligibilityLine.model_json_schema()}},
        }
    },
}


def _read_body(request: HttpRequest) -> bytes:
    limit = settings.ELIGIBILITY_MAX_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise HttpError(
            413,
            f"body: {declared} bytes is more than the {limit} this endpoint reads "
            "(PERSONDATA_ELIGIBILITY_MAX_BYTES); split the list",
        )
    body = request.read(limit + 1)
    if len(body) > limit:
        raise HttpError(413, f"body: more than the {limit} bytes this endpoint reads; split it")
    return body


def _payload(request: HttpRequest) -> EligibilityIn:
    try:
        data: Any = json.loads(_read_body(request))
    except (ValueError, UnicodeDecodeError):
        raise HttpError(
            400, 'body: is not JSON; send {"channel": ..., "addresses": [...]}'
        ) from None
    try:
        return EligibilityIn.model_validate(data)
    except ValidationError as exc:
        errors = field_errors([{**error, "loc": ("body", *error["loc"])} for error in exc.errors()])
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise HttpError(422, summary) from None


def _lines(payload: EligibilityIn, actor: str) -> Iterator[bytes]:
    eligible = 0
    buffer: list[str] = []
    # The same few answers repeat over a list: encode each one once, found by
    # its reason (a string keeps its hash; an Eligibility computes its own).
    tails: tuple[dict[str, str], dict[str, str]] = ({}, {})
    # What json.dumps does for a string, without its per-call overhead.
    quote = encode_basestring_ascii
    answers = check_many(payload.addresses, payload.channel)
    for address, answer in zip(payload.addresses, answers, strict=True):
        known = tails[answer.eligible]
        tail = known.get(answer.reason)
        if tail is None:
            fields = json.dumps({"eligible": answer.eligible, "reason": answer.reason})
            tail = known[answer.reason] = ", " + fields[1:]
        eligible += answer.eligible
        buffer.append('{"address": ' + quote(address) + tail)
        if len(buffer) >= LINES_PER_WRITE:
            yield ("\n".join(buffer) + "\n").encode("utf-8")
            buffer.clear()
    if buffer:
        yield ("\n".join(buffer) + "\n").encode("utf-8")
    record_list_check(
        actor=actor,
        channel=payload.channel,
        checked=len(payload.addresses),
        eligible=eligible,
        via="api",
    )


@router.post(
    "/eligibility",
    response={400: Error, 401: Error, 403: Error, 413: Error, 422: Error},
    auth=READ,
    openapi_extra=OPENAPI,
)
def eligibility(request: HttpRequest) -> StreamingHttpResponse:
    """Who on the list may receive marketing on the channel now, and why the
    rest may not. Streams JSON lines, so a million addresses fit in one call."""
    payload = _payload(request)
    actor = request_key(request).actor_label
    response = StreamingHttpResponse(_lines(payload, actor), content_type=NDJSON)
    response["Cache-Control"] = "no-store"
    return response
