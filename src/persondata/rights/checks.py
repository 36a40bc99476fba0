"""What the rights workflow accepts: input checked before anything is written.

Each function returns the clean value or raises ``RightsError`` with a
message that names the field and says what would be right. No database.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.functional import Promise

from persondata.lib.refusals import TranslatableRefusal
from persondata.rights.models import RightsRequest
from persondata.subjects import validation

MAX_NAME = 200
MAX_MESSAGE = 5000
MAX_REASON = 2000


class RightsError(TranslatableRefusal):
    """Input or a step the rights workflow refuses; nothing was changed.

    ``str()`` is English (CLI, API); ``localized()`` is the page's language."""


def clean_choice(value: str, *, field: str, choices: list[str]) -> str:
    """``value`` if it is one of ``choices``; RightsError naming them otherwise."""
    if value not in choices:
        raise RightsError(f"{field}: '{value}' is not one of {', '.join(choices)}")
    return value


def clean_kind(value: str) -> str:
    return clean_choice(value, field="kind", choices=list(RightsRequest.Kind.values))


def clean_channel(value: str) -> str:
    return clean_choice(value, field="channel", choices=list(RightsRequest.Channel.values))


def clean_language(value: str) -> str:
    return clean_choice(value, field="language", choices=list(RightsRequest.Language.values))


def clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    """``value`` without surrounding spaces; RightsError if it is longer than
    ``limit`` characters, holds a card number, or is empty and ``required``."""
    if not isinstance(value, str):
        raise RightsError(f"{field}: give a text, not {type(value).__name__}")
    text = value.strip()
    if required and not text:
        raise RightsError(f"{field}: is required")
    if len(text) > limit:
        raise RightsError(f"{field}: is {len(text)} characters long; the most is {limit}")
    try:
        validation.refuse_card_number(text, field=field)
    except validation.InvalidValue as exc:
        raise RightsError.saying([exc]) from None
    return text


def clean_email(value: str, *, field: str, required: bool = False) -> str:
    """The address in normal form ("" when empty and not ``required``)."""
    if not isinstance(value, str):
        raise RightsError(f"{field}: give an e-mail address as text")
    if not value.strip():
        if required:
            raise RightsError(f"{field}: is required")
        return ""
    try:
        return validation.normalise_email(value, field=field)
    except validation.InvalidValue as exc:
        raise RightsError.saying([exc]) from None


def clean_received_at(value: datetime | None, *, now: datetime) -> datetime:
    """``value`` or ``now``; RightsError for a naive time or one in the future."""
    if value is None:
        return now
    if not isinstance(value, datetime):
        raise RightsError("received_at: give a date and time with a time zone")
    if timezone.is_naive(value):
        raise RightsError("received_at: give a time with a time zone")
    if value > now:
        raise RightsError(f"received_at: {value.isoformat()} is in the future")
    return value


def require_verified(rights_request: RightsRequest, message: str | Promise) -> None:
    """RightsError(``message``, naming the request as ``%(id)s``) unless the
    request's identity is verified: an unverified request is never carried
    out or changed, so it reveals nothing."""
    if rights_request.verified_at is None:
        raise RightsError(message, id=rights_request.pk)
