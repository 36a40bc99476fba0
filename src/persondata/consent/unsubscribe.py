"""One-click unsubscribe links: ``/u/<token>`` and the RFC 8058 mail headers.

A token is ``<purpose>:<payload>:<signature>``: the purpose in clear, then
``django.core.signing`` over the subject's stable key and the link
generation, salted with the purpose, so a token for one purpose cannot be
turned into one for another. Tokens never expire; they are revoked by
raising the subject's generation for the purpose
(``actions.revoke_unsubscribe_links``). The purpose ``-`` (OBJECTION_LINKS)
marks a link that objects to all direct marketing: the right to refuse
that markedsføringsloven § 10, stk. 2 requires in every message sent
under the existing-customer exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from persondata.consent.actions import OBJECTION_LINKS
from persondata.consent.models import UnsubscribeGeneration
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject

SALT = "persondata.consent.unsubscribe:"


class InvalidLink(ValueError):
    """The token is forged, altered, revoked, or its subject or purpose is gone."""


@dataclass(frozen=True)
class UnsubscribeLink:
    """What a valid token stands for."""

    subject: DataSubject
    purpose: str

    @property
    def objects_to_all(self) -> bool:
        return self.purpose == OBJECTION_LINKS


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=SALT + purpose)


def _generation(subject_id: int, purpose: str) -> int:
    row = UnsubscribeGeneration.objects.filter(subject_id=subject_id, purpose=purpose).first()
    return row.generation if row is not None else 0


def _check_purpose(purpose: str) -> None:
    if purpose == OBJECTION_LINKS:
        return
    declaration = current_declaration()
    if declaration is None or purpose not in declaration.consent_purposes:
        raise ValueError(
            f"purpose: '{purpose}' is not a consent purpose of the applied declaration; "
            f"use a declared purpose or '{OBJECTION_LINKS}' (object to all direct marketing)"
        )


def make_token(subject: DataSubject, purpose: str) -> str:
    """The subject's current token for ``purpose``. Raises ValueError for a
    purpose that is neither declared nor OBJECTION_LINKS."""
    _check_purpose(purpose)
    payload = {"s": str(subject.key), "g": _generation(subject.pk, purpose)}
    return f"{purpose}:{_signer(purpose).sign_object(payload)}"


def read_token(token: str) -> UnsubscribeLink:
    """The subject and purpose of a valid token; InvalidLink for anything else
    (a bad signature, a revoked generation, an erased subject, a purpose the
    declaration no longer has)."""
    purpose, _sep, signed = token.partition(":")
    if not purpose or not signed:
        raise InvalidLink("the token has no purpose part")
    try:
        payload: Any = _signer(purpose).unsign_object(signed)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise InvalidLink("the signature does not match") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("g"), int):
        raise InvalidLink("the payload is not a link")
    subject = DataSubject.objects.filter(key=str(payload.get("s"))).first()
    if subject is None:
        raise InvalidLink("the subject is not in the register")
    if payload["g"] != _generation(subject.pk, purpose):
        raise InvalidLink("the link was revoked")
    try:
        _check_purpose(purpose)
    except ValueError:
        raise InvalidLink("the purpose is no longer declared") from None
    return UnsubscribeLink(subject=subject, purpose=purpose)


def unsubscribe_url(subject: DataSubject, purpose: str) -> str:
    """The absolute address of the subject's link (PERSONDATA_PUBLIC_URL + /u/<token>)."""
    path = reverse("consent:unsubscribe", kwargs={"token": make_token(subject, purpose)})
    return settings.PUBLIC_URL.rstrip("/") + path


def unsubscribe_headers(subject: DataSubject, purpose: str) -> dict[str, str]:
    """The mail headers for one-click unsubscribe (RFC 2369 and RFC 8058).

    Put them on every marketing message for ``purpose`` (or OBJECTION_LINKS
    on messages sent under the existing-customer exception). RFC 8058 also
    requires a valid DKIM signature covering both headers; that is the
    sending mail system's job. Raises ValueError for an unknown purpose.
    """
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subject, purpose)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
